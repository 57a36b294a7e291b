import {
  CHECK_DUE_SOON_DAYS,
  type TControlCheck,
  type TControlCheckList,
  type TControlCheckRun,
  type TControlCheckRunList,
  type TControlChecksDue,
  type TControlChecksDueQuery,
  type TControlHealth,
  type TCreateControlCheckRequest,
  type TFieldError,
  type TRecordControlCheckRunRequest,
  type TUpdateControlCheckRequest,
  type TVersionRequest,
  ZCheckFrequency,
  ZCheckResult,
  ZRole,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { controlKey } from '../controls/controls.presenter.ts';
import { evidenceFreshnessOfControls, evidenceRefs } from '../evidence/evidence.service.ts';
import { addDays, localDate } from '../notifications/notification-messages.ts';
import { nextDueAfter } from './check-schedule.ts';
import { mayBeAssigned, mayRecordRun } from './control-checks.policy.ts';
import { presentCheck, presentRun } from './control-checks.presenter.ts';
import * as repo from './control-checks.repo.ts';
import { controlHealth, type HealthCheck } from './control-health.ts';

/** The freshness of a control without evidence. */
const NO_FRESHNESS = { total: 0, stale: 0, latestCollectedOn: null };

/**
 * Control checks (ISO/IEC 27001 9.1): how each control is tested, how often and by whom, and the runs
 * that record what was found. A run schedules the next one (its date plus the frequency); a not-effective
 * result opens a follow-up that the next effective run closes. Runs are never changed once recorded: they
 * are the retained evidence of monitoring that 9.1 asks for, so a correction is a new run (on the same day
 * or later) whose notes say what it corrects, and the latest run counts. Checks are retired, never deleted.
 * The controls service imports this one (for health), so this module reads the controls it needs through
 * its own repo and never imports the controls service.
 */

/** Today in the organisation's time zone: what "overdue" and "in the future" are measured against. */
async function todayOf(db: Kysely<DB>, organisationId: string, clock: Date): Promise<string> {
  return localDate(clock, await repo.timeZoneOf(db, organisationId));
}

async function assertControl(db: Kysely<DB>, organisationId: string, controlId: string): Promise<void> {
  if (!(await repo.findControl(db, organisationId, controlId))) throw notFound('The control');
}

async function loadCheck(
  db: Kysely<DB>,
  organisationId: string,
  controlId: string,
  checkId: string,
): Promise<repo.CheckRow> {
  const row = await repo.getCheck(db, organisationId, controlId, checkId);
  if (!row) throw notFound('The check');
  return row;
}

function invalidFields(errors: TFieldError[]): AppError {
  const detail = errors.length === 1 && errors[0] ? errors[0].message : 'Some fields are not valid';
  return new AppError('validation_failed', detail, { fieldErrors: errors });
}

async function assigneeErrors(
  db: Kysely<DB>,
  organisationId: string,
  assigneeId: string,
): Promise<TFieldError[]> {
  const membership = await repo.findMembership(db, organisationId, assigneeId);
  if (membership?.status !== 'active')
    return [
      {
        field: 'body.assigneeId',
        message: 'Choose the assignee from the active people of this organisation',
      },
    ];
  if (!mayBeAssigned(ZRole.parse(membership.role)))
    return [
      {
        field: 'body.assigneeId',
        message:
          'Choose someone whose role may record checks: a contributor, security officer, admin or owner',
      },
    ];
  return [];
}

function dueOnErrors(nextDueOn: string, today: string): TFieldError[] {
  return nextDueOn < today
    ? [{ field: 'body.nextDueOn', message: `Choose today (${today}) or a later date` }]
    : [];
}

/** A check as its audit events record it. */
function auditView(columns: repo.CheckColumns): Record<string, unknown> {
  return {
    title: columns.title,
    method: columns.method,
    procedure: columns.procedure,
    frequency: columns.frequency,
    assigneeId: columns.assignee_id,
    nextDueOn: columns.next_due_on,
  };
}

function columnsOf(row: repo.CheckRow): repo.CheckColumns {
  return {
    title: row.title,
    method: row.method,
    procedure: row.procedure,
    frequency: row.frequency,
    assignee_id: row.assignee_id,
    next_due_on: row.next_due_on,
    last_run_id: row.last_run_id,
    last_run_on: row.last_run_on,
    last_result: row.last_result,
    follow_up_run_id: row.follow_up_run_id,
    follow_up_since: row.follow_up_since,
    retired_at: row.retired_at,
  };
}

async function stale(
  db: Kysely<DB>,
  organisationId: string,
  row: repo.CheckRow,
  today: string,
): Promise<AppError> {
  const current = await loadCheck(db, organisationId, row.control_id, row.id);
  return new AppError(
    'conflict',
    `The check "${row.title}" was changed by someone else: review the current values and try again`,
    { extensions: { current: presentCheck(current, today) } },
  );
}

function assertActive(row: repo.CheckRow): void {
  if (row.retired_at !== null)
    throw new AppError(
      'conflict',
      `The check "${row.title}" is retired: add a new check to the control instead`,
    );
}

// ---------------------------------------------------------------- reading

/** A control's checks: active ones by due date, then retired ones (control:read). */
export async function listControlChecks(
  deps: Deps,
  actor: Actor | null,
  controlId: string,
): Promise<TControlCheckList> {
  assertCan(actor, 'control:read');
  const organisationId = actor.organisationId;
  await assertControl(deps.db, organisationId, controlId);
  const today = await todayOf(deps.db, organisationId, deps.now());
  const rows = await repo.listChecksOfControl(deps.db, organisationId, controlId);
  return { items: rows.map((row) => presentCheck(row, today)) };
}

export async function getControlCheck(
  deps: Deps,
  actor: Actor | null,
  controlId: string,
  checkId: string,
): Promise<TControlCheck> {
  assertCan(actor, 'control:read');
  const organisationId = actor.organisationId;
  const row = await loadCheck(deps.db, organisationId, controlId, checkId);
  return presentCheck(row, await todayOf(deps.db, organisationId, deps.now()));
}

/** The organisation's active checks by due date: overdue, due soon or all, optionally one person's. */
export async function listChecksDue(
  deps: Deps,
  actor: Actor | null,
  query: TControlChecksDueQuery,
): Promise<TControlChecksDue> {
  assertCan(actor, 'control:read');
  const organisationId = actor.organisationId;
  const today = await todayOf(deps.db, organisationId, deps.now());
  const window =
    query.due === 'overdue'
      ? { to: addDays(today, -1) }
      : query.due === 'soon'
        ? { from: today, to: addDays(today, CHECK_DUE_SOON_DAYS) }
        : {};
  const rows = await repo.listActiveChecks(deps.db, organisationId, {
    ...window,
    assigneeId: query.assigneeId,
    limit: query.limit,
  });
  return { items: rows.map((row) => presentCheck(row, today)) };
}

/** Runs with the evidence each looked at, read in one go. */
async function runsOf(
  db: Kysely<DB>,
  organisationId: string,
  rows: readonly repo.RunRow[],
  clock: Date,
): Promise<TControlCheckRun[]> {
  const links = await repo.listRunEvidence(
    db,
    organisationId,
    rows.map((r) => r.id),
  );
  const refs = await evidenceRefs(
    db,
    organisationId,
    links.map((l) => l.evidence_id),
    clock,
  );
  return rows.map((row) =>
    presentRun(
      row,
      links.flatMap((l) => {
        const ref = l.run_id === row.id ? refs.get(l.evidence_id) : undefined;
        return ref ? [ref] : [];
      }),
    ),
  );
}

/** A check's runs, newest first (control:read). */
export async function listCheckRuns(
  deps: Deps,
  actor: Actor | null,
  controlId: string,
  checkId: string,
): Promise<TControlCheckRunList> {
  assertCan(actor, 'control:read');
  const organisationId = actor.organisationId;
  await loadCheck(deps.db, organisationId, controlId, checkId);
  const rows = await repo.listRuns(deps.db, organisationId, checkId);
  return { items: await runsOf(deps.db, organisationId, rows, deps.now()) };
}

// ---------------------------------------------------------------- managing checks

/** Adds a check to a control, first due on `nextDueOn` (control:manage). */
export async function createControlCheck(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  controlId: string,
  input: TCreateControlCheckRequest,
): Promise<TControlCheck> {
  assertCan(actor, 'control:manage');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    await assertControl(tx, organisationId, controlId);
    const today = await todayOf(tx, organisationId, clock);
    const errors = [
      ...(await assigneeErrors(tx, organisationId, input.assigneeId)),
      ...dueOnErrors(input.nextDueOn, today),
    ];
    if (errors.length > 0) throw invalidFields(errors);
    const columns: repo.CheckColumns = {
      title: input.title,
      method: input.method,
      procedure: input.procedure ?? '',
      frequency: input.frequency,
      assignee_id: input.assigneeId,
      next_due_on: input.nextDueOn,
      last_run_id: null,
      last_run_on: null,
      last_result: null,
      follow_up_run_id: null,
      follow_up_since: null,
      retired_at: null,
    };
    const id = uuidv7();
    await repo.insertCheck(tx, organisationId, { id, control_id: controlId, ...columns }, now);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'control_check.created',
      subject: { type: 'control_check', id },
      changes: diffChanges(null, { controlId, ...auditView(columns) }),
    });
    return presentCheck(await loadCheck(tx, organisationId, controlId, id), today);
  });
}

