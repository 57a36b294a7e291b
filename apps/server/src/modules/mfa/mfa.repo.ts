import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/types.ts';

/**
 * SQL of two-factor authentication. TOTP and recovery codes belong to a person, not to one
 * organisation, so every function is scoped by the user id.
 */

export function getUserMfa(db: Kysely<DB>, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

/** Keeps a new (sealed) secret waiting for confirmation; only while TOTP is not enabled. */
export async function setPendingSecret(
  db: Kysely<DB>,
  userId: string,
  sealedSecret: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({
      totp_secret: sealedSecret,
      totp_last_step: null,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records `step` as the last accepted TOTP time step, only if it is later than the one stored:
 * a compare-and-set, so two requests racing with one code cannot both be accepted. False on replay.
 */
export async function claimTimeStep(db: Kysely<DB>, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Turns the pending secret on, if it is still the one the code was checked against; false when TOTP is
 * already on or a newer enrolment replaced the secret meanwhile.
 */
export async function enableTotp(
  db: Kysely<DB>,
  userId: string,
  sealedSecret: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({ totp_enabled_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', userId)
    .where('totp_enabled_at', 'is', null)
    .where('totp_secret', '=', sealedSecret)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function disableTotp(db: Kysely<DB>, userId: string, now: string): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', userId)
    .execute();
  await deleteRecoveryCodes(db, userId);
}

export async function deleteRecoveryCodes(db: Kysely<DB>, userId: string): Promise<number> {
  const result = await db.deleteFrom('recovery_codes').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Replaces every recovery code of the user (used or not) with new ones, given as hashes. */
export async function replaceRecoveryCodes(
  db: Kysely<DB>,
  userId: string,
  codeHashes: readonly string[],
  now: string,
): Promise<void> {
  await deleteRecoveryCodes(db, userId);
  await db
    .insertInto('recovery_codes')
    .values(codeHashes.map((code_hash) => ({ id: uuidv7(), user_id: userId, code_hash, created_at: now })))
    .execute();
}

export async function countUnusedRecoveryCodes(db: Kysely<DB>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Spends an unused recovery code of the user; false when there is none with this hash (or it was used). */
export async function useRecoveryCode(
  db: Kysely<DB>,
  userId: string,
  codeHash: string,
  now: string,
): Promise<boolean> {
  const code = await db
    .selectFrom('recovery_codes')
    .select('id')
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (!code) return false;
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('id', '=', code.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The MFA policy of each organisation the user is an active member of, with their role there. */
export function listMfaPoliciesOfUser(db: Kysely<DB>, userId: string, now: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.id as organisationId', 'o.name as organisationName', 'o.mfa_policy', 'o.mfa_roles', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .where((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', now)]))
    .execute();
}

/** Ends one session of the user (the one being replaced by a new token); false when it had already ended. */
export async function endSession(
  db: Kysely<DB>,
  userId: string,
  sessionId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
