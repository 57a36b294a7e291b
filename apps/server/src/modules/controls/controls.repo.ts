import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { DB } from '../../db/types.ts';

/**
 * SQL of the control register: controls and the risks they treat. Every function takes the organisation
 * id, so another organisation's control is never read or written. Linked risks are read with their key,
 * title, status and treatment (the risk register owns them; the link table is the control register's).
 */

function controlsQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('controls as c')
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'c.owner_id').onRef('m.organisation_id', '=', 'c.organisation_id'),
    )
    .leftJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'c.id',
      'c.annex_ref',
      'c.key_number',
      'c.title',
      'c.description',
      'c.theme',
      'c.new_in_2022',
      'c.control_types',
      'c.properties',
      'c.concepts',
      'c.capabilities',
      'c.domains',
      'c.applicability',
      'c.inclusion_reasons',
      'c.inclusion_note',
      'c.exclusion_justification',
      'c.implementation_status',
      'c.inherited_from',
      'c.implementation_description',
      'c.owner_id',
      'u.name as owner_name',
      'c.target_on',
      'c.created_at',
      'c.updated_at',
      'c.version',
    ])
    .where('c.organisation_id', '=', organisationId);
}

export type ControlRow = NonNullable<Awaited<ReturnType<typeof getControl>>>;

export function getControl(db: Kysely<DB>, organisationId: string, controlId: string) {
  return controlsQuery(db, organisationId).where('c.id', '=', controlId).executeTakeFirst();
}

/** The attribute columns, each a JSON array of tags. */
export type AttributeColumn = 'control_types' | 'properties' | 'concepts' | 'capabilities' | 'domains';

/** Controls whose attribute column holds the tag. */
export interface AttributeFilter {
  column: AttributeColumn;
  tag: string;
}

export interface ControlFilter {
  source?: 'annex_a' | 'custom' | undefined;
  theme?: string | undefined;
  applicability?: string | undefined;
  status?: string | undefined;
  ownerId?: string | undefined;
  /** Every one must hold. */
  attributes?: readonly AttributeFilter[];
  riskId?: string | undefined;
  q?: string | undefined;
}

/**
 * Whether a JSON array column holds a tag, one function per dialect behind one shape (SQLite walks the
 * array with json_each; PostgreSQL asks jsonb containment).
 */
const HAS_TAG: Record<Dialect, (column: AttributeColumn, tag: string) => RawBuilder<SqlBool>> = {
  sqlite: (column, tag) =>
    sql<SqlBool>`exists (select 1 from json_each(${sql.ref(`c.${column}`)}) as t where t.value = ${tag})`,
  postgres: (column, tag) => sql<SqlBool>`${sql.ref(`c.${column}`)} @> ${JSON.stringify([tag])}::jsonb`,
};

/** `%text%` for LIKE, lower-cased, with LIKE's wildcards in the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The key as people type it: `a.5.1` for Annex A controls, `vc-3` for custom ones (lower case). */
const searchableKey = sql<string>`(case when ${sql.ref('c.annex_ref')} is null then 'vc-' || ${sql.ref('c.key_number')} else 'a.' || ${sql.ref('c.annex_ref')} end)`;

/** The register in key order (natural order: A.5.2 before A.5.10, then VC-1, VC-2 ...), filtered. */
export function listControls(db: Kysely<DB>, organisationId: string, filter: ControlFilter) {
  const hasTag = HAS_TAG[dialectOf(db as unknown as Kysely<unknown>)];
  let query = controlsQuery(db, organisationId);
  if (filter.source === 'annex_a') query = query.where('c.annex_ref', 'is not', null);
  if (filter.source === 'custom') query = query.where('c.annex_ref', 'is', null);
  if (filter.theme) query = query.where('c.theme', '=', filter.theme);
  if (filter.applicability) query = query.where('c.applicability', '=', filter.applicability);
  if (filter.status) query = query.where('c.implementation_status', '=', filter.status);
  if (filter.ownerId) query = query.where('c.owner_id', '=', filter.ownerId);
  for (const { column, tag } of filter.attributes ?? []) query = query.where(hasTag(column, tag));
  if (filter.riskId) {
    const riskId = filter.riskId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('control_risks as cr')
          .select('cr.control_id')
          .whereRef('cr.control_id', '=', 'c.id')
          .where('cr.organisation_id', '=', organisationId)
          .where('cr.risk_id', '=', riskId),
      ),
    );
  }
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where(
      (eb) =>
        sql<SqlBool>`(${searchableKey} like ${pattern} escape '\\' or lower(${eb.ref('c.title')}) like ${pattern} escape '\\' or lower(${eb.ref('c.implementation_description')}) like ${pattern} escape '\\')`,
    );
  }
  return query.orderBy('c.sort_order').orderBy('c.id').execute();
}

