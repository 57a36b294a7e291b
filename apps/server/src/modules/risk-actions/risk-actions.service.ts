import {
  OPEN_RISK_ACTION_STATUSES,
  type TCreateRiskActionRequest,
  type TFieldError,
  type TRiskAction,
  type TRiskActionList,
  type TRiskActionOverview,
  type TRiskActionOverviewQuery,
  type TUpdateRiskActionRequest,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { formatKey } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { localDate } from '../notifications/notification-messages.ts';
import { findRisk, type StoredRisk } from '../risks/risks.service.ts';
import { mayEditAction, mayManageActions } from './risk-actions.policy.ts';
import { presentAction, presentActionWithRisk } from './risk-actions.presenter.ts';
import * as repo from './risk-actions.repo.ts';

/** Today in the organisation's time zone: what "overdue" is measured against. */
async function todayOf(db: Kysely<DB>, organisationId: string, clock: Date): Promise<string> {
  return localDate(clock, await repo.timeZoneOf(db, organisationId));
}

async function loadAction(
  db: Kysely<DB>,
  organisationId: string,
  riskId: string,
  actionId: string,
): Promise<repo.ActionRow> {
  const row = await repo.getAction(db, organisationId, riskId, actionId);
  if (!row) throw notFound('The action');
  return row;
}

function invalidFields(errors: TFieldError[]): AppError {
  const detail = errors.length === 1 && errors[0] ? errors[0].message : 'Some fields are not valid';
  return new AppError('validation_failed', detail, { fieldErrors: errors });
}

async function ownerErrors(db: Kysely<DB>, organisationId: string, ownerId: string): Promise<TFieldError[]> {
  return (await repo.isActiveMember(db, organisationId, ownerId))
    ? []
    : [{ field: 'body.ownerId', message: 'Choose the owner from the active people of this organisation' }];
}

const NEEDS_NOTE: TFieldError = {
  field: 'body.completionNote',
  message: 'Say what was done before marking the action done',
};

function assertMayManage(actor: Actor, risk: StoredRisk): void {
  if (!mayManageActions(actor, { ownerId: risk.owner_id }))
    throw forbidden(
      `Your role lets you plan actions only for the risks you own: ask the owner of ${formatKey('risk', risk.key_number)} or a security officer`,
    );
}

function assertOpen(risk: StoredRisk): void {
  if (risk.status === 'closed')
    throw new AppError(
      'conflict',
      `${formatKey('risk', risk.key_number)} is closed: reopen it before changing its treatment plan`,
    );
}

/** An action as its audit events record it. */
function auditView(columns: repo.ActionColumns): Record<string, unknown> {
  return {
    title: columns.title,
    description: columns.description,
    ownerId: columns.owner_id,
    dueOn: columns.due_on,
    status: columns.status,
    completionNote: columns.completion_note,
    evidenceUrl: columns.evidence_url,
  };
}

function columnsOf(row: repo.ActionRow): repo.ActionColumns {
  return {
    title: row.title,
    description: row.description,
    owner_id: row.owner_id,
    due_on: row.due_on,
    status: row.status,
    completion_note: row.completion_note,
    evidence_url: row.evidence_url,
    completed_at: row.completed_at,
  };
}

// ---------------------------------------------------------------- reading

export async function listRiskActions(
  deps: Deps,
  actor: Actor | null,
  riskId: string,
): Promise<TRiskActionList> {
  assertCan(actor, 'risk:read');
  const organisationId = actor.organisationId;
  await findRisk(deps.db, organisationId, riskId);
  const today = await todayOf(deps.db, organisationId, deps.now());
  const rows = await repo.listActionsOfRisk(deps.db, organisationId, riskId);
  return { items: rows.map((row) => presentAction(row, today)) };
}

/** The organisation's actions (of risks not closed), e.g. every overdue one, by due date. */
export async function listActions(
  deps: Deps,
  actor: Actor | null,
  query: TRiskActionOverviewQuery,
): Promise<TRiskActionOverview> {
  assertCan(actor, 'risk:read');
  const organisationId = actor.organisationId;
  const today = await todayOf(deps.db, organisationId, deps.now());
  const rows = await repo.listActions(deps.db, organisationId, {
    ownerId: query.ownerId,
    status: query.status,
    dueBefore: query.overdue ? today : undefined,
    openStatuses: OPEN_RISK_ACTION_STATUSES,
    limit: query.limit,
  });
  return { items: rows.map((row) => presentActionWithRisk(row, today)) };
}

// ---------------------------------------------------------------- writing

export async function createAction(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  riskId: string,
  input: TCreateRiskActionRequest,
): Promise<TRiskAction> {
  assertCan(actor, 'risk:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const risk = await findRisk(tx, organisationId, riskId);
    assertMayManage(actor, risk);
    assertOpen(risk);
    const status = input.status ?? 'planned';
    const columns: repo.ActionColumns = {
      title: input.title,
      description: input.description ?? '',
      owner_id: input.ownerId,
      due_on: input.dueOn,
      status,
      completion_note: input.completionNote ?? null,
      evidence_url: input.evidenceUrl ?? null,
      completed_at: status === 'done' ? now : null,
    };
    const errors = await ownerErrors(tx, organisationId, input.ownerId);
    if (status === 'done' && columns.completion_note === null) errors.push(NEEDS_NOTE);
    if (errors.length > 0) throw invalidFields(errors);

    const id = uuidv7();
    await repo.insertAction(tx, organisationId, { id, risk_id: riskId, ...columns }, now);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'risk_action.created',
      subject: { type: 'risk_action', id },
      changes: diffChanges(null, { riskId, ...auditView(columns) }),
    });
    const today = await todayOf(tx, organisationId, clock);
    return presentAction(await loadAction(tx, organisationId, riskId, id), today);
  });
}

