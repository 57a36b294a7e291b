import type { Insertable, Kysely } from 'kysely';
import type { DB, InvitationsTable, MembershipsTable, UsersTable } from '../../db/types.ts';

/**
 * SQL of invitations. Every function takes the organisation id, except the lookups by token and by
 * email that an invitee needs before they belong to any organisation: those are named `unsafe...`.
 */

function invitationsQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('invitations as i')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .select([
      'i.id',
      'i.organisation_id',
      'i.email',
      'i.name',
      'i.role',
      'i.department',
      'i.job_title',
      'i.invited_by',
      'u.name as invited_by_name',
      'i.expires_at',
      'i.accepted_at',
      'i.revoked_at',
      'i.created_at',
      'i.version',
    ])
    .where('i.organisation_id', '=', organisationId);
}

export type InvitationRow = NonNullable<Awaited<ReturnType<typeof getInvitation>>>;

export function getInvitation(db: Kysely<DB>, organisationId: string, invitationId: string) {
  return invitationsQuery(db, organisationId).where('i.id', '=', invitationId).executeTakeFirst();
}

/** Newest first; `status` is derived from the dates against `now`. */
export function listInvitations(
  db: Kysely<DB>,
  organisationId: string,
  filter: { status?: 'pending' | 'accepted' | 'expired' | 'revoked' | undefined; now: string },
  page: { limit: number; beforeId: string | null },
) {
  let query = invitationsQuery(db, organisationId);
  const open = query.where('i.accepted_at', 'is', null).where('i.revoked_at', 'is', null);
  switch (filter.status) {
    case 'accepted':
      query = query.where('i.accepted_at', 'is not', null);
      break;
    case 'revoked':
      query = query.where('i.accepted_at', 'is', null).where('i.revoked_at', 'is not', null);
      break;
    case 'pending':
      query = open.where('i.expires_at', '>', filter.now);
      break;
    case 'expired':
      query = open.where('i.expires_at', '<=', filter.now);
      break;
    case undefined:
      break;
  }
  if (page.beforeId) query = query.where('i.id', '<', page.beforeId);
  return query.orderBy('i.id', 'desc').limit(page.limit).execute();
}

/** The membership this organisation already has for an email, if any. */
export function findMembershipByEmail(db: Kysely<DB>, organisationId: string, email: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.status', 'm.expires_at'])
    .where('m.organisation_id', '=', organisationId)
    .where('u.email', '=', email)
    .executeTakeFirst();
}

export async function hasPendingInvitation(
  db: Kysely<DB>,
  organisationId: string,
  email: string,
  now: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('invitations')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertInvitation(
  db: Kysely<DB>,
  organisationId: string,
  values: Omit<Insertable<InvitationsTable>, 'organisation_id'>,
): Promise<void> {
  await db
    .insertInto('invitations')
    .values({ ...values, organisation_id: organisationId })
    .execute();
}

/** A new token and expiry for an open invitation (the old token stops working); false when it is closed. */
export async function renewInvitationToken(
  db: Kysely<DB>,
  organisationId: string,
  invitationId: string,
  values: { tokenHash: string; expiresAt: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set((eb) => ({
      token_hash: values.tokenHash,
      expires_at: values.expiresAt,
      updated_at: values.now,
      version: eb('version', '+', 1),
    }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Withdraws an open invitation; false when it is already accepted or withdrawn. */
export async function revokeInvitation(
  db: Kysely<DB>,
  organisationId: string,
  invitationId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set((eb) => ({ revoked_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invitationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Marks an invitation accepted if it is still open and unexpired and `tokenHash` is still its token.
 * The condition and the write are one statement, so a link works exactly once even when used twice at
 * the same moment; false when it no longer works.
 */
export async function markInvitationAccepted(
  db: Kysely<DB>,
  organisationId: string,
  invitationId: string,
  tokenHash: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set((eb) => ({ accepted_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', invitationId)
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * The open, unexpired invitation a link's token belongs to, with its organisation's name. Unscoped:
 * the invitee has no organisation yet; the token (256 bits, stored hashed) is the authorisation.
 */
export function unsafeFindOpenInvitationByTokenHash(db: Kysely<DB>, tokenHash: string, now: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select([
      'i.id',
      'i.organisation_id',
      'o.name as organisation_name',
      'i.email',
      'i.name',
      'i.role',
      'i.department',
      'i.job_title',
    ])
    .where('i.token_hash', '=', tokenHash)
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * The account of an email, whichever organisations it belongs to. Unscoped: accounts are per person,
 * and an invitee joining with an existing account proves it with that account's password.
 */
export function unsafeFindUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'password_hash', 'status'])
    .where('email', '=', email)
    .executeTakeFirst();
}

export async function getUserName(db: Kysely<DB>, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? null;
}

export async function getOrganisationName(db: Kysely<DB>, organisationId: string): Promise<string> {
  const row = await db
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  return row.name;
}

export async function insertUser(db: Kysely<DB>, values: Insertable<UsersTable>): Promise<void> {
  await db.insertInto('users').values(values).execute();
}

export async function hasMembership(
  db: Kysely<DB>,
  organisationId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('memberships')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertMembership(
  db: Kysely<DB>,
  organisationId: string,
  values: Omit<Insertable<MembershipsTable>, 'organisation_id'>,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ ...values, organisation_id: organisationId })
    .execute();
}