/**
 * Edits an active check (control:manage). A new frequency reschedules the check from its last run,
 * unless the edit sets the due date itself; a due date that changes must be today or later.
 */
export async function updateControlCheck(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  controlId: string,
  checkId: string,
  input: TUpdateControlCheckRequest,
): Promise<TControlCheck> {
  assertCan(actor, 'control:manage');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadCheck(tx, organisationId, controlId, checkId);
    const today = await todayOf(tx, organisationId, clock);
    if (row.version !== input.version) throw await stale(tx, organisationId, row, today);
    assertActive(row);

    const before = columnsOf(row);
    const frequency = input.frequency ?? ZCheckFrequency.parse(before.frequency);
    const rescheduled =
      input.frequency !== undefined && input.frequency !== before.frequency && before.last_run_on !== null
        ? nextDueAfter(before.last_run_on, frequency)
        : before.next_due_on;
    const after: repo.CheckColumns = {
      ...before,
      title: input.title ?? before.title,
      method: input.method ?? before.method,
      procedure: input.procedure ?? before.procedure,
      frequency,
      assignee_id: input.assigneeId ?? before.assignee_id,
      next_due_on: input.nextDueOn ?? rescheduled,
    };
    const errors: TFieldError[] = [];
    if (after.assignee_id !== before.assignee_id)
      errors.push(...(await assigneeErrors(tx, organisationId, after.assignee_id)));
    if (input.nextDueOn !== undefined && input.nextDueOn !== before.next_due_on)
      errors.push(...dueOnErrors(input.nextDueOn, today));
    if (errors.length > 0) throw invalidFields(errors);

    const changes = diffChanges(auditView(before), auditView(after));
    if (Object.keys(changes).length === 0) return presentCheck(row, today);
    if (!(await repo.updateCheck(tx, organisationId, checkId, input.version, after, now)))
      throw await stale(tx, organisationId, row, today);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'control_check.updated',
      subject: { type: 'control_check', id: checkId },
      changes,
    });
    return presentCheck(await loadCheck(tx, organisationId, controlId, checkId), today);
  });
}