export async function updateAction(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  riskId: string,
  actionId: string,
  input: TUpdateRiskActionRequest,
): Promise<TRiskAction> {
  assertCan(actor, 'risk:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const risk = await findRisk(tx, organisationId, riskId);
    const row = await loadAction(tx, organisationId, riskId, actionId);
    if (!mayEditAction(actor, { ownerId: row.owner_id, riskOwnerId: risk.owner_id }))
      throw forbidden(
        `Your role lets you edit only the actions you own or the actions of risks you own: ask the owner of ${formatKey('risk', risk.key_number)} or a security officer`,
      );
    const today = await todayOf(tx, organisationId, clock);
    const stale = async () =>
      new AppError(
        'conflict',
        `The action "${row.title}" was changed by someone else: review the current values and try again`,
        {
          extensions: {
            current: presentAction(await loadAction(tx, organisationId, riskId, actionId), today),
          },
        },
      );
    if (row.version !== input.version) throw await stale();
    assertOpen(risk);

    const before = columnsOf(row);
    const after: repo.ActionColumns = {
      title: input.title ?? before.title,
      description: input.description ?? before.description,
      owner_id: input.ownerId ?? before.owner_id,
      due_on: input.dueOn ?? before.due_on,
      status: input.status ?? before.status,
      completion_note: input.completionNote === undefined ? before.completion_note : input.completionNote,
      evidence_url: input.evidenceUrl === undefined ? before.evidence_url : input.evidenceUrl,
      completed_at:
        (input.status ?? before.status) === 'done'
          ? before.status === 'done'
            ? before.completed_at
            : now
          : null,
    };
    const errors: TFieldError[] = [];
    if (after.owner_id !== before.owner_id)
      errors.push(...(await ownerErrors(tx, organisationId, after.owner_id)));
    if (after.status === 'done' && after.completion_note === null) errors.push(NEEDS_NOTE);
    if (errors.length > 0) throw invalidFields(errors);

    const changes = diffChanges(auditView(before), auditView(after));
    if (Object.keys(changes).length === 0) return presentAction(row, today);
    if (!(await repo.updateAction(tx, organisationId, actionId, input.version, after, now)))
      throw await stale();
    await recordAudit(tx, audit, {
      organisationId,
      action: 'risk_action.updated',
      subject: { type: 'risk_action', id: actionId },
      changes,
    });
    return presentAction(await loadAction(tx, organisationId, riskId, actionId), today);
  });
}
