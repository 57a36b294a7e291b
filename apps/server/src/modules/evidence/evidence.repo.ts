import { type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of the evidence library: items, the blobs that hold their files, and the controls they support.
 * Every function takes the organisation id, so another organisation's item, file or control is never
 * read or written; blobs are keyed by (organisation, SHA-256), so even equal files are never shared.
 */

function evidenceQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('evidence as e')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'e.uploaded_by').onRef('m.organisation_id', '=', 'e.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('evidence_blobs as b', (join) =>
      join.onRef('b.organisation_id', '=', 'e.organisation_id').onRef('b.sha256', '=', 'e.file_sha256'),
    )
    .select([
      'e.id',
      'e.key_number',
      'e.kind',
      'e.title',
      'e.description',
      'e.url',
      'e.file_sha256',
      'e.file_name',
      'e.file_type',
      'b.size as file_size',
      'e.collected_on',
      'e.valid_until',
      'e.uploaded_by',
      'u.name as uploader_name',
      'e.archived_at',
      'e.created_at',
      'e.updated_at',
      'e.version',
    ])
    .where('e.organisation_id', '=', organisationId);
}

export type EvidenceRow = NonNullable<Awaited<ReturnType<typeof getEvidence>>>;

export function getEvidence(db: Kysely<DB>, organisationId: string, evidenceId: string) {
  return evidenceQuery(db, organisationId).where('e.id', '=', evidenceId).executeTakeFirst();
}

export interface EvidenceFilter {
  controlId?: string | undefined;
  kind?: string | undefined;
  /** With `today` (YYYY-MM-DD in the organisation's time zone): only stale items, or only valid ones. */
  stale?: boolean | undefined;
  today: string;
  q?: string | undefined;
  includeArchived?: boolean | undefined;
}

/** `%text%` for LIKE, lower-cased, with LIKE's wildcards in the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The list, newest first (by key); `after` is the key number of the previous page's last item. */
export function listEvidence(
  db: Kysely<DB>,
  organisationId: string,
  filter: EvidenceFilter,
  page: { limit: number; after: number | null },
) {
  let query = evidenceQuery(db, organisationId);
  if (!filter.includeArchived) query = query.where('e.archived_at', 'is', null);
  if (filter.kind) query = query.where('e.kind', '=', filter.kind as 'file' | 'link');
  if (filter.stale === true)
    query = query.where('e.valid_until', 'is not', null).where('e.valid_until', '<', filter.today);
  if (filter.stale === false)
    query = query.where((eb) =>
      eb.or([eb('e.valid_until', 'is', null), eb('e.valid_until', '>=', filter.today)]),
    );
  if (filter.controlId) {
    const controlId = filter.controlId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('evidence_controls as ec')
          .select('ec.evidence_id')
          .whereRef('ec.evidence_id', '=', 'e.id')
          .where('ec.organisation_id', '=', organisationId)
          .where('ec.control_id', '=', controlId),
      ),
    );
  }
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where(
      (eb) =>
        sql<SqlBool>`('ev-' || ${eb.ref('e.key_number')} like ${pattern} escape '\\'
          or lower(${eb.ref('e.title')}) like ${pattern} escape '\\'
          or lower(${eb.ref('e.description')}) like ${pattern} escape '\\'
          or lower(coalesce(${eb.ref('e.url')}, '')) like ${pattern} escape '\\'
          or lower(coalesce(${eb.ref('e.file_name')}, '')) like ${pattern} escape '\\')`,
    );
  }
  if (page.after !== null) query = query.where('e.key_number', '<', page.after);
  return query.orderBy('e.key_number', 'desc').limit(page.limit).execute();
}

/** The items with these ids (another organisation's and missing ones are left out), newest first. */
export function findEvidence(db: Kysely<DB>, organisationId: string, evidenceIds: readonly string[]) {
  if (evidenceIds.length === 0) return Promise.resolve([]);
  return evidenceQuery(db, organisationId)
    .where('e.id', 'in', evidenceIds)
    .orderBy('e.key_number', 'desc')
    .execute();
}

// ---------------------------------------------------------------- writing

/**
 * Stores a file's bytes under its digest unless the organisation holds them already; true when this call
 * stored them. Concurrent uploads of one file: PostgreSQL's primary key makes the later wait for the first
 * to commit and then store nothing; SQLite has a single writer.
 */
export async function insertBlobIfAbsent(
  db: Kysely<DB>,
  organisationId: string,
  blob: { sha256: string; content: Buffer },
  now: string,
): Promise<boolean> {
  const inserted = await db
    .insertInto('evidence_blobs')
    .values({
      organisation_id: organisationId,
      sha256: blob.sha256,
      size: blob.content.length,
      content: blob.content,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'sha256']).doNothing())
    .returning('sha256')
    .execute();
  return inserted.length === 1;
}

