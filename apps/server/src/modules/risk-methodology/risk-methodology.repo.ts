import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of the risk methodology: one row per version of an organisation's methodology, the current one
 * flagged. Every function takes the organisation id, so another organisation's versions are never read.
 */

function versionsQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('risk_methodologies as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .where('m.organisation_id', '=', organisationId);
}

function methodologyQuery(db: Kysely<DB>, organisationId: string) {
  return versionsQuery(db, organisationId).select([
    'm.id',
    'm.version',
    'm.current',
    'm.definition',
    'm.created_by',
    'u.name as created_by_name',
    'm.created_at',
  ]);
}

export type MethodologyRow = NonNullable<Awaited<ReturnType<typeof getCurrent>>>;

export function getCurrent(db: Kysely<DB>, organisationId: string) {
  return methodologyQuery(db, organisationId).where('m.current', '=', true).executeTakeFirst();
}

export function getVersion(db: Kysely<DB>, organisationId: string, version: number) {
  return methodologyQuery(db, organisationId).where('m.version', '=', version).executeTakeFirst();
}

/** Every version without its definition, newest first. */
export function listVersions(db: Kysely<DB>, organisationId: string) {
  return versionsQuery(db, organisationId)
    .select(['m.version', 'm.current', 'm.created_at', 'm.created_by', 'u.name as created_by_name'])
    .orderBy('m.version', 'desc')
    .execute();
}

export type VersionSummaryRow = Awaited<ReturnType<typeof listVersions>>[number];

/** Every version of the organisation (an organisation has a handful), without definitions, oldest first. */
export function listVersionRows(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('risk_methodologies')
    .select(['id', 'version', 'current'])
    .where('organisation_id', '=', organisationId)
    .orderBy('version')
    .execute();
}

/** The definitions of the organisation's versions with these row ids. */
export function listDefinitions(db: Kysely<DB>, organisationId: string, ids: readonly string[]) {
  return db
    .selectFrom('risk_methodologies')
    .select(['id', 'definition'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', ids)
    .execute();
}

export interface NewVersion {
  id: string;
  version: number;
  /** JSON text (`toJson`). */
  definition: string;
  createdBy: string | null;
  createdAt: string;
}

/**
 * Inserts a current version unless the organisation already has that version number: concurrent first
 * readers all try version 1, one row wins and the others wait for it and insert nothing. True when this
 * call inserted the row.
 */
export async function insertVersionIfAbsent(
  db: Kysely<DB>,
  organisationId: string,
  row: NewVersion,
): Promise<boolean> {
  const inserted = await db
    .insertInto('risk_methodologies')
    .values({
      id: row.id,
      organisation_id: organisationId,
      version: row.version,
      current: true,
      definition: row.definition,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Takes the current flag from `version` when it still has it; false when another version became current
 * meanwhile (on PostgreSQL the row lock makes a concurrent editor wait and then find it gone).
 */
export async function retireCurrent(
  db: Kysely<DB>,
  organisationId: string,
  version: number,
): Promise<boolean> {
  const result = await db
    .updateTable('risk_methodologies')
    .set({ current: false })
    .where('organisation_id', '=', organisationId)
    .where('version', '=', version)
    .where('current', '=', true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
