import type { TRiskSort, TSortDirection } from '@vigil/contracts';
import { type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import { dialectOf } from '../../db/dialect.ts';
import type { DB } from '../../db/types.ts';

/**
 * SQL of the risk register: risks, their linked assets and their rating history. Every function takes
 * the organisation id, so another organisation's risk is never read or written. Linked assets are read
 * with their key and name (the assets module owns them; the link table is the register's).
 */

function risksQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('risks as r')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'r.owner_id').onRef('m.organisation_id', '=', 'r.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'r.id',
      'r.key_number',
      'r.title',
      'r.threat',
      'r.vulnerability',
      'r.consequence',
      'r.category',
      'r.owner_id',
      'u.name as owner_name',
      'r.affects_confidentiality',
      'r.affects_integrity',
      'r.affects_availability',
      'r.methodology_version',
      'r.inherent_likelihood',
      'r.inherent_impact',
      'r.inherent_level',
      'r.treatment',
      'r.residual_likelihood',
      'r.residual_impact',
      'r.residual_level',
      'r.status',
      'r.next_review_on',
      'r.tags',
      'r.closed_at',
      'r.created_at',
      'r.updated_at',
      'r.version',
    ])
    .where('r.organisation_id', '=', organisationId);
}

export type RiskRow = NonNullable<Awaited<ReturnType<typeof getRisk>>>;

export function getRisk(db: Kysely<DB>, organisationId: string, riskId: string) {
  return risksQuery(db, organisationId).where('r.id', '=', riskId).executeTakeFirst();
}

export function getRisks(db: Kysely<DB>, organisationId: string, riskIds: readonly string[]) {
  if (riskIds.length === 0) return Promise.resolve([]);
  return risksQuery(db, organisationId).where('r.id', 'in', riskIds).execute();
}

// ---------------------------------------------------------------- the register: filter, search, sort, pages

export interface RiskFilter {
  level?: string | undefined;
  status?: string | undefined;
  /** A treatment, or `none` for risks without one. */
  treatment?: string | undefined;
  ownerId?: string | undefined;
  category?: string | undefined;
  tag?: string | undefined;
  assetId?: string | undefined;
  /** Open risks due for review before this date (YYYY-MM-DD). */
  reviewDueBefore?: string | undefined;
  /** Risks rated with a methodology version older than this one. */
  methodologyBefore?: number | undefined;
  /** Risks that are not closed. */
  open?: boolean | undefined;
  /** Risks in this heat-map cell: likelihood and impact of the inherent or the residual rating. */
  cell?:
    | { rating: 'inherent' | 'residual'; likelihood?: number | undefined; impact?: number | undefined }
    | undefined;
  q?: string | undefined;
}

/** Where a page starts: after the row with this sort value and id. */
export interface RiskCursor {
  value: string | number;
  id: string;
}

export interface RiskPage {
  sort: TRiskSort;
  direction: TSortDirection;
  limit: number;
  after: RiskCursor | null;
  /** Rank of every level key (0 = lowest): read only when sorting by level. */
  levelRanks: ReadonlyMap<string, number>;
}

/** The residual level, or the inherent one while there is no residual rating. */
const effectiveLevel = sql<string>`coalesce(${sql.ref('r.residual_level')}, ${sql.ref('r.inherent_level')})`;

/** Title, threat, vulnerability and consequence as one text, exactly as PostgreSQL's search index has it. */
const searchable = sql<string>`${sql.ref('r.title')} || ' ' || ${sql.ref('r.threat')} || ' ' || ${sql.ref('r.vulnerability')} || ' ' || ${sql.ref('r.consequence')}`;

/**
 * The dialect-specific parts of the register's query, one function per dialect behind one shape:
 * full-text search (SQLite: every word as a substring, with LIKE's wildcards taken literally;
 * PostgreSQL: every word as a prefix, through the GIN index on to_tsvector of migration 0003) and the
 * tag filter over the JSON array of tags.
 */
interface RegisterDialect {
  matches(q: string): RawBuilder<SqlBool>;
  hasTag(tag: string): RawBuilder<SqlBool>;
}