/** The editable columns of an item. */
export interface EvidenceFields {
  title: string;
  description: string;
  url: string | null;
  collected_on: string;
  valid_until: string | null;
}

export async function insertEvidence(
  db: Kysely<DB>,
  organisationId: string,
  row: EvidenceFields & {
    id: string;
    key_number: number;
    kind: 'file' | 'link';
    file_sha256: string | null;
    file_name: string | null;
    file_type: string | null;
    uploaded_by: string;
  },
  now: string,
): Promise<void> {
  await db
    .insertInto('evidence')
    .values({ ...row, organisation_id: organisationId, created_at: now, updated_at: now })
    .execute();
}

/** Applies changes when the item still has `version`; false when it was changed meanwhile. */
export async function updateEvidence(
  db: Kysely<DB>,
  organisationId: string,
  evidenceId: string,
  version: number,
  changes: Partial<EvidenceFields> & { archived_at?: string | null },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('evidence')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', evidenceId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A file item's name, type and bytes. */
export function getFile(db: Kysely<DB>, organisationId: string, evidenceId: string) {
  return db
    .selectFrom('evidence as e')
    .innerJoin('evidence_blobs as b', (join) =>
      join.onRef('b.organisation_id', '=', 'e.organisation_id').onRef('b.sha256', '=', 'e.file_sha256'),
    )
    .select(['e.file_name', 'e.file_type', 'b.sha256', 'b.content'])
    .where('e.organisation_id', '=', organisationId)
    .where('e.id', '=', evidenceId)
    .executeTakeFirst();
}

export async function timeZoneOf(db: Kysely<DB>, organisationId: string): Promise<string> {
  const row = await db
    .selectFrom('organisations')
    .select('time_zone')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}

// ---------------------------------------------------------------- linked controls

/** The controls linked to each of the items, in key order. */
export function listControlLinks(db: Kysely<DB>, organisationId: string, evidenceIds: readonly string[]) {
  if (evidenceIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence_controls as ec')
    .innerJoin('controls as c', (join) =>
      join.onRef('c.id', '=', 'ec.control_id').onRef('c.organisation_id', '=', 'ec.organisation_id'),
    )
    .select(['ec.evidence_id', 'c.id', 'c.annex_ref', 'c.key_number', 'c.title', 'c.owner_id'])
    .where('ec.organisation_id', '=', organisationId)
    .where('ec.evidence_id', 'in', evidenceIds)
    .orderBy('c.sort_order')
    .execute();
}

export type ControlLinkRow = Awaited<ReturnType<typeof listControlLinks>>[number];

/** The controls of this organisation among `controlIds` (others' and missing ones are left out). */
export function findControls(db: Kysely<DB>, organisationId: string, controlIds: readonly string[]) {
  if (controlIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('controls')
    .select(['id', 'annex_ref', 'key_number', 'title', 'owner_id'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', controlIds)
    .execute();
}

/** Makes `controlIds` the complete set of controls the item supports. */
export async function replaceEvidenceControls(
  db: Kysely<DB>,
  organisationId: string,
  evidenceId: string,
  controlIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('evidence_controls')
    .where('organisation_id', '=', organisationId)
    .where('evidence_id', '=', evidenceId)
    .execute();
  if (controlIds.length === 0) return;
  await db
    .insertInto('evidence_controls')
    .values(
      controlIds.map((controlId) => ({
        organisation_id: organisationId,
        evidence_id: evidenceId,
        control_id: controlId,
      })),
    )
    .execute();
}

/**
 * Per control, its evidence that is not archived: how many items, how many of them stale (`valid_until`
 * before `today`), and the latest collection date.
 */
export function evidenceFreshness(
  db: Kysely<DB>,
  organisationId: string,
  controlIds: readonly string[],
  today: string,
) {
  if (controlIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('evidence_controls as ec')
    .innerJoin('evidence as e', (join) =>
      join.onRef('e.id', '=', 'ec.evidence_id').onRef('e.organisation_id', '=', 'ec.organisation_id'),
    )
    .select((eb) => [
      'ec.control_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('e.valid_until', 'is not', null), eb('e.valid_until', '<', today)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('stale'),
      eb.fn.max('e.collected_on').as('latest_collected_on'),
    ])
    .where('ec.organisation_id', '=', organisationId)
    .where('ec.control_id', 'in', controlIds)
    .where('e.archived_at', 'is', null)
    .groupBy('ec.control_id')
    .execute();
}
