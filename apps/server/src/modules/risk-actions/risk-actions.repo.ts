import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of treatment plans: the actions of risks. Every function takes the organisation id, so another
 * organisation's action is never read or written. Rows carry the owner's name and the risk's key,
 * title and owner (the policy needs the risk's owner).
 */

function actionsQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('risk_actions as a')
    .innerJoin('risks as r', (join) =>
      join.onRef('r.id', '=', 'a.risk_id').onRef('r.organisation_id', '=', 'a.organisation_id'),
    )
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'a.owner_id').onRef('m.organisation_id', '=', 'a.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'a.id',
      'a.risk_id',
      'a.title',
      'a.description',
      'a.owner_id',
      'u.name as owner_name',
      'a.due_on',
      'a.status',
      'a.completion_note',
      'a.evidence_url',
      'a.completed_at',
      'a.created_at',
      'a.updated_at',
      'a.version',
      'r.key_number as risk_key_number',
      'r.title as risk_title',
      'r.owner_id as risk_owner_id',
    ])
    .where('a.organisation_id', '=', organisationId);
}

export type ActionRow = NonNullable<Awaited<ReturnType<typeof getAction>>>;

export function getAction(db: Kysely<DB>, organisationId: string, riskId: string, actionId: string) {
  return actionsQuery(db, organisationId)
    .where('a.risk_id', '=', riskId)
    .where('a.id', '=', actionId)
    .executeTakeFirst();
}

/** A risk's actions by due date. */
export function listActionsOfRisk(db: Kysely<DB>, organisationId: string, riskId: string) {
  return actionsQuery(db, organisationId)
    .where('a.risk_id', '=', riskId)
    .orderBy('a.due_on')
    .orderBy('a.id')
    .execute();
}

export interface ActionFilter {
  ownerId?: string | undefined;
  status?: string | undefined;
  /** Open actions due before this date (YYYY-MM-DD). */
  dueBefore?: string | undefined;
  openStatuses: readonly string[];
  limit: number;
}

/** The organisation's actions, by due date; never those of closed risks. */
export function listActions(db: Kysely<DB>, organisationId: string, filter: ActionFilter) {
  let query = actionsQuery(db, organisationId).where('r.status', '!=', 'closed');
  if (filter.ownerId) query = query.where('a.owner_id', '=', filter.ownerId);
  if (filter.status) query = query.where('a.status', '=', filter.status);
  if (filter.dueBefore)
    query = query.where('a.due_on', '<', filter.dueBefore).where('a.status', 'in', filter.openStatuses);
  return query.orderBy('a.due_on').orderBy('a.id').limit(filter.limit).execute();
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

/** Whether a membership of this organisation is active (a person who can own an action). */
export async function isActiveMember(
  db: Kysely<DB>,
  organisationId: string,
  membershipId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', membershipId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

/** The stored columns of an action that edits change. */
export interface ActionColumns {
  title: string;
  description: string;
  owner_id: string;
  due_on: string;
  status: string;
  completion_note: string | null;
  evidence_url: string | null;
  completed_at: string | null;
}

export async function insertAction(
  db: Kysely<DB>,
  organisationId: string,
  row: ActionColumns & { id: string; risk_id: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('risk_actions')
    .values({ ...row, organisation_id: organisationId, created_at: now, updated_at: now })
    .execute();
}

/** Applies changes when the action still has `version`; false when it was changed meanwhile. */
export async function updateAction(
  db: Kysely<DB>,
  organisationId: string,
  actionId: string,
  version: number,
  changes: Partial<ActionColumns>,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('risk_actions')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', actionId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
