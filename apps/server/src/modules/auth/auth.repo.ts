import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of accounts and sessions. Users and sessions belong to a person, not to one organisation, so their
 * scope is the user id; organisation data is always read through a membership.
 */

export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function getUser(db: Kysely<DB>, userId: string) {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export async function countOrganisations(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Active memberships of a user with their organisation, oldest first. */
export function listMembershipsOfUser(db: Kysely<DB>, userId: string, now: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'm.id as membershipId',
      'm.role',
      'm.organisation_id as organisationId',
      'o.name as organisationName',
      'o.slug as organisationSlug',
    ])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .where((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', now)]))
    .orderBy('m.created_at')
    .execute();
}

export function getOrganisation(db: Kysely<DB>, organisationId: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
}

/**
 * A session by its token's hash, with what every request needs to resolve it, in one statement: the
 * user's status and MFA, the organisation's session and MFA policy, and the user's active membership of
 * it (null when there is none, or it was disabled or has expired by `now`).
 */
export function findSessionByTokenHash(db: Kysely<DB>, tokenHash: string, now: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('organisations as o', 'o.id', 's.organisation_id')
    .leftJoin('memberships as m', (join) =>
      join
        .onRef('m.organisation_id', '=', 's.organisation_id')
        .onRef('m.user_id', '=', 's.user_id')
        .on('m.status', '=', 'active')
        .on((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', now)])),
    )
    .select([
      's.id',
      's.user_id',
      's.organisation_id',
      's.mfa_passed',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.revoked_at',
      'u.status as user_status',
      'u.totp_enabled_at',
      'o.session_idle_minutes',
      'o.mfa_policy',
      'o.mfa_roles',
      'm.id as membership_id',
      'm.role as membership_role',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export function listSessionsOfUser(db: Kysely<DB>, userId: string, now: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Ends sessions of a user, all or all but one; returns how many. */
export async function revokeSessionsOfUser(
  db: Kysely<DB>,
  userId: string,
  now: string,
  options: { except?: string; only?: string } = {},
): Promise<number> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (options.except) query = query.where('id', '!=', options.except);
  if (options.only) query = query.where('id', '=', options.only);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
