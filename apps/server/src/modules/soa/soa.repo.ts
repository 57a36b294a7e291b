import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of the Statement of Applicability's versions: published versions and their frozen rows, and the
 * names a file header needs. Every function takes the organisation id, so another organisation's version
 * is never read or written. The current SoA is read through the controls and risks services.
 */

function versionsQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('soa_versions')
    .select([
      'id',
      'number',
      'approved_by',
      'approver_name',
      'approver_role',
      'approval_note',
      'approved_at',
      'summary',
      'acknowledged_warnings',
    ])
    .where('organisation_id', '=', organisationId);
}

export type VersionRow = NonNullable<Awaited<ReturnType<typeof getVersion>>>;

export function getVersion(db: Kysely<DB>, organisationId: string, versionId: string) {
  return versionsQuery(db, organisationId).where('id', '=', versionId).executeTakeFirst();
}

/** Newest first. */
export function listVersions(db: Kysely<DB>, organisationId: string) {
  return versionsQuery(db, organisationId).orderBy('number', 'desc').execute();
}

/** The number of the last published version, or null before the first. */
export async function latestNumber(db: Kysely<DB>, organisationId: string): Promise<number | null> {
  const row = await db
    .selectFrom('soa_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row?.n === null || row?.n === undefined ? null : Number(row.n);
}

/** The frozen rows of a version, in the version's order. */
export function listItems(db: Kysely<DB>, organisationId: string, versionId: string) {
  return db
    .selectFrom('soa_version_items')
    .select(['entry'])
    .where('organisation_id', '=', organisationId)
    .where('version_id', '=', versionId)
    .orderBy('position')
    .execute();
}

export interface NewVersion {
  id: string;
  number: number;
  approved_by: string;
  approver_name: string;
  approver_role: string;
  approval_note: string;
  approved_at: string;
  summary: string;
  acknowledged_warnings: string;
}

export async function insertVersion(
  tx: Kysely<DB>,
  organisationId: string,
  row: NewVersion,
  items: readonly { controlId: string; entry: string }[],
): Promise<void> {
  await tx
    .insertInto('soa_versions')
    .values({ ...row, organisation_id: organisationId })
    .execute();
  // in chunks, to stay under the bound-parameter limits of both dialects on large registers
  for (let i = 0; i < items.length; i += 500) {
    await tx
      .insertInto('soa_version_items')
      .values(
        items.slice(i, i + 500).map((item, j) => ({
          version_id: row.id,
          organisation_id: organisationId,
          control_id: item.controlId,
          position: i + j,
          entry: item.entry,
        })),
      )
      .execute();
  }
}

/** The organisation's name and time zone, for file headers. */
export function organisationOf(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('organisations')
    .select(['name', 'time_zone'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
}

/** A user's name (the approver of a version, the author of an export). */
export async function userName(db: Kysely<DB>, userId: string): Promise<string> {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.name;
}
