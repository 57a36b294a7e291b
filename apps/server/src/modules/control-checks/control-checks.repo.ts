import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of control checks and their runs. Every function takes the organisation id, so another
 * organisation's check, run or control is never read or written. The control register owns `controls`;
 * this module reads it (key, title) to scope checks to their control, and never writes it.
 */

function checksQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('control_checks as ch')
    .innerJoin('controls as c', (join) =>
      join.onRef('c.id', '=', 'ch.control_id').onRef('c.organisation_id', '=', 'ch.organisation_id'),
    )
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'ch.assignee_id').onRef('m.organisation_id', '=', 'ch.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'ch.id',
      'ch.control_id',
      'c.annex_ref as control_annex_ref',
      'c.key_number as control_key_number',
      'c.title as control_title',
      'ch.title',
      'ch.method',
      'ch.procedure',
      'ch.frequency',
      'ch.assignee_id',
      'u.name as assignee_name',
      'ch.next_due_on',
      'ch.last_run_id',
      'ch.last_run_on',
      'ch.last_result',
      'ch.follow_up_run_id',
      'ch.follow_up_since',
      'ch.retired_at',
      'ch.created_at',
      'ch.updated_at',
      'ch.version',
    ])
    .where('ch.organisation_id', '=', organisationId);
}

export type CheckRow = NonNullable<Awaited<ReturnType<typeof getCheck>>>;

/** The check, only under its own control. */
export function getCheck(db: Kysely<DB>, organisationId: string, controlId: string, checkId: string) {
  return checksQuery(db, organisationId)
    .where('ch.control_id', '=', controlId)
    .where('ch.id', '=', checkId)
    .executeTakeFirst();
}

/** A control's checks: active ones by due date, then retired ones (by the due date they had). */
export function listChecksOfControl(db: Kysely<DB>, organisationId: string, controlId: string) {
  return checksQuery(db, organisationId)
    .where('ch.control_id', '=', controlId)
    .orderBy(sql`case when ${sql.ref('ch.retired_at')} is null then 0 else 1 end`)
    .orderBy('ch.next_due_on')
    .orderBy('ch.id')
    .execute();
}

export interface DueFilter {
  /** Due on or after this date (YYYY-MM-DD). */
  from?: string | undefined;
  /** Due on or before this date (YYYY-MM-DD). */
  to?: string | undefined;
  assigneeId?: string | undefined;
  limit: number;
}

