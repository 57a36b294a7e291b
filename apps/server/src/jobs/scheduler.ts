import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import type { Deps } from '../deps.ts';
import * as repo from './scheduler.repo.ts';

/** Work the scheduler runs at most once per interval, across every node of the instance. */
export interface Job {
  /** Stable and unique: the job's row in `scheduler_jobs` and the key of its lock. */
  name: string;
  /** The least time between two runs (by the `now` the scheduler passes). */
  intervalMs: number;
  /**
   * Does the work with the platform's services; its own transactions, mail after commit. It must be
   * idempotent: a node that dies after the work but before its run is recorded leaves it to run again.
   */
  run(deps: Deps, now: Date): Promise<void>;
}

/** What a tick did with one job: `busy` means another node was running it. */
export type JobOutcome = 'ran' | 'failed' | 'not_due' | 'busy';
export interface JobReport {
  name: string;
  outcome: JobOutcome;
}

export interface Scheduler {
  /** Runs a tick now and then every `tickMs`; a tick still running when the next is due is not doubled. */
  start(): void;
  /** No more ticks; resolves once the running tick, if any, has finished. */
  stop(): Promise<void>;
  /**
   * One tick: every due job, one after the other. Never rejects: a failing job is logged and recorded
   * and the others still run. Calls made while a tick runs wait for it, so ticks never overlap.
   */
  runDue(now: Date): Promise<JobReport[]>;
}

export type SchedulerLog = Pick<FastifyBaseLogger, 'info' | 'error'>;

/** Longest `last_error` kept: enough to diagnose, bounded like every stored text. */
const MAX_ERROR_LENGTH = 2000;

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, MAX_ERROR_LENGTH);
}

function isDue(lastRunAt: string | null, intervalMs: number, now: Date): boolean {
  return lastRunAt === null || now.getTime() - Date.parse(lastRunAt) >= intervalMs;
}

/**
 * The platform's scheduler. Safe on several nodes: on PostgreSQL each job runs while its transaction
 * holds the job's advisory lock (`pg_try_advisory_xact_lock`), so one node at a time runs it and the
 * others skip it; whoever holds the lock checks `last_run_at` again, so a run another node has just
 * finished is not repeated. On SQLite one process owns the database file (the data-directory lock), and
 * its ticks never overlap, so the same re-check needs no lock.
 */
export function createScheduler(
  deps: Deps,
  jobs: readonly Job[],
  options: { tickMs: number; log: SchedulerLog },
): Scheduler {
  const names = new Set(jobs.map((job) => job.name));
  if (names.size !== jobs.length) throw new Error('every scheduled job needs a name of its own');
  const { log } = options;

  /** Runs the job if it is still due, and records the run, through `db` (the lock's transaction on PostgreSQL). */
  async function runIfStillDue(db: Kysely<DB>, job: Job, now: Date): Promise<JobReport> {
    await repo.ensureJob(db, job.name);
    if (!isDue(await repo.lastRunAt(db, job.name), job.intervalMs, now)) {
      return { name: job.name, outcome: 'not_due' };
    }
    const started = Date.now();
    let error: string | null = null;
    try {
      // The job works through the pool, not through `db`: its writes commit on their own, and its mail
      // goes out after they do. The lock's transaction holds one connection meanwhile.
      await job.run(deps, now);
    } catch (cause) {
      error = describeError(cause);
      log.error({ err: cause, job: job.name }, `scheduled job ${job.name} failed: ${error}`);
    }
    await repo.recordRun(db, job.name, now.toISOString(), error);
    if (error === null)
      log.info({ job: job.name, ms: Date.now() - started }, `scheduled job ${job.name} ran`);
    return { name: job.name, outcome: error === null ? 'ran' : 'failed' };
  }

  async function runJob(job: Job, now: Date): Promise<JobReport> {
    try {
      // A cheap look first: most ticks find nothing due and open no transaction.
      if (!isDue(await repo.lastRunAt(deps.db, job.name), job.intervalMs, now)) {
        return { name: job.name, outcome: 'not_due' };
      }
      if (deps.dialect === 'postgres') {
        return await deps.db.transaction().execute(async (tx) => {
          if (!(await repo.tryJobLock(tx, job.name))) return { name: job.name, outcome: 'busy' as const };
          return runIfStillDue(tx, job, now);
        });
      }
      return await runIfStillDue(deps.db, job, now);
    } catch (cause) {
      // The bookkeeping failed (e.g. the database is unreachable): the next tick tries again.
      log.error(
        { err: cause, job: job.name },
        `scheduler could not run ${job.name}: ${describeError(cause)}`,
      );
      return { name: job.name, outcome: 'failed' };
    }
  }

  async function tick(now: Date): Promise<JobReport[]> {
    const reports: JobReport[] = [];
    for (const job of jobs) reports.push(await runJob(job, now));
    return reports;
  }

  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function runDue(now: Date): Promise<JobReport[]> {
    pending++;
    const run = tail.then(() => tick(now)).finally(() => pending--);
    tail = run.catch(() => {});
    return run;
  }

  return {
    start() {
      if (timer !== undefined || stopped) return;
      const onTick = () => {
        if (pending === 0) void runDue(deps.now());
      };
      timer = setInterval(onTick, options.tickMs);
      // The HTTP server keeps the process alive; the scheduler alone must not.
      timer.unref();
      onTick();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await tail;
    },
    runDue,
  };
}
