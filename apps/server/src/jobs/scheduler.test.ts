import { randomBytes } from 'node:crypto';
import { type KyselyPlugin, sql } from 'kysely';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterTestFile, describeEachDialect, freshDatabaseUrl } from '../../test/databases.ts';
import { type Database, type Dialect, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Deps } from '../deps.ts';
import { createScheduler, type Job, type Scheduler } from './scheduler.ts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-01T09:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

/** Log lines as objects, to assert what the scheduler reports. */
function recordingLog() {
  const lines: Array<{ level: number; msg: string; job?: string }> = [];
  const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

function depsOf(database: Database, now: () => Date = () => new Date(T0)): Deps {
  return {
    db: database.db,
    dialect: database.dialect,
    now,
    secretKey: randomBytes(32),
    mailer: { configured: false, send: async () => {}, close: () => {} },
    publicUrl: 'http://127.0.0.1:3000',
  };
}

/** A promise the test resolves by hand: a job that waits on it is "running" until then. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** A job that records each run (the `now` it was given) and can be told to fail or to wait. */
function recordingJob(
  name: string,
  intervalMs: number,
  behaviour: (run: number) => Promise<void> = async () => {},
) {
  const runs: string[] = [];
  let active = 0;
  let maxActive = 0;
  const job: Job = {
    name,
    intervalMs,
    run: async (_deps, now) => {
      runs.push(now.toISOString());
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        await behaviour(runs.length);
      } finally {
        active--;
      }
    },
  };
  return { job, runs, maxActive: () => maxActive };
}

async function jobRow(database: Database, name: string) {
  return database.db.selectFrom('scheduler_jobs').selectAll().where('name', '=', name).executeTakeFirst();
}

async function openMigrated(url: string): Promise<Database> {
  const database = await openDatabase(url);
  afterTestFile(() => database.close());
  return database;
}