/** The organisation's active checks by due date, then id. */
export function listActiveChecks(db: Kysely<DB>, organisationId: string, filter: DueFilter) {
  let query = checksQuery(db, organisationId).where('ch.retired_at', 'is', null);
  if (filter.from !== undefined) query = query.where('ch.next_due_on', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('ch.next_due_on', '<=', filter.to);
  if (filter.assigneeId !== undefined) query = query.where('ch.assignee_id', '=', filter.assigneeId);
  return query.orderBy('ch.next_due_on').orderBy('ch.id').limit(filter.limit).execute();
}

/** The state of the active checks of each of the controls, for their health. */
export function listActiveCheckStates(db: Kysely<DB>, organisationId: string, controlIds: readonly string[]) {
  if (controlIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('control_checks')
    .select(['control_id', 'next_due_on', 'last_run_on', 'last_result', 'follow_up_run_id'])
    .where('organisation_id', '=', organisationId)
    .where('control_id', 'in', controlIds)
    .where('retired_at', 'is', null)
    .execute();
}

/** The control with its key parts and title; undefined when the organisation has no such control. */
export function findControl(db: Kysely<DB>, organisationId: string, controlId: string) {
  return db
    .selectFrom('controls')
    .select(['id', 'annex_ref', 'key_number', 'title'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', controlId)
    .executeTakeFirst();
}

/** A membership of this organisation with its role and status; undefined when it is not one. */
export function findMembership(db: Kysely<DB>, organisationId: string, membershipId: string) {
  return db
    .selectFrom('memberships')
    .select(['id', 'role', 'status'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', membershipId)
    .executeTakeFirst();
}

/** The organisation's time zone (IANA name), which decides what "today" is. */
export async function timeZoneOf(db: Kysely<DB>, organisationId: string): Promise<string> {
  const row = await db
    .selectFrom('organisations')
    .select('time_zone')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}

// ---------------------------------------------------------------- writing checks

/** The stored columns of a check that edits and runs change. */
export interface CheckColumns {
  title: string;
  method: string;
  procedure: string;
  frequency: string;
  assignee_id: string;
  next_due_on: string;
  last_run_id: string | null;
  last_run_on: string | null;
  last_result: string | null;
  follow_up_run_id: string | null;
  follow_up_since: string | null;
  retired_at: string | null;
}

export async function insertCheck(
  db: Kysely<DB>,
  organisationId: string,
  row: CheckColumns & { id: string; control_id: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('control_checks')
    .values({ ...row, organisation_id: organisationId, created_at: now, updated_at: now })
    .execute();
}

/** Applies changes when the check still has `version`; false when it was changed meanwhile. */
export async function updateCheck(
  db: Kysely<DB>,
  organisationId: string,
  checkId: string,
  version: number,
  changes: Partial<CheckColumns>,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('control_checks')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', checkId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- runs

function runsQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('control_check_runs as r')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'r.performed_by').onRef('m.organisation_id', '=', 'r.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'r.id',
      'r.check_id',
      'r.result',
      'r.notes',
      'r.performed_on',
      'r.performed_by',
      'u.name as performer_name',
      'r.follow_up_required',
      'r.next_due_on',
      'r.recorded_at',
    ])
    .where('r.organisation_id', '=', organisationId);
}

export type RunRow = NonNullable<Awaited<ReturnType<typeof getRun>>>;

export function getRun(db: Kysely<DB>, organisationId: string, runId: string) {
  return runsQuery(db, organisationId).where('r.id', '=', runId).executeTakeFirst();
}

/** A check's runs, newest first (by date, then by when they were recorded: ids are UUIDv7). */
export function listRuns(db: Kysely<DB>, organisationId: string, checkId: string) {
  return runsQuery(db, organisationId)
    .where('r.check_id', '=', checkId)
    .orderBy('r.performed_on', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

/** The evidence ids of each of the runs. */
export function listRunEvidence(db: Kysely<DB>, organisationId: string, runIds: readonly string[]) {
  if (runIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('control_check_run_evidence')
    .select(['run_id', 'evidence_id'])
    .where('organisation_id', '=', organisationId)
    .where('run_id', 'in', runIds)
    .orderBy('run_id')
    .orderBy('evidence_id')
    .execute();
}

export interface NewRun {
  id: string;
  check_id: string;
  result: string;
  notes: string;
  performed_on: string;
  performed_by: string;
  follow_up_required: boolean;
  next_due_on: string;
}

/** Inserts a run and the evidence it looked at. */
export async function insertRun(
  db: Kysely<DB>,
  organisationId: string,
  run: NewRun,
  evidenceIds: readonly string[],
  now: string,
): Promise<void> {
  await db
    .insertInto('control_check_runs')
    .values({ ...run, organisation_id: organisationId, recorded_at: now })
    .execute();
  if (evidenceIds.length === 0) return;
  await db
    .insertInto('control_check_run_evidence')
    .values(
      evidenceIds.map((evidenceId) => ({
        organisation_id: organisationId,
        run_id: run.id,
        evidence_id: evidenceId,
      })),
    )
    .execute();
}

// ---------------------------------------------------------------- for the notification jobs

export interface AnnounceWindow {
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
  /** ISO-8601 UTC: memberships that ended before it receive nothing. */
  now: string;
}

/**
 * Active checks due in the window, with the control's key parts and title and the assignee's user when
 * the assignee can still act: an active user with an active membership that has not ended.
 */
export function listChecksToAnnounce(db: Kysely<DB>, organisationId: string, window: AnnounceWindow) {
  let query = db
    .selectFrom('control_checks as ch')
    .innerJoin('controls as c', (join) =>
      join.onRef('c.id', '=', 'ch.control_id').onRef('c.organisation_id', '=', 'ch.organisation_id'),
    )
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'ch.assignee_id').onRef('m.organisation_id', '=', 'ch.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'ch.id',
      'ch.title',
      'ch.next_due_on',
      'ch.control_id',
      'c.annex_ref as control_annex_ref',
      'c.key_number as control_key_number',
      'c.title as control_title',
      'm.user_id',
    ])
    .where('ch.organisation_id', '=', organisationId)
    .where('ch.retired_at', 'is', null)
    .where('ch.next_due_on', '<=', window.to)
    .where('m.status', '=', 'active')
    .where((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', window.now)]))
    .where('u.status', '=', 'active');
  if (window.from !== undefined) query = query.where('ch.next_due_on', '>=', window.from);
  return query.orderBy('ch.id').execute();
}