const REGISTER_DIALECTS: Record<Dialect, RegisterDialect> = {
  sqlite: {
    matches(q) {
      const words = q.split(/\s+/).filter((w) => w.length > 0);
      if (words.length === 0) return sql<SqlBool>`1 = 1`;
      const likes = words.map(
        (w) => sql`${searchable} like ${`%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`,
      );
      return sql<SqlBool>`(${sql.join(likes, sql` and `)})`;
    },
    hasTag: (tag) =>
      sql<SqlBool>`exists (select 1 from json_each(${sql.ref('r.tags')}) as t where t.value = ${tag})`,
  },
  postgres: {
    matches(q) {
      // letters and digits only: nothing else reaches the tsquery syntax
      const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 16);
      if (words.length === 0) return sql<SqlBool>`false`;
      const query = words.map((w) => `${w}:*`).join(' & ');
      return sql<SqlBool>`to_tsvector('simple', ${searchable}) @@ to_tsquery('simple', ${query})`;
    },
    hasTag: (tag) => sql<SqlBool>`${sql.ref('r.tags')} @> ${JSON.stringify([tag])}::jsonb`,
  },
};

/** The expression a sort orders by; its value for the last row of a page is the cursor. */
function sortExpression(page: RiskPage): RawBuilder<string | number> {
  switch (page.sort) {
    case 'key':
      return sql<number>`${sql.ref('r.key_number')}`;
    case 'title':
      return sql<string>`lower(${sql.ref('r.title')})`;
    case 'level': {
      // ranks are small integers from the methodology, written as literals so both dialects compare numbers
      const whens = [...page.levelRanks].map(([key, rank]) => sql`when ${key} then ${sql.lit(rank)}`);
      return whens.length === 0
        ? sql<number>`0`
        : sql<number>`(case ${effectiveLevel} ${sql.join(whens, sql` `)} else -1 end)`;
    }
    case 'nextReview':
      return sql<string>`${sql.ref('r.next_review_on')}`;
    case 'updated':
      return sql<string>`${sql.ref('r.updated_at')}`;
  }
}

/** The register's filters on any query over `risks as r`. */
function whereFilter<Q extends SelectQueryBuilder<DB & { r: DB['risks'] }, 'r', object>>(
  db: Kysely<DB>,
  organisationId: string,
  base: Q,
  filter: RiskFilter,
): Q {
  const dialect = REGISTER_DIALECTS[dialectOf(db as unknown as Kysely<unknown>)];
  let query = base as unknown as SelectQueryBuilder<DB & { r: DB['risks'] }, 'r', object>;
  if (filter.level) query = query.where(effectiveLevel, '=', filter.level);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.open) query = query.where('r.status', '!=', 'closed');
  if (filter.treatment === 'none') query = query.where('r.treatment', 'is', null);
  else if (filter.treatment) query = query.where('r.treatment', '=', filter.treatment);
  if (filter.ownerId) query = query.where('r.owner_id', '=', filter.ownerId);
  if (filter.category) query = query.where('r.category', '=', filter.category);
  if (filter.tag) query = query.where(dialect.hasTag(filter.tag));
  if (filter.assetId) {
    const assetId = filter.assetId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('risk_assets as ra')
          .select('ra.risk_id')
          .whereRef('ra.risk_id', '=', 'r.id')
          .where('ra.organisation_id', '=', organisationId)
          .where('ra.asset_id', '=', assetId),
      ),
    );
  }
  if (filter.reviewDueBefore) {
    query = query.where('r.next_review_on', '<', filter.reviewDueBefore).where('r.status', '!=', 'closed');
  }
  if (filter.methodologyBefore !== undefined)
    query = query.where('r.methodology_version', '<', filter.methodologyBefore);
  if (filter.cell) {
    const [likelihood, impact] =
      filter.cell.rating === 'residual'
        ? (['r.residual_likelihood', 'r.residual_impact'] as const)
        : (['r.inherent_likelihood', 'r.inherent_impact'] as const);
    if (filter.cell.likelihood !== undefined) query = query.where(likelihood, '=', filter.cell.likelihood);
    if (filter.cell.impact !== undefined) query = query.where(impact, '=', filter.cell.impact);
  }
  if (filter.q) {
    // a key ("RISK-12") finds that risk; anything else is words of the text
    const key = /^RISK-(\d{1,9})$/i.exec(filter.q.trim());
    query = key ? query.where('r.key_number', '=', Number(key[1])) : query.where(dialect.matches(filter.q));
  }
  return query as unknown as Q;
}

/** One page of the register, with `sort_value` on each row for the next page's cursor. */
export function listRisks(db: Kysely<DB>, organisationId: string, filter: RiskFilter, page: RiskPage) {
  const sortBy = sortExpression(page);
  let query = whereFilter(
    db,
    organisationId,
    risksQuery(db, organisationId).select(sortBy.as('sort_value')),
    filter,
  );

  const after = page.after;
  const beyond = page.direction === 'asc' ? '>' : '<';
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb(sortBy, beyond, after.value),
        eb.and([eb(sortBy, '=', after.value), eb('r.id', beyond, after.id)]),
      ]),
    );
  }
  return query.orderBy(sortBy, page.direction).orderBy('r.id', page.direction).limit(page.limit).execute();
}

/** How many risks matching `filter` sit in each cell of one rating, per methodology version. */
export function heatMapCounts(
  db: Kysely<DB>,
  organisationId: string,
  filter: RiskFilter,
  rating: 'inherent' | 'residual',
) {
  const [likelihood, impact] =
    rating === 'residual'
      ? (['r.residual_likelihood', 'r.residual_impact'] as const)
      : (['r.inherent_likelihood', 'r.inherent_impact'] as const);
  const base = db.selectFrom('risks as r').where('r.organisation_id', '=', organisationId);
  return whereFilter(db, organisationId, base, filter)
    .select([
      'r.methodology_version',
      `${likelihood} as likelihood`,
      `${impact} as impact`,
      (eb) => eb.fn.countAll<number>().as('count'),
    ])
    .groupBy(['r.methodology_version', likelihood, impact])
    .execute();
}

// ---------------------------------------------------------------- assets, owners, ratings

export function listRiskAssets(db: Kysely<DB>, organisationId: string, riskId: string) {
  return db
    .selectFrom('risk_assets as ra')
    .innerJoin('assets as a', (join) =>
      join.onRef('a.id', '=', 'ra.asset_id').onRef('a.organisation_id', '=', 'ra.organisation_id'),
    )
    .select(['a.id', 'a.key_number', 'a.name', 'a.archived_at'])
    .where('ra.organisation_id', '=', organisationId)
    .where('ra.risk_id', '=', riskId)
    .orderBy('a.key_number')
    .execute();
}

export type RiskAssetRow = Awaited<ReturnType<typeof listRiskAssets>>[number];

/** The assets of this organisation among `assetIds` (others are left out). */
export function findAssets(db: Kysely<DB>, organisationId: string, assetIds: readonly string[]) {
  if (assetIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assets')
    .select(['id', 'key_number', 'archived_at'])
    .where('organisation_id', '=', organisationId)
    .where('id', 'in', assetIds)
    .execute();
}

/** Sets the linked assets of a risk to exactly `assetIds`. */
export async function replaceRiskAssets(
  db: Kysely<DB>,
  organisationId: string,
  riskId: string,
  assetIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('risk_assets')
    .where('organisation_id', '=', organisationId)
    .where('risk_id', '=', riskId)
    .execute();
  if (assetIds.length === 0) return;
  await db
    .insertInto('risk_assets')
    .values(
      assetIds.map((assetId) => ({ organisation_id: organisationId, risk_id: riskId, asset_id: assetId })),
    )
    .execute();
}

/** Whether a membership of this organisation is active (a person who can own a risk). */
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

/** A risk's rating history, newest first, with the rater's name. */
export function listRatings(db: Kysely<DB>, organisationId: string, riskId: string) {
  return db
    .selectFrom('risk_ratings as rr')
    .leftJoin('users as u', 'u.id', 'rr.rated_by')
    .select([
      'rr.id',
      'rr.methodology_version',
      'rr.inherent_likelihood',
      'rr.inherent_impact',
      'rr.inherent_level',
      'rr.residual_likelihood',
      'rr.residual_impact',
      'rr.residual_level',
      'rr.reason',
      'rr.rated_by',
      'u.name as rated_by_name',
      'rr.rated_at',
    ])
    .where('rr.organisation_id', '=', organisationId)
    .where('rr.risk_id', '=', riskId)
    .orderBy('rr.rated_at', 'desc')
    .orderBy('rr.id', 'desc')
    .execute();
}

export type RatingRow = Awaited<ReturnType<typeof listRatings>>[number];

// ---------------------------------------------------------------- writes

/** The stored columns of a risk that edits change. */
export interface RiskColumns {
  title: string;
  threat: string;
  vulnerability: string;
  consequence: string;
  category: string | null;
  owner_id: string;
  affects_confidentiality: boolean;
  affects_integrity: boolean;
  affects_availability: boolean;
  methodology_version: number;
  inherent_likelihood: number;
  inherent_impact: number;
  inherent_level: string;
  treatment: string | null;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_level: string | null;
  status: string;
  next_review_on: string;
  /** JSON text (`toJson`). */
  tags: string;
  closed_at: string | null;
}

export async function insertRisk(
  db: Kysely<DB>,
  organisationId: string,
  row: RiskColumns & { id: string; key_number: number },
  now: string,
): Promise<void> {
  await db
    .insertInto('risks')
    .values({ ...row, organisation_id: organisationId, created_at: now, updated_at: now })
    .execute();
}

/** Applies changes when the risk still has `version`; false when it was changed meanwhile. */
export async function updateRisk(
  db: Kysely<DB>,
  organisationId: string,
  riskId: string,
  version: number,
  changes: Partial<RiskColumns>,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('risks')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', riskId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface NewRating {
  id: string;
  riskId: string;
  methodologyVersion: number;
  inherent: { likelihood: number; impact: number; level: string };
  residual: { likelihood: number; impact: number; level: string } | null;
  reason: string;
  ratedBy: string | null;
  ratedAt: string;
}

export async function insertRating(db: Kysely<DB>, organisationId: string, rating: NewRating): Promise<void> {
  await db
    .insertInto('risk_ratings')
    .values({
      id: rating.id,
      organisation_id: organisationId,
      risk_id: rating.riskId,
      methodology_version: rating.methodologyVersion,
      inherent_likelihood: rating.inherent.likelihood,
      inherent_impact: rating.inherent.impact,
      inherent_level: rating.inherent.level,
      residual_likelihood: rating.residual?.likelihood ?? null,
      residual_impact: rating.residual?.impact ?? null,
      residual_level: rating.residual?.level ?? null,
      reason: rating.reason,
      rated_by: rating.ratedBy,
      rated_at: rating.ratedAt,
    })
    .execute();
}

/** Every risk of the organisation that is not closed, by key. */
export function listOpenRisks(db: Kysely<DB>, organisationId: string) {
  return risksQuery(db, organisationId).where('r.status', '!=', 'closed').orderBy('r.key_number').execute();
}