// ---------------------------------------------------------------- the Annex A catalogue

/** How many Annex A controls the organisation's register holds (all 93 once it was used). */
export async function countAnnexControls(db: Kysely<DB>, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('controls')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('annex_ref', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewAnnexControl {
  id: string;
  annex_ref: string;
  sort_order: number;
  title: string;
  theme: string;
  new_in_2022: boolean;
  control_types: string;
  properties: string;
  concepts: string;
  capabilities: string;
  domains: string;
}

/**
 * Adds the Annex A controls the organisation does not have yet, in one statement; returns how many this
 * call added. Concurrent first users all try: on PostgreSQL the unique (organisation, Annex A ref) index
 * makes the later ones wait for the first to commit and then add nothing; SQLite has a single writer.
 */
export async function insertAnnexControlsIfAbsent(
  db: Kysely<DB>,
  organisationId: string,
  rows: readonly NewAnnexControl[],
  now: string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('controls')
    .values(
      rows.map((row) => ({ ...row, organisation_id: organisationId, created_at: now, updated_at: now })),
    )
    .onConflict((oc) => oc.columns(['organisation_id', 'annex_ref']).doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

// ---------------------------------------------------------------- writing

/** What an edit writes: the Statement of Applicability's fields, and a custom control's own. */
export interface ControlColumns {
  title: string;
  description: string;
  theme: string;
  control_types: string;
  properties: string;
  concepts: string;
  capabilities: string;
  domains: string;
  applicability: string;
  inclusion_reasons: string;
  inclusion_note: string | null;
  exclusion_justification: string | null;
  implementation_status: string;
  inherited_from: string | null;
  implementation_description: string;
  owner_id: string | null;
  target_on: string | null;
}

export async function insertCustomControl(
  db: Kysely<DB>,
  organisationId: string,
  row: ControlColumns & { id: string; key_number: number; sort_order: number },
  now: string,
): Promise<void> {
  await db
    .insertInto('controls')
    .values({ ...row, organisation_id: organisationId, created_at: now, updated_at: now })
    .execute();
}

/** Applies changes when the control still has `version`; false when it was changed meanwhile. */
export async function updateControl(
  db: Kysely<DB>,
  organisationId: string,
  controlId: string,
  version: number,
  changes: Partial<ControlColumns>,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('controls')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', controlId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether a membership of this organisation is active (a person who can own a control). */
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

// ---------------------------------------------------------------- linked risks

/** The risks linked to each of the controls, by risk key. */
export function listRiskLinks(db: Kysely<DB>, organisationId: string, controlIds: readonly string[]) {
  if (controlIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('control_risks as cr')
    .innerJoin('risks as r', (join) =>
      join.onRef('r.id', '=', 'cr.risk_id').onRef('r.organisation_id', '=', 'cr.organisation_id'),
    )
    .select(['cr.control_id', 'r.id', 'r.key_number', 'r.title', 'r.status', 'r.treatment'])
    .where('cr.organisation_id', '=', organisationId)
    .where('cr.control_id', 'in', controlIds)
    .orderBy('r.key_number')
    .execute();
}

export type RiskLinkRow = Awaited<ReturnType<typeof listRiskLinks>>[number];

/** The risks of this organisation among `riskIds` (others' and missing ones are left out). */
export function findRisks(db: Kysely<DB>, organisationId: string, riskIds: readonly string[]) {
  if (riskIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('risks')
    .select(['id', 'key_number', 'status'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', riskIds)
    .execute();
}

/** Makes `riskIds` the complete set of risks the control treats. */
export async function replaceControlRisks(
  db: Kysely<DB>,
  organisationId: string,
  controlId: string,
  riskIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('control_risks')
    .where('organisation_id', '=', organisationId)
    .where('control_id', '=', controlId)
    .execute();
  if (riskIds.length === 0) return;
  await db
    .insertInto('control_risks')
    .values(
      riskIds.map((riskId) => ({ organisation_id: organisationId, control_id: controlId, risk_id: riskId })),
    )
    .execute();
}

/** The controls that treat each of the risks, in key order. */
export function listControlsOfRisks(db: Kysely<DB>, organisationId: string, riskIds: readonly string[]) {
  if (riskIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('control_risks as cr')
    .innerJoin('controls as c', (join) =>
      join.onRef('c.id', '=', 'cr.control_id').onRef('c.organisation_id', '=', 'cr.organisation_id'),
    )
    .select(['cr.risk_id', 'c.id', 'c.annex_ref', 'c.key_number', 'c.title'])
    .where('cr.organisation_id', '=', organisationId)
    .where('cr.risk_id', 'in', riskIds)
    .orderBy('c.sort_order')
    .execute();
}