/**
 * Retires a check (control:manage): it keeps its runs, is never due again and no longer counts for the
 * control's health. Retiring is final; a check needed again is added anew. Retiring a retired check
 * changes nothing.
 */
export async function retireControlCheck(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  controlId: string,
  checkId: string,
  input: TVersionRequest,
): Promise<TControlCheck> {
  assertCan(actor, 'control:manage');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadCheck(tx, organisationId, controlId, checkId);
    const today = await todayOf(tx, organisationId, clock);
    if (row.version !== input.version) throw await stale(tx, organisationId, row, today);
    if (row.retired_at !== null) return presentCheck(row, today);
    if (!(await repo.updateCheck(tx, organisationId, checkId, input.version, { retired_at: now }, now)))
      throw await stale(tx, organisationId, row, today);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'control_check.retired',
      subject: { type: 'control_check', id: checkId },
      changes: { retiredAt: { before: null, after: now } },
    });
    return presentCheck(await loadCheck(tx, organisationId, controlId, checkId), today);
  });
}

// ---------------------------------------------------------------- recording runs

/** The evidence a run cites: every id the organisation's (else 404), none archived (else 422). */
async function citedEvidence(
  db: Kysely<DB>,
  organisationId: string,
  evidenceIds: readonly string[],
  clock: Date,
): Promise<{ ids: string[]; errors: TFieldError[] }> {
  const refs = await evidenceRefs(db, organisationId, evidenceIds, clock);
  const missing: TFieldError[] = [];
  const errors: TFieldError[] = [];
  evidenceIds.forEach((evidenceId, i) => {
    const ref = refs.get(evidenceId);
    if (!ref)
      missing.push({
        field: `body.evidenceIds.${i}`,
        message: 'No evidence with this id in this organisation',
      });
    else if (ref.archived)
      errors.push({
        field: `body.evidenceIds.${i}`,
        message: `${ref.key} is archived: restore it before citing it, or cite current evidence`,
      });
  });
  if (missing.length > 0)
    throw new AppError('not_found', 'An evidence item was not found: nothing was recorded', {
      fieldErrors: missing,
    });
  return { ids: [...refs.keys()].sort(), errors };
}

