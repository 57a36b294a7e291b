import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/** SQL of forgotten-password resets. A reset belongs to a user (accounts span organisations). */

export async function insertPasswordReset(
  db: Kysely<DB>,
  userId: string,
  values: { id: string; tokenHash: string; expiresAt: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({
      id: values.id,
      user_id: userId,
      token_hash: values.tokenHash,
      expires_at: values.expiresAt,
      created_at: values.createdAt,
    })
    .execute();
}

/** Resets of the user still usable at `now`: unused and unexpired. */
export async function countOpenPasswordResets(db: Kysely<DB>, userId: string, now: string): Promise<number> {
  const row = await db
    .selectFrom('password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Unscoped on purpose: the person following a reset link is not signed in, the token names the user.
 * Returns the reset with its user's email and status.
 */
export function unsafeFindPasswordResetByHash(db: Kysely<DB>, tokenHash: string) {
  return db
    .selectFrom('password_resets as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.user_id', 'r.expires_at', 'r.used_at', 'u.email', 'u.status as user_status'])
    .where('r.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Uses up every open reset of the user, `resetId` included; returns whether `resetId` was still open and
 * unexpired, so of two concurrent uses of one link only one succeeds.
 */
export async function useUpPasswordResets(
  db: Kysely<DB>,
  userId: string,
  resetId: string,
  now: string,
): Promise<boolean> {
  const claimed = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('id', '=', resetId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return false;
  await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  return true;
}

export async function setPasswordHash(
  db: Kysely<DB>,
  userId: string,
  passwordHash: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ password_hash: passwordHash, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}
