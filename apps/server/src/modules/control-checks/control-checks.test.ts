import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  TControl,
  TControlCheck,
  TControlCheckRun,
  TControlHealth,
  TControlSummary,
  TNotification,
  TSoa,
  TSoaVersion,
} from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { afterTestFile, describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import { createBackup, restoreBackup, tableDigests } from '../../backup/backup.ts';
import type { DB } from '../../db/types.ts';
import { notifyChecksDue, notifyChecksOverdue } from '../notifications/notifications.jobs.ts';

describeEachDialect('control checks', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  // 23:50 UTC on 15 March is already 12:50 on 16 March in Auckland, Acme's time zone (Globex keeps UTC)
  const clock = new Date('2026-03-15T23:50:00.000Z');
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  const { member, send } = cast;
  let globexControl: string;
  let globexCheck: string;
  let globexEvidence: string;
  const CANARY = 'canary-globex-c41c';

  const control = async (title = 'A control of our own') => {
    const res = await send('officer', 'POST', '/api/v1/controls', { title, theme: 'technological' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TControl;
  };
  const addCheck = (who: string, controlId: string, payload: Record<string, unknown> = {}) =>
    send(who, 'POST', `/api/v1/controls/${controlId}/checks`, {
      title: 'Review administrator accounts',
      method: 'inspect',
      frequency: 'quarterly',
      assigneeId: member('carl'),
      nextDueOn: '2026-03-20',
      ...payload,
    });
  const check = async (controlId: string, payload: Record<string, unknown> = {}, who = 'officer') => {
    const res = await addCheck(who, controlId, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TControlCheck;
  };
  const checkUrl = (c: TControlCheck, rest = '') => `/api/v1/controls/${c.control.id}/checks/${c.id}${rest}`;
  const record = (who: string, c: TControlCheck, payload: Record<string, unknown> = {}) =>
    send(who, 'POST', checkUrl(c, '/runs'), { result: 'effective', performedOn: '2026-03-10', ...payload });
  const run = async (who: string, c: TControlCheck, payload: Record<string, unknown> = {}) => {
    const res = await record(who, c, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TControlCheckRun;
  };
  const reread = async (c: TControlCheck, who = 'auditor') => {
    const res = await send(who, 'GET', checkUrl(c));
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TControlCheck;
  };
  const runsOf = async (c: TControlCheck) =>
    (await send('auditor', 'GET', checkUrl(c, '/runs'))).json().items as TControlCheckRun[];
  const healthOf = async (controlId: string) => {
    const res = await send('auditor', 'GET', `/api/v1/controls/${controlId}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as TControl).health;
  };
  const due = async (query: string, who = 'auditor') => {
    const res = await send(who, 'GET', `/api/v1/control-checks?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as TControlCheck[]).map((c) => c.id);
  };
  const evidence = async (who: string, payload: Record<string, unknown>) => {
    const res = await send(who, 'POST', '/api/v1/evidence', {
      title: 'Access review export',
      url: 'https://intranet.example.org/access-review',
      collectedOn: '2026-03-01',
      ...payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; key: string; version: number };
  };
  const audits = (action: string, subjectId: string) =>
    db
      .selectFrom('audit_events')
      .select(['changes', 'organisation_id', 'actor_id'])
      .where('action', '=', action)
      .where('subject_id', '=', subjectId)
      .orderBy('seq')
      .execute();
  const auditTotal = async () =>
    Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const runTotal = async () =>
    Number(
      (
        await db
          .selectFrom('control_check_runs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const fields = (res: { json(): { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field);
  const UNCHECKED: TControlHealth = {
    status: 'unchecked',
    result: null,
    lastCheckedOn: null,
    activeChecks: 0,
    overdueChecks: 0,
    openFollowUps: 0,
    evidence: 0,
    staleEvidence: 0,
  };

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => clock });
    acme = await seedOrganisation(db, 'Acme');
    await db
      .updateTable('organisations')
      .set({ time_zone: 'Pacific/Auckland' })
      .where('id', '=', acme)
      .execute();
    globex = await seedOrganisation(db, `Globex ${CANARY}`);
    for (const [key, role, name] of [
      ['officer', 'security_officer', 'Sam Officer'],
      ['top', 'top_management', 'Tia Top'],
      ['auditor', 'internal_auditor', 'Ian Auditor'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['cora', 'contributor', 'Cora Contributor'],
      ['eve', 'employee', 'Eve Employee'],
    ] as const) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'admin', { name: `Gina ${CANARY}` });
    h.globex = await signIn(app, m.globex.email);
    const res = await send('globex', 'POST', '/api/v1/controls', {
      title: `Globex control ${CANARY}`,
      theme: 'organisational',
    });
    expect(res.statusCode, res.body).toBe(201);
    globexControl = res.json().id;
    const made = await addCheck('globex', globexControl, {
      title: `Globex check ${CANARY}`,
      assigneeId: m.globex.membershipId,
      nextDueOn: '2026-03-15',
    });
    expect(made.statusCode, made.body).toBe(201);
    globexCheck = made.json().id;
    globexEvidence = (await evidence('globex', { title: `Globex evidence ${CANARY}` })).id;
  });

  describe('checks', () => {
    it('adds a check to a control, first due on the date given, audited once', async () => {
      const c = await control('Privileged access review');
      const res = await addCheck('officer', c.id, {
        title: 'Review administrator accounts',
        method: 'inspect',
        procedure: 'Export the administrators of each system and confirm each with their manager.',
        frequency: 'quarterly',
        assigneeId: member('carl'),
        nextDueOn: '2026-03-16',
      });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json() as TControlCheck;
      expect(created).toEqual({
        id: expect.any(String),
        control: { id: c.id, key: c.key, title: 'Privileged access review' },
        title: 'Review administrator accounts',
        method: 'inspect',
        procedure: 'Export the administrators of each system and confirm each with their manager.',
        frequency: 'quarterly',
        assignee: { id: member('carl'), name: 'Carl Contributor' },
        // 16 March is today in Auckland: due, not overdue
        nextDueOn: '2026-03-16',
        overdue: false,
        dueSoon: true,
        retiredAt: null,
        lastRun: null,
        openFollowUp: null,
        createdAt: clock.toISOString(),
        updatedAt: clock.toISOString(),
        version: 1,
      });
      expect(await reread(created)).toEqual(created);
      const list = await send('carl', 'GET', `/api/v1/controls/${c.id}/checks`);
      expect(list.json().items).toEqual([created]);
      const events = await audits('control_check.created', created.id);
      expect(events).toHaveLength(1);
      expect(events[0]?.organisation_id).toBe(acme);
      expect(events[0]?.changes).toEqual({
        controlId: { before: null, after: c.id },
        title: { before: null, after: 'Review administrator accounts' },
        method: { before: null, after: 'inspect' },
        procedure: {
          before: null,
          after: 'Export the administrators of each system and confirm each with their manager.',
        },
        frequency: { before: null, after: 'quarterly' },
        assigneeId: { before: null, after: member('carl') },
        nextDueOn: { before: null, after: '2026-03-16' },
      });
    });

    it('refuses a past due date (in the organisation time zone) and assignees who cannot record; changes nothing', async () => {
      const c = await control();
      const audited = await auditTotal();
      // still 15 March in UTC, but already the 16th in Auckland
      const past = await addCheck('officer', c.id, { nextDueOn: '2026-03-15' });
      expect(past.statusCode).toBe(422);
      expect(past.json().errors).toEqual([
        { field: 'body.nextDueOn', message: 'Choose today (2026-03-16) or a later date' },
      ]);
      for (const who of ['top', 'auditor', 'eve']) {
        const res = await addCheck('officer', c.id, { assigneeId: member(who) });
        expect(res.statusCode).toBe(422);
        expect(res.json().detail).toMatch(/^Choose someone whose role may record checks/);
      }
      const foreign = await addCheck('officer', c.id, { assigneeId: m.globex?.membershipId });
      expect(foreign.statusCode).toBe(422);
      expect(foreign.json().detail).toBe('Choose the assignee from the active people of this organisation');
      const shape = await addCheck('officer', c.id, {
        title: '',
        method: 'guess',
        frequency: 'weekly',
        nextDueOn: '20/03/2026',
      });
      expect(shape.statusCode).toBe(422);
      expect(fields(shape).sort()).toEqual(['body.frequency', 'body.method', 'body.nextDueOn', 'body.title']);
      expect(await auditTotal()).toBe(audited);
      expect((await send('officer', 'GET', `/api/v1/controls/${c.id}/checks`)).json().items).toEqual([]);
    });

    it('lets only security officers, admins and owners manage checks; every role but employees reads them', async () => {
      const c = await control();
      await send('officer', 'PATCH', `/api/v1/controls/${c.id}`, {
        version: c.version,
        ownerId: member('carl'),
      });
      const existing = await check(c.id);
      // owning the control does not make a contributor manage its checks
      for (const who of ['carl', 'top', 'auditor', 'eve']) {
        expect((await addCheck(who, c.id)).statusCode, who).toBe(403);
        expect((await send(who, 'PATCH', checkUrl(existing), { version: 1, title: 'X' })).statusCode).toBe(
          403,
        );
        expect((await send(who, 'POST', checkUrl(existing, '/retire'), { version: 1 })).statusCode).toBe(403);
      }
      for (const who of ['carl', 'cora', 'top', 'auditor'])
        expect((await send(who, 'GET', `/api/v1/controls/${c.id}/checks`)).statusCode).toBe(200);
      for (const url of [`/api/v1/controls/${c.id}/checks`, checkUrl(existing), checkUrl(existing, '/runs')])
        expect((await send('eve', 'GET', url)).statusCode).toBe(403);
      expect((await send('eve', 'GET', '/api/v1/control-checks')).statusCode).toBe(403);
      expect(await reread(existing)).toEqual(existing);
    });

    it('answers 404 for another organisation’s control, check or evidence, however they are combined', async () => {
      const c = await control();
      const own = await check(c.id);
      const other = await control();
      const paths = [
        `/api/v1/controls/${globexControl}/checks`,
        `/api/v1/controls/${globexControl}/checks/${globexCheck}`,
        `/api/v1/controls/${c.id}/checks/${globexCheck}`,
        `/api/v1/controls/${globexControl}/checks/${own.id}`,
        `/api/v1/controls/${other.id}/checks/${own.id}`,
        `/api/v1/controls/${c.id}/checks/${globexCheck}/runs`,
      ];
      for (const url of paths) {
        const res = await send('officer', 'GET', url);
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain(CANARY);
      }
      expect((await addCheck('officer', globexControl)).statusCode).toBe(404);
      const writes = [
        ['PATCH', `/api/v1/controls/${c.id}/checks/${globexCheck}`, { version: 1, title: 'Mine now' }],
        ['POST', `/api/v1/controls/${c.id}/checks/${globexCheck}/retire`, { version: 1 }],
        [
          'POST',
          `/api/v1/controls/${globexControl}/checks/${globexCheck}/runs`,
          { result: 'effective', performedOn: '2026-03-10' },
        ],
        [
          'POST',
          `/api/v1/controls/${other.id}/checks/${own.id}/runs`,
          { result: 'effective', performedOn: '2026-03-10' },
        ],
      ] as const;
      for (const [method, url, payload] of writes) {
        const res = await send('officer', method, url, payload);
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain(CANARY);
      }
      const foreignEvidence = await record('officer', own, { evidenceIds: [globexEvidence] });
      expect(foreignEvidence.statusCode).toBe(404);
      expect(foreignEvidence.json().errors).toEqual([
        { field: 'body.evidenceIds.0', message: 'No evidence with this id in this organisation' },
      ]);
      expect(foreignEvidence.body).not.toContain(CANARY);
      expect(await runsOf(own)).toEqual([]);
      expect((await due('due=all', 'officer')).includes(globexCheck)).toBe(false);
    });
  });

  describe('runs', () => {
    it('schedules the next run from the run date and the frequency, month ends included', async () => {
      const expected = {
        monthly: '2026-02-28',
        quarterly: '2026-04-30',
        half_yearly: '2026-07-31',
        yearly: '2027-01-31',
      };
      for (const [frequency, next] of Object.entries(expected)) {
        const c = await check((await control()).id, { frequency });
        const recorded = await run('officer', c, { performedOn: '2026-01-31' });
        expect(recorded.nextDueOn, frequency).toBe(next);
        const after = await reread(c);
        expect(after).toMatchObject({
          nextDueOn: next,
          overdue: next < '2026-03-16',
          lastRun: { id: recorded.id, result: 'effective', performedOn: '2026-01-31' },
          version: 2,
        });
      }
    });

    it('is overdue from the day after its due date in the organisation’s time zone', async () => {
      // due 15 March: overdue in Auckland (the 16th there), due today in UTC
      const acmeCheck = await check((await control()).id, { frequency: 'monthly' });
      await run('officer', acmeCheck, { performedOn: '2026-02-15' });
      expect(await reread(acmeCheck)).toMatchObject({
        nextDueOn: '2026-03-15',
        overdue: true,
        dueSoon: false,
      });
      const res = await send('globex', 'GET', `/api/v1/controls/${globexControl}/checks/${globexCheck}`);
      expect(res.json()).toMatchObject({ nextDueOn: '2026-03-15', overdue: false, dueSoon: true });

      expect(await due('due=overdue')).toContain(acmeCheck.id);
      expect(await due('due=soon')).not.toContain(acmeCheck.id);
      const soon = await send('globex', 'GET', '/api/v1/control-checks?due=soon');
      expect(soon.json().items.map((c: TControlCheck) => c.id)).toEqual([globexCheck]);
      const overdue = await send('globex', 'GET', '/api/v1/control-checks?due=overdue');
      expect(overdue.json().items).toEqual([]);
    });

    it('lets a contributor record only the checks assigned to them; security officers record any', async () => {
      const c = await check((await control()).id, { assigneeId: member('carl') });
      const audited = await auditTotal();
      const refused = await record('cora', c);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toBe(
        'Your role lets you record only the checks assigned to you: "Review administrator accounts" is assigned to Carl Contributor',
      );
      for (const who of ['top', 'auditor', 'eve']) expect((await record(who, c)).statusCode, who).toBe(403);
      expect(await auditTotal()).toBe(audited);

      const mine = await run('carl', c, { notes: 'Two leavers removed' });
      expect(mine).toEqual({
        id: expect.any(String),
        checkId: c.id,
        result: 'effective',
        notes: 'Two leavers removed',
        performedOn: '2026-03-10',
        performedBy: { id: member('carl'), name: 'Carl Contributor' },
        evidence: [],
        followUpRequired: false,
        nextDueOn: '2026-06-10',
        recordedAt: clock.toISOString(),
      });
      const theirs = await run('officer', c, { performedOn: '2026-03-10', notes: 'Re-checked the list' });
      expect(theirs.performedBy).toEqual({ id: member('officer'), name: 'Sam Officer' });
      expect((await runsOf(c)).map((r) => r.id)).toEqual([theirs.id, mine.id]);
      const events = await audits('control_check.run_recorded', c.id);
      expect(events.map((e) => e.actor_id)).toEqual([m.carl?.userId, m.officer?.userId]);
      expect(events[0]?.changes).toEqual({
        runId: { before: null, after: mine.id },
        result: { before: null, after: 'effective' },
        notes: { before: null, after: 'Two leavers removed' },
        performedOn: { before: null, after: '2026-03-10' },
        evidenceIds: { before: null, after: [] },
        followUpRequired: { before: null, after: false },
        nextDueOn: { before: '2026-03-20', after: '2026-06-10' },
      });
    });

    it('refuses a run in the future, before the latest run, or not effective without notes; records nothing', async () => {
      const c = await check((await control()).id);
      const runs = await runTotal();
      const audited = await auditTotal();
      const future = await record('officer', c, { performedOn: '2026-03-17' });
      expect(future.statusCode).toBe(422);
      expect(future.json().errors).toEqual([
        {
          field: 'body.performedOn',
          message: 'A run is recorded once it is done: use today (2026-03-16) or an earlier date',
        },
      ]);
      const silent = await record('officer', c, { result: 'not_effective' });
      expect(silent.statusCode).toBe(422);
      expect(fields(silent)).toEqual(['body.notes']);
      expect(await runTotal()).toBe(runs);
      expect(await auditTotal()).toBe(audited);

      // today in Auckland, though not yet in UTC
      await run('officer', c, { performedOn: '2026-03-16' });
      const earlier = await record('officer', c, { performedOn: '2026-03-15', notes: 'Forgot one' });
      expect(earlier.statusCode).toBe(422);
      expect(earlier.json().detail).toMatch(/^The latest run of this check was on 2026-03-16: /);
      // a correction the same day is a new run, and the latest one counts
      await run('officer', c, {
        performedOn: '2026-03-16',
        result: 'partly_effective',
        notes: 'Correction: one account was missed',
      });
      expect((await reread(c)).lastRun).toMatchObject({
        result: 'partly_effective',
        performedOn: '2026-03-16',
      });
      expect(await runTotal()).toBe(runs + 2);
    });

    it('cites the organisation’s evidence that is not archived, shown as it is now', async () => {
      const c = await check((await control()).id);
      const kept = await evidence('officer', { title: 'Admin list export', validUntil: '2026-03-31' });
      const gone = await evidence('officer', { title: 'Old export' });
      const archived = await send('officer', 'POST', `/api/v1/evidence/${gone.id}/archive`, {
        version: gone.version,
      });
      expect(archived.statusCode, archived.body).toBe(200);
      const refused = await record('officer', c, { evidenceIds: [kept.id, gone.id] });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors).toEqual([
        {
          field: 'body.evidenceIds.1',
          message: `${gone.key} is archived: restore it before citing it, or cite current evidence`,
        },
      ]);
      const cited = await run('officer', c, { evidenceIds: [kept.id, kept.id] });
      const ref = {
        id: kept.id,
        key: kept.key,
        title: 'Admin list export',
        kind: 'link',
        stale: false,
        archived: false,
      };
      expect(cited.evidence).toEqual([ref]);
      expect((await runsOf(c))[0]?.evidence).toEqual([ref]);
    });

    it('flags a not-effective result for follow-up until a later effective run', async () => {
      const c = await check((await control()).id);
      const failed = await run('carl', c, {
        result: 'not_effective',
        performedOn: '2026-03-01',
        notes: 'Three former staff still hold administrator rights',
      });
      expect(failed.followUpRequired).toBe(true);
      expect((await reread(c)).openFollowUp).toEqual({ runId: failed.id, since: '2026-03-01' });
      expect(await healthOf(c.control.id)).toMatchObject({
        status: 'not_effective',
        result: 'not_effective',
        openFollowUps: 1,
      });

      const partly = await run('carl', c, {
        result: 'partly_effective',
        performedOn: '2026-03-05',
        notes: 'Two removed, one pending',
      });
      expect(partly.followUpRequired).toBe(false);
      expect((await reread(c)).openFollowUp).toEqual({ runId: failed.id, since: '2026-03-01' });
      expect(await healthOf(c.control.id)).toMatchObject({ status: 'partly_effective', openFollowUps: 1 });

      const fixed = await run('carl', c, { result: 'effective', performedOn: '2026-03-10' });
      expect((await reread(c)).openFollowUp).toBeNull();
      expect(await healthOf(c.control.id)).toMatchObject({ status: 'effective', openFollowUps: 0 });
      expect((await runsOf(c)).map((r) => [r.id, r.followUpRequired])).toEqual([
        [fixed.id, false],
        [partly.id, false],
        [failed.id, true],
      ]);
      const events = await audits('control_check.run_recorded', c.id);
      expect(events.map((e) => (e.changes as Record<string, unknown>).followUpRunId)).toEqual([
        { before: null, after: failed.id },
        undefined,
        { before: failed.id, after: null },
      ]);
    });
  });

  describe('health', () => {
    it('comes from the active checks and the freshness of the control’s evidence', async () => {
      const c = await control('Backups');
      expect(await healthOf(c.id)).toEqual(UNCHECKED);
      const quarterly = await check(c.id, { frequency: 'quarterly', nextDueOn: '2026-03-20' });
      expect(await healthOf(c.id)).toEqual({ ...UNCHECKED, activeChecks: 1 });

      await run('officer', quarterly, { performedOn: '2026-03-12' });
      expect(await healthOf(c.id)).toEqual({
        ...UNCHECKED,
        status: 'effective',
        result: 'effective',
        lastCheckedOn: '2026-03-12',
        activeChecks: 1,
      });

      // evidence whose last valid day has passed makes an effective control only partly effective
      await evidence('officer', {
        title: 'Restore test report',
        validUntil: '2026-03-15',
        controlIds: [c.id],
      });
      await evidence('officer', { title: 'Backup policy', controlIds: [c.id] });
      const stale = { status: 'partly_effective', result: 'partly_effective', evidence: 2, staleEvidence: 1 };
      expect(await healthOf(c.id)).toMatchObject(stale);

      // a second check past its due date makes the control overdue
      const monthly = await check(c.id, { frequency: 'monthly', title: 'Restore a sample' });
      await run('officer', monthly, { performedOn: '2026-02-10' });
      expect(await healthOf(c.id)).toEqual({
        status: 'overdue',
        result: 'partly_effective',
        lastCheckedOn: '2026-03-12',
        activeChecks: 2,
        overdueChecks: 1,
        openFollowUps: 0,
        evidence: 2,
        staleEvidence: 1,
      });
      const listed = await send('auditor', 'GET', '/api/v1/controls?source=custom');
      const row = (listed.json().items as TControlSummary[]).find((s) => s.id === c.id);
      expect(row?.health).toEqual(await healthOf(c.id));

      // a retired check no longer counts
      const retired = await send('officer', 'POST', checkUrl(monthly, '/retire'), { version: 2 });
      expect(retired.statusCode, retired.body).toBe(200);
      expect(await healthOf(c.id)).toMatchObject({ ...stale, activeChecks: 1, overdueChecks: 0 });
    });

    it('fills the health of the Statement of Applicability, frozen in a published version', async () => {
      const c = await control('Logging');
      const logs = await check(c.id);
      await run('officer', logs, {
        performedOn: '2026-03-02',
        result: 'partly_effective',
        notes: 'Two hosts silent',
      });
      const soa = async () => {
        const res = await send('auditor', 'GET', '/api/v1/soa');
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as TSoa;
      };
      const before = await soa();
      expect(before.items.find((e) => e.controlId === c.id)?.health).toEqual({
        status: 'partly_effective',
        lastCheckedOn: '2026-03-02',
      });
      expect(before.items.find((e) => e.key === 'A.5.1')?.health).toBeNull();

      const published = await send('officer', 'POST', '/api/v1/soa/versions', { acknowledgeWarnings: true });
      expect(published.statusCode, published.body).toBe(201);
      await run('officer', logs, { performedOn: '2026-03-14' });
      expect((await soa()).items.find((e) => e.controlId === c.id)?.health).toEqual({
        status: 'effective',
        lastCheckedOn: '2026-03-14',
      });
      const version = await send('auditor', 'GET', `/api/v1/soa/versions/${published.json().id}`);
      expect((version.json() as TSoaVersion).items.find((e) => e.controlId === c.id)?.health).toEqual({
        status: 'partly_effective',
        lastCheckedOn: '2026-03-02',
      });
    });
  });

  describe('editing', () => {
    it('edits with the version read (409 on a stale one), reschedules on a new frequency, audited', async () => {
      const c = await check((await control()).id);
      await run('officer', c, { performedOn: '2026-02-01' });
      const read = await reread(c);
      expect(read).toMatchObject({ nextDueOn: '2026-05-01', version: 2 });

      const monthly = await send('officer', 'PATCH', checkUrl(c), { version: 2, frequency: 'monthly' });
      expect(monthly.statusCode, monthly.body).toBe(200);
      expect(monthly.json()).toMatchObject({
        frequency: 'monthly',
        nextDueOn: '2026-03-01',
        overdue: true,
        version: 3,
      });
      expect((await audits('control_check.updated', c.id)).at(-1)?.changes).toEqual({
        frequency: { before: 'quarterly', after: 'monthly' },
        nextDueOn: { before: '2026-05-01', after: '2026-03-01' },
      });

      const stale = await send('officer', 'PATCH', checkUrl(c), { version: 2, title: 'Lost update' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().current).toEqual(await reread(c));

      const past = await send('officer', 'PATCH', checkUrl(c), { version: 3, nextDueOn: '2026-03-10' });
      expect(past.statusCode).toBe(422);
      expect(fields(past)).toEqual(['body.nextDueOn']);

      const moved = await send('officer', 'PATCH', checkUrl(c), {
        version: 3,
        title: 'Review all privileged accounts',
        assigneeId: member('cora'),
        nextDueOn: '2026-04-15',
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({
        title: 'Review all privileged accounts',
        assignee: { id: member('cora'), name: 'Cora Contributor' },
        nextDueOn: '2026-04-15',
        overdue: false,
        version: 4,
      });
      const audited = await auditTotal();
      const same = await send('officer', 'PATCH', checkUrl(c), { version: 4, nextDueOn: '2026-04-15' });
      expect(same.json().version).toBe(4);
      expect(await auditTotal()).toBe(audited);
    });

    it('retires a check for good: kept with its runs, never due, neither recorded nor edited again', async () => {
      const c = await check((await control()).id, { nextDueOn: '2026-03-16' });
      const first = await run('carl', c, { performedOn: '2026-03-16' });
      const later = await check(c.control.id, { title: 'Another check', nextDueOn: '2026-03-18' });
      const retired = await send('officer', 'POST', checkUrl(c, '/retire'), { version: 2 });
      expect(retired.statusCode, retired.body).toBe(200);
      expect(retired.json()).toMatchObject({
        retiredAt: clock.toISOString(),
        overdue: false,
        dueSoon: false,
        version: 3,
      });
      expect((await audits('control_check.retired', c.id)).map((e) => e.changes)).toEqual([
        { retiredAt: { before: null, after: clock.toISOString() } },
      ]);
      const again = await send('officer', 'POST', checkUrl(c, '/retire'), { version: 3 });
      expect(again.json()).toEqual(retired.json());
      expect(await audits('control_check.retired', c.id)).toHaveLength(1);

      const edit = await send('officer', 'PATCH', checkUrl(c), { version: 3, title: 'Revived' });
      expect(edit.statusCode).toBe(409);
      const more = await record('carl', c, { performedOn: '2026-03-16' });
      expect(more.statusCode).toBe(409);
      expect(more.json().detail).toBe(
        'The check "Review administrator accounts" is retired: add a new check to the control instead',
      );
      expect((await runsOf(c)).map((r) => r.id)).toEqual([first.id]);
      const list = await send('auditor', 'GET', `/api/v1/controls/${c.control.id}/checks`);
      expect(list.json().items.map((x: TControlCheck) => x.id)).toEqual([later.id, c.id]);
      expect(await due('due=all')).not.toContain(c.id);
      expect(await due(`due=all&assigneeId=${member('carl')}`)).toContain(later.id);
      expect(await due(`due=all&assigneeId=${member('cora')}`)).not.toContain(later.id);
    });
  });

  describe('notifications', () => {
    it('tells the assignee once that a check is due within seven days or overdue, however often the jobs run', async () => {
      const org = await seedOrganisation(db, 'Notify Ltd');
      const officer = await seedMember(db, org, 'security_officer', { email: 'sam@notify.example' });
      const anna = await seedMember(db, org, 'contributor', { name: 'Anna', email: 'anna@notify.example' });
      const gone = await seedMember(db, org, 'contributor', { email: 'gone@notify.example' });
      h.notifyOfficer = await signIn(app, officer.email);
      h.anna = await signIn(app, anna.email);
      const made = await send('notifyOfficer', 'POST', '/api/v1/controls', {
        title: 'Patching',
        theme: 'technological',
      });
      const controlId = made.json().id as string;
      const create = async (payload: Record<string, unknown>) => {
        const res = await send('notifyOfficer', 'POST', `/api/v1/controls/${controlId}/checks`, {
          method: 'test',
          frequency: 'monthly',
          assigneeId: anna.membershipId,
          ...payload,
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as TControlCheck;
      };
      // Notify Ltd keeps UTC: today is 15 March
      const soon = await create({ title: 'Scan the perimeter', nextDueOn: '2026-03-22' });
      await create({ title: 'Later', nextDueOn: '2026-03-23' });
      const late = await create({ title: 'Patch the servers', nextDueOn: '2026-03-20' });
      const lateRun = await send('notifyOfficer', 'POST', checkUrl(late, '/runs'), {
        result: 'effective',
        performedOn: '2026-02-10',
      });
      expect(lateRun.statusCode, lateRun.body).toBe(201);
      const retired = await create({ title: 'Retired', nextDueOn: '2026-03-16' });
      await send('notifyOfficer', 'POST', checkUrl(retired, '/retire'), { version: 1 });
      await create({ title: 'Left', nextDueOn: '2026-03-16', assigneeId: gone.membershipId });
      await db
        .updateTable('memberships')
        .set({ status: 'disabled' })
        .where('id', '=', gone.membershipId)
        .execute();

      const rows = () =>
        db
          .selectFrom('notifications')
          .select(['kind', 'user_id', 'subject_type', 'subject_id', 'dedupe_key'])
          .where('organisation_id', '=', org)
          .orderBy('kind')
          .execute();
      for (let i = 0; i < 2; i++) {
        await notifyChecksDue(app.services, clock);
        await notifyChecksOverdue(app.services, clock);
      }
      expect(await rows()).toEqual([
        {
          kind: 'control_check_due',
          user_id: anna.userId,
          subject_type: 'control',
          subject_id: controlId,
          dedupe_key: `control_check_due:${soon.id}:2026-03-22:${anna.userId}`,
        },
        {
          kind: 'control_check_overdue',
          user_id: anna.userId,
          subject_type: 'control',
          subject_id: controlId,
          dedupe_key: `control_check_overdue:${late.id}:2026-03-10:${anna.userId}`,
        },
      ]);
      const inbox = (await send('anna', 'GET', '/api/v1/notifications')).json().items as TNotification[];
      // newest first: the overdue job ran second
      const key = made.json().key as string;
      expect(inbox.map((n) => [n.kind, n.title, n.link])).toEqual([
        [
          'control_check_overdue',
          `${key}: the check "Patch the servers" is overdue`,
          `/controls/${controlId}`,
        ],
        [
          'control_check_due',
          `${key}: the check "Scan the perimeter" is due in 7 days`,
          `/controls/${controlId}`,
        ],
      ]);

      // a run moves the due date: the overdue check is no longer announced, its next date will be
      await send('anna', 'POST', checkUrl(late, '/runs'), { result: 'effective', performedOn: '2026-03-15' });
      await notifyChecksOverdue(app.services, clock);
      await notifyChecksDue(app.services, clock);
      expect(await rows()).toHaveLength(2);
    });
  });

  describe('backup', () => {
    it('restores checks, runs and the evidence they cite exactly', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-checks-backup-'));
      afterTestFile(() => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'checks.vigil.gz');
      await createBackup(db, dialect, file, { vigilVersion: '0.1.0-test' });
      const target = await freshDatabase(dialect);
      await restoreBackup(target.db, dialect, file);
      const ours = (await tableDigests(db)).filter((t) => t.name.startsWith('control_check'));
      expect(ours.map((t) => t.name).sort()).toEqual([
        'control_check_run_evidence',
        'control_check_runs',
        'control_checks',
      ]);
      expect(ours.every((t) => t.rows > 0)).toBe(true);
      expect((await tableDigests(target.db)).filter((t) => t.name.startsWith('control_check'))).toEqual(ours);
      const restoredApp = await buildTestApp(dialect, { database: target, now: () => clock });
      const res = await restoredApp.inject({
        method: 'GET',
        url: '/api/v1/control-checks',
        headers: cast.as('officer'),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual((await send('officer', 'GET', '/api/v1/control-checks')).json());
    });
  });
});