describeEachDialect('scheduler', (dialect: Dialect) => {
  let url: string;
  let database: Database;

  beforeAll(async () => {
    url = await freshDatabaseUrl(dialect);
    database = await openMigrated(url);
    await migrateToLatest(database.db);
  });

  function scheduler(jobs: Job[], log = recordingLog().log, tickMs = MINUTE): Scheduler {
    return createScheduler(depsOf(database), jobs, { tickMs, log });
  }

  it('runs a job that never ran, not again before its interval has passed, then again', async () => {
    const { job, runs } = recordingJob('test.interval', 10 * MINUTE);
    const s = scheduler([job]);
    expect(await s.runDue(at(0))).toEqual([{ name: 'test.interval', outcome: 'ran' }]);
    expect(await jobRow(database, 'test.interval')).toEqual({
      name: 'test.interval',
      last_run_at: at(0).toISOString(),
      last_error: null,
    });
    expect(await s.runDue(at(10 * MINUTE - 1))).toEqual([{ name: 'test.interval', outcome: 'not_due' }]);
    // another scheduler (a restart) reads the same record
    expect(await scheduler([job]).runDue(at(5 * MINUTE))).toEqual([
      { name: 'test.interval', outcome: 'not_due' },
    ]);
    expect(await s.runDue(at(10 * MINUTE))).toEqual([{ name: 'test.interval', outcome: 'ran' }]);
    expect(runs).toEqual([at(0).toISOString(), at(10 * MINUTE).toISOString()]);
    expect((await jobRow(database, 'test.interval'))?.last_run_at).toBe(at(10 * MINUTE).toISOString());
  });

  it('records and logs a failing job, still runs the others, and clears the error on its next success', async () => {
    const before = recordingJob('test.fail.before', MINUTE);
    const failing = recordingJob('test.fail', MINUTE, async (run) => {
      if (run === 1) throw new Error('the mail server is down');
      if (run === 2) throw 'a bare string';
    });
    const after = recordingJob('test.fail.after', MINUTE);
    const { log, lines } = recordingLog();
    const s = scheduler([before.job, failing.job, after.job], log);

    expect(await s.runDue(at(0))).toEqual([
      { name: 'test.fail.before', outcome: 'ran' },
      { name: 'test.fail', outcome: 'failed' },
      { name: 'test.fail.after', outcome: 'ran' },
    ]);
    expect(await jobRow(database, 'test.fail')).toEqual({
      name: 'test.fail',
      last_run_at: at(0).toISOString(),
      last_error: 'the mail server is down',
    });
    expect(await jobRow(database, 'test.fail.after')).toMatchObject({ last_error: null });
    const errors = lines.filter((line) => line.level === 50);
    expect(errors).toEqual([
      expect.objectContaining({
        job: 'test.fail',
        msg: 'scheduled job test.fail failed: the mail server is down',
      }),
    ]);

    // a failed run counts as a run: it is due again after its interval, not on every tick
    expect((await s.runDue(at(1))).map((r) => r.outcome)).toEqual(['not_due', 'not_due', 'not_due']);
    expect((await s.runDue(at(MINUTE))).map((r) => r.outcome)).toEqual(['ran', 'failed', 'ran']);
    expect((await jobRow(database, 'test.fail'))?.last_error).toBe('a bare string');
    expect((await s.runDue(at(2 * MINUTE))).map((r) => r.outcome)).toEqual(['ran', 'ran', 'ran']);
    expect(await jobRow(database, 'test.fail')).toEqual({
      name: 'test.fail',
      last_run_at: at(2 * MINUTE).toISOString(),
      last_error: null,
    });
    expect(failing.runs).toHaveLength(3);
  });

  it('never overlaps ticks in one process: a second call waits and finds the job already run', async () => {
    const release = gate();
    const slow = recordingJob('test.overlap', MINUTE, () => release.opened);
    const s = scheduler([slow.job]);
    const first = s.runDue(at(0));
    const second = s.runDue(at(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slow.runs).toHaveLength(1);
    release.open();
    expect(await first).toEqual([{ name: 'test.overlap', outcome: 'ran' }]);
    expect(await second).toEqual([{ name: 'test.overlap', outcome: 'not_due' }]);
    expect(slow.maxActive()).toBe(1);
  });

  it('ticks on its own once started, and stop() waits for the running tick', async () => {
    const release = gate();
    const started = gate();
    const slow = recordingJob('test.timer', 10 * MINUTE, async () => {
      started.open();
      await release.opened;
    });
    let clock = T0;
    const s = createScheduler(
      depsOf(database, () => new Date(clock)),
      [slow.job],
      {
        tickMs: 10,
        log: recordingLog().log,
      },
    );
    s.start();
    s.start();
    await started.opened;
    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    // ticks keep coming every 10 ms while the job runs: none may start a second run
    clock += 20 * MINUTE;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(slow.runs).toEqual([new Date(T0).toISOString()]);
    expect((await jobRow(database, 'test.timer'))?.last_run_at).toBe(new Date(T0).toISOString());
    // stopped: no more ticks, even though the job is due again
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(slow.runs).toHaveLength(1);
  });

  it('refuses two jobs with the same name', () => {
    const a = recordingJob('test.same', MINUTE).job;
    expect(() => scheduler([a, { ...a }])).toThrow('every scheduled job needs a name of its own');
  });

  it('checks the last run again right before running: a run recorded meanwhile by another node is not repeated', async () => {
    const { job, runs } = recordingJob('test.recheck', 10 * MINUTE);
    await scheduler([job]).runDue(at(0));
    // Between the scheduler's first look (the job is due) and its run, another node runs the job and
    // records it: a plugin holds back the result of that first look until the other node has committed.
    const other = dialect === 'postgres' ? await openMigrated(url) : database;
    const otherNodeRuns = async () => {
      await other.db.transaction().execute(async (tx) => {
        if (dialect === 'postgres') {
          await sql`select pg_advisory_xact_lock(hashtext('vigil:job:test.recheck'))`.execute(tx);
        }
        await tx
          .updateTable('scheduler_jobs')
          .set({ last_run_at: at(10 * MINUTE).toISOString() })
          .where('name', '=', 'test.recheck')
          .execute();
      });
    };
    let armed = true;
    const plugin: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (armed) {
          armed = false;
          await otherNodeRuns();
        }
        return args.result;
      },
    };
    const held = createScheduler({ ...depsOf(database), db: database.db.withPlugin(plugin) }, [job], {
      tickMs: MINUTE,
      log: recordingLog().log,
    });
    expect(await held.runDue(at(10 * MINUTE))).toEqual([{ name: 'test.recheck', outcome: 'not_due' }]);
    expect(armed).toBe(false);
    expect(runs).toEqual([at(0).toISOString()]);
    expect((await jobRow(database, 'test.recheck'))?.last_run_at).toBe(at(10 * MINUTE).toISOString());
  });

  describe.skipIf(dialect !== 'postgres')('on several nodes (PostgreSQL)', () => {
    it('runs a job once when two nodes race for it, each with its own pool', async () => {
      const other = await openMigrated(url);
      const runs: string[] = [];
      const job = (node: string): Job => ({
        name: 'test.race',
        intervalMs: 10 * MINUTE,
        run: async () => {
          runs.push(node);
          await new Promise((resolve) => setTimeout(resolve, 100));
        },
      });
      const a = createScheduler(depsOf(database), [job('a')], { tickMs: MINUTE, log: recordingLog().log });
      const b = createScheduler(depsOf(other), [job('b')], { tickMs: MINUTE, log: recordingLog().log });
      for (const round of [0, 10 * MINUTE, 20 * MINUTE]) {
        const reports = await Promise.all([a.runDue(at(round)), b.runDue(at(round))]);
        const outcomes = reports.map((r) => r[0]?.outcome);
        // one node ran it; the other found it locked (busy) or, once it had the lock, already run
        expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'busy' || o === 'not_due')).toHaveLength(1);
      }
      expect(runs).toHaveLength(3);
    });

    it('skips a job while another node holds its lock', async () => {
      const other = await openMigrated(url);
      const { job, runs } = recordingJob('test.locked', 10 * MINUTE);
      const s = scheduler([job]);
      const finish = gate();
      const holding = gate();
      // another node is running the job: it holds the lock in an open transaction...
      const otherNode = other.db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(hashtext('vigil:job:test.locked'))`.execute(tx);
        holding.open();
        await finish.opened;
        // ...and records its run before it commits
        await tx
          .insertInto('scheduler_jobs')
          .values({ name: 'test.locked', last_run_at: at(0).toISOString(), last_error: null })
          .execute();
      });
      await holding.opened;
      expect(await s.runDue(at(0))).toEqual([{ name: 'test.locked', outcome: 'busy' }]);
      expect(await jobRow(database, 'test.locked')).toBeUndefined();
      finish.open();
      await otherNode;
      expect(await s.runDue(at(1))).toEqual([{ name: 'test.locked', outcome: 'not_due' }]);
      expect(await s.runDue(at(10 * MINUTE))).toEqual([{ name: 'test.locked', outcome: 'ran' }]);
      expect(runs).toEqual([at(10 * MINUTE).toISOString()]);
    });
  });
});