/**
 * Records a run of an active check (control:update; contributors only for the checks assigned to them).
 * The run schedules the check's next due date (its date plus the frequency); a not-effective result
 * opens a follow-up (kept open by later partly effective runs), an effective one closes it.
 */
export async function recordCheckRun(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  controlId: string,
  checkId: string,
  input: TRecordControlCheckRunRequest,
): Promise<TControlCheckRun> {
  assertCan(actor, 'control:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadCheck(tx, organisationId, controlId, checkId);
    const performer = actor.membershipId;
    if (performer === null || !mayRecordRun(actor, { assigneeId: row.assignee_id }))
      throw forbidden(
        `Your role lets you record only the checks assigned to you: "${row.title}" is assigned to ${row.assignee_name}`,
      );
    assertActive(row);

    const today = await todayOf(tx, organisationId, clock);
    const evidence = await citedEvidence(tx, organisationId, input.evidenceIds ?? [], clock);
    const notes = input.notes ?? '';
    const errors = [...evidence.errors];
    if (input.performedOn > today)
      errors.push({
        field: 'body.performedOn',
        message: `A run is recorded once it is done: use today (${today}) or an earlier date`,
      });
    else if (row.last_run_on !== null && input.performedOn < row.last_run_on)
      errors.push({
        field: 'body.performedOn',
        message: `The latest run of this check was on ${row.last_run_on}: record this run on that day or later (a correction is a new run whose notes say what it corrects)`,
      });
    if (input.result !== 'effective' && notes === '')
      errors.push({
        field: 'body.notes',
        message: 'Say what was found: notes are required unless the result is effective',
      });
    if (errors.length > 0) throw invalidFields(errors);

    const runId = uuidv7();
    const nextDueOn = nextDueAfter(input.performedOn, ZCheckFrequency.parse(row.frequency));
    const followUp =
      input.result === 'not_effective'
        ? { runId: row.follow_up_run_id ?? runId, since: row.follow_up_since ?? input.performedOn }
        : input.result === 'effective'
          ? { runId: null, since: null }
          : { runId: row.follow_up_run_id, since: row.follow_up_since };
    const changes: Partial<repo.CheckColumns> = {
      next_due_on: nextDueOn,
      last_run_id: runId,
      last_run_on: input.performedOn,
      last_result: input.result,
      follow_up_run_id: followUp.runId,
      follow_up_since: followUp.since,
    };
    // the check's row first: on PostgreSQL its lock queues a concurrent run of the same check behind this one
    if (!(await repo.updateCheck(tx, organisationId, checkId, row.version, changes, now)))
      throw await stale(tx, organisationId, row, today);
    await repo.insertRun(
      tx,
      organisationId,
      {
        id: runId,
        check_id: checkId,
        result: input.result,
        notes,
        performed_on: input.performedOn,
        performed_by: performer,
        follow_up_required: input.result === 'not_effective',
        next_due_on: nextDueOn,
      },
      evidence.ids,
      now,
    );
    await recordAudit(tx, audit, {
      organisationId,
      action: 'control_check.run_recorded',
      subject: { type: 'control_check', id: checkId },
      changes: {
        ...diffChanges(null, {
          runId,
          result: input.result,
          notes,
          performedOn: input.performedOn,
          evidenceIds: evidence.ids,
          followUpRequired: input.result === 'not_effective',
        }),
        ...diffChanges(
          { nextDueOn: row.next_due_on, followUpRunId: row.follow_up_run_id },
          { nextDueOn, followUpRunId: followUp.runId },
        ),
      },
    });
    const run = await repo.getRun(tx, organisationId, runId);
    if (!run) throw notFound('The run');
    const [presented] = await runsOf(tx, organisationId, [run], clock);
    if (!presented) throw notFound('The run');
    return presented;
  });
}

