import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of the asset inventory. Every function takes the organisation id, so another organisation's asset
 * is never read or written.
 */

export interface AssetFilter {
  kind?: string | undefined;
  classification?: string | undefined;
  ownerId?: string | undefined;
  personalData?: boolean | undefined;
  q?: string | undefined;
  includeArchived?: boolean | undefined;
}

/** The last row of a page: assets are ordered by lower-case name, then id. */
export interface AssetCursor {
  name: string;
  id: string;
}

const sortName = sql<string>`lower(${sql.ref('a.name')})`;

function assetsQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('assets as a')
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'a.owner_id').onRef('m.organisation_id', '=', 'a.organisation_id'),
    )
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select((eb) => [
      'a.id',
      'a.key_number',
      'a.name',
      'a.kind',
      'a.description',
      'a.owner_id',
      'u.name as owner_name',
      'a.classification',
      'a.personal_data',
      'a.citizen_data',
      'a.confidentiality',
      'a.integrity',
      'a.availability',
      'a.location',
      'a.notes',
      'a.archived_at',
      'a.created_at',
      'a.updated_at',
      'a.version',
      sortName.as('sort_name'),
      eb
        .selectFrom('risk_assets as ra')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('ra.asset_id', '=', 'a.id')
        .as('risk_count'),
    ])
    .where('a.organisation_id', '=', organisationId);
}

export type AssetRow = NonNullable<Awaited<ReturnType<typeof getAsset>>>;

/** `%text%` for LIKE, lower-cased, with LIKE's wildcards in the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listAssets(
  db: Kysely<DB>,
  organisationId: string,
  filter: AssetFilter,
  page: { limit: number; after: AssetCursor | null },
) {
  let query = assetsQuery(db, organisationId);
  if (!filter.includeArchived) query = query.where('a.archived_at', 'is', null);
  if (filter.kind) query = query.where('a.kind', '=', filter.kind);
  if (filter.classification) query = query.where('a.classification', '=', filter.classification);
  if (filter.ownerId) query = query.where('a.owner_id', '=', filter.ownerId);
  if (filter.personalData !== undefined) query = query.where('a.personal_data', '=', filter.personalData);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where(
      (eb) =>
        sql<boolean>`(lower(${eb.ref('a.name')}) like ${pattern} escape '\\' or lower(${eb.ref('a.description')}) like ${pattern} escape '\\')`,
    );
  }
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb(sortName, '>', after.name),
        eb.and([eb(sortName, '=', after.name), eb('a.id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy(sortName).orderBy('a.id').limit(page.limit).execute();
}

export function getAsset(db: Kysely<DB>, organisationId: string, assetId: string) {
  return assetsQuery(db, organisationId).where('a.id', '=', assetId).executeTakeFirst();
}

/** Whether a membership of this organisation is active (a person who can own an asset). */
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

export interface AssetFields {
  name: string;
  kind: string;
  description: string;
  owner_id: string | null;
  classification: string;
  personal_data: boolean;
  citizen_data: boolean;
  confidentiality: number;
  integrity: number;
  availability: number;
  location: string | null;
  notes: string;
}

export async function insertAsset(
  db: Kysely<DB>,
  organisationId: string,
  row: AssetFields & { id: string; key_number: number },
  now: string,
): Promise<void> {
  await db
    .insertInto('assets')
    .values({ ...row, organisation_id: organisationId, created_at: now, updated_at: now })
    .execute();
}

/** Applies changes when the asset still has `version`; false when it was changed meanwhile. */
export async function updateAsset(
  db: Kysely<DB>,
  organisationId: string,
  assetId: string,
  version: number,
  changes: Partial<AssetFields> & { archived_at?: string | null },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('assets')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', assetId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
