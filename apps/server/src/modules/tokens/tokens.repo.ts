import type { Kysely } from 'kysely';
import { toJson } from '../../db/dialect.ts';
import type { DB } from '../../db/types.ts';

/** SQL of personal API tokens. Every function but the bearer look-up takes the organisation. */

const TOKEN_COLUMNS = [
  't.id',
  't.organisation_id',
  't.user_id',
  't.name',
  't.token_prefix',
  't.scopes',
  't.expires_at',
  't.last_used_at',
  't.created_at',
  'u.name as owner_name',
  'u.email as owner_email',
] as const;

export async function insertToken(
  db: Kysely<DB>,
  organisationId: string,
  values: {
    id: string;
    userId: string;
    name: string;
    tokenHash: string;
    tokenPrefix: string;
    scopes: readonly string[];
    expiresAt: string;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: values.id,
      organisation_id: organisationId,
      user_id: values.userId,
      name: values.name,
      token_hash: values.tokenHash,
      token_prefix: values.tokenPrefix,
      scopes: toJson(values.scopes),
      expires_at: values.expiresAt,
      created_at: values.createdAt,
    })
    .execute();
}

/** Tokens of the organisation that are not revoked, newest first; only one user's when `userId` is given. */
export function listTokens(db: Kysely<DB>, organisationId: string, options: { userId?: string } = {}) {
  let query = db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(TOKEN_COLUMNS)
    .where('t.organisation_id', '=', organisationId)
    .where('t.revoked_at', 'is', null);
  if (options.userId) query = query.where('t.user_id', '=', options.userId);
  return query.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').execute();
}

export type TokenRow = Awaited<ReturnType<typeof listTokens>>[number];

export function getToken(db: Kysely<DB>, organisationId: string, tokenId: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(TOKEN_COLUMNS)
    .where('t.organisation_id', '=', organisationId)
    .where('t.id', '=', tokenId)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Revokes a token that is still live; returns whether it did. */
export async function revokeToken(
  db: Kysely<DB>,
  organisationId: string,
  tokenId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Unscoped on purpose: a bearer request names no organisation, the token itself does. Returns the token
 * with what decides whether it still works: its owner's account and membership in its organisation.
 */
export function unsafeFindTokenByHash(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.user_id', '=', 't.user_id').onRef('m.organisation_id', '=', 't.organisation_id'),
    )
    .select([
      't.id',
      't.organisation_id',
      't.user_id',
      't.scopes',
      't.expires_at',
      't.revoked_at',
      'u.status as user_status',
      'm.id as membership_id',
      'm.role',
      'm.status as membership_status',
      'm.expires_at as membership_expires_at',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Sets `last_used_at` unless it was set after `notAfter`; returns whether it did. Of concurrent requests
 * only one wins, so the caller's follow-up work runs at most once per interval.
 */
export async function touchToken(
  db: Kysely<DB>,
  organisationId: string,
  tokenId: string,
  now: string,
  notAfter: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', notAfter)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** When the token's use was last recorded in the organisation's audit trail, or undefined. */
export async function lastRecordedUse(
  db: Kysely<DB>,
  organisationId: string,
  tokenId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('audit_events')
    .select('occurred_at')
    .where('organisation_id', '=', organisationId)
    .where('subject_type', '=', 'api_token')
    .where('subject_id', '=', tokenId)
    .where('action', '=', 'api_token.used')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.occurred_at;
}