// ---------------------------------------------------------------- for the controls, the SoA and the jobs

/**
 * The health of each of the controls (the rule: `ZControlHealth`), for services that have authorised
 * their caller already: the control register and, through it, the Statement of Applicability. Two
 * queries for any number of controls; `db` may be a transaction.
 */
export async function healthOfControls(
  db: Kysely<DB>,
  organisationId: string,
  controlIds: readonly string[],
  clock: Date,
): Promise<Map<string, TControlHealth>> {
  const today = await todayOf(db, organisationId, clock);
  const checks = new Map<string, HealthCheck[]>();
  for (const row of await repo.listActiveCheckStates(db, organisationId, controlIds)) {
    const list = checks.get(row.control_id) ?? [];
    list.push({
      nextDueOn: row.next_due_on,
      lastRunOn: row.last_run_on,
      lastResult: row.last_result === null ? null : ZCheckResult.parse(row.last_result),
      followUpOpen: row.follow_up_run_id !== null,
    });
    checks.set(row.control_id, list);
  }
  const freshness = await evidenceFreshnessOfControls(db, organisationId, controlIds, clock);
  return new Map(
    controlIds.map((id) => [
      id,
      controlHealth(checks.get(id) ?? [], freshness.get(id) ?? NO_FRESHNESS, today),
    ]),
  );
}

/** An active check due in a window, with the user to notify (see `checksToAnnounce`). */
export interface CheckToAnnounce {
  checkId: string;
  title: string;
  /** YYYY-MM-DD. */
  nextDueOn: string;
  controlId: string;
  controlKey: string;
  controlTitle: string;
  userId: string;
}

/**
 * The organisation's active checks due in the window whose assignee can still act, for the notification
 * jobs (which act for no one, so nothing is authorised here).
 */
export async function checksToAnnounce(
  db: Kysely<DB>,
  organisationId: string,
  window: repo.AnnounceWindow,
): Promise<CheckToAnnounce[]> {
  const rows = await repo.listChecksToAnnounce(db, organisationId, window);
  return rows.map((row) => ({
    checkId: row.id,
    title: row.title,
    nextDueOn: row.next_due_on,
    controlId: row.control_id,
    controlKey: controlKey({ annex_ref: row.control_annex_ref, key_number: row.control_key_number }),
    controlTitle: row.control_title,
    userId: row.user_id,
  }));
}
