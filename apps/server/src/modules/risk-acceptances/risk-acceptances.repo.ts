import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of risk acceptances. Every function takes the organisation id, so another organisation's
 * acceptance is never read or written. Rows carry the acceptor's name.
 */

function acceptancesQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('risk_acceptances as ra')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'ra.accepted_by').onRef('m.organisation_id', '=', 'ra.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'ra.id',
      'ra.risk_id',
      'ra.accepted_by',
      'u.name as accepted_by_name',
      'ra.acceptor_role',
      'ra.justification',
      'ra.methodology_version',
      'ra.residual_likelihood',
      'ra.residual_impact',
      'ra.residual_level',
      'ra.accepted_at',
      'ra.expires_on',
      'ra.withdrawn_at',
    ])
    .where('ra.organisation_id', '=', organisationId);
}

/** A risk's acceptances, newest first. */
export function listAcceptances(db: Kysely<DB>, organisationId: string, riskId: string) {
  return acceptancesQuery(db, organisationId)
    .where('ra.risk_id', '=', riskId)
    .orderBy('ra.accepted_at', 'desc')
    .orderBy('ra.id', 'desc')
    .execute();
}

export type AcceptanceRow = Awaited<ReturnType<typeof listAcceptances>>[number];

/** The newest acceptance not withdrawn of each of these risks. */
export async function currentAcceptances(
  db: Kysely<DB>,
  organisationId: string,
  riskIds: readonly string[],
): Promise<Map<string, AcceptanceRow>> {
  const current = new Map<string, AcceptanceRow>();
  if (riskIds.length === 0) return current;
  const rows = await acceptancesQuery(db, organisationId)
    .where('ra.risk_id', 'in', riskIds)
    .where('ra.withdrawn_at', 'is', null)
    .orderBy('ra.accepted_at', 'desc')
    .orderBy('ra.id', 'desc')
    .execute();
  for (const row of rows) if (!current.has(row.risk_id)) current.set(row.risk_id, row);
  return current;
}

export interface NewAcceptance {
  id: string;
  risk_id: string;
  accepted_by: string;
  acceptor_role: string;
  justification: string;
  methodology_version: number;
  residual_likelihood: number;
  residual_impact: number;
  residual_level: string;
  accepted_at: string;
  expires_on: string;
}

export async function insertAcceptance(
  db: Kysely<DB>,
  organisationId: string,
  row: NewAcceptance,
): Promise<void> {
  await db
    .insertInto('risk_acceptances')
    .values({ ...row, organisation_id: organisationId })
    .execute();
}

/** Withdraws an acceptance still in force; false when it was withdrawn already. */
export async function withdrawAcceptance(
  db: Kysely<DB>,
  organisationId: string,
  acceptanceId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('risk_acceptances')
    .set({ withdrawn_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', acceptanceId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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
