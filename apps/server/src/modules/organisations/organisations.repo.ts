import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/** SQL of organisation settings. Every function takes the organisation id it works on. */

export function getOrganisation(db: Kysely<DB>, organisationId: string) {
  return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
}

/**
 * Whether another organisation uses `slug`. Reads across organisations because slugs are unique on
 * the whole instance; it answers only yes or no.
 */
export async function unsafeSlugTakenElsewhere(
  db: Kysely<DB>,
  organisationId: string,
  slug: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('slug', '=', slug)
    .where('id', '!=', organisationId)
    .executeTakeFirst();
  return row !== undefined;
}

export interface OrganisationChanges {
  name?: string;
  slug?: string;
  time_zone?: string;
  locale?: string;
  session_idle_minutes?: number;
  session_absolute_minutes?: number;
  mfa_policy?: 'off' | 'all' | 'roles';
  /** JSON text (`toJson`). */
  mfa_roles?: string;
}

/** Applies changes when the organisation still has `version`; false when it was changed meanwhile. */
export async function updateOrganisation(
  db: Kysely<DB>,
  organisationId: string,
  version: number,
  changes: OrganisationChanges,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('organisations')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', organisationId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
