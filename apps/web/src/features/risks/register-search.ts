import {
  RISK_SORTS,
  SORT_DIRECTIONS,
  type TRiskListQuery,
  type TRiskSort,
  type TRiskStatus,
  type TSortDirection,
  ZRiskListQuery,
} from '@vigil/contracts';

export const RATING_KINDS = ['inherent', 'residual'] as const;
export type TRatingKind = (typeof RATING_KINDS)[number];

/**
 * The register's filters and sort, kept in the URL (`/risks?level=high&status=assessed`) so that a
 * filtered view can be bookmarked, shared, and linked to from the heat map. Every member is optional:
 * absent means "not filtered" (and the default sort, key ascending).
 */
export interface RegisterSearch {
  level?: string | undefined;
  status?: TRiskStatus | undefined;
  /** A treatment, or `none` for risks without one yet. */
  treatment?: NonNullable<TRiskListQuery['treatment']> | undefined;
  /** A membership id. */
  ownerId?: string | undefined;
  category?: string | undefined;
  tag?: string | undefined;
  assetId?: string | undefined;
  /** Only open risks whose review date has passed. */
  overdueReview?: true | undefined;
  /** Only risks rated with an older methodology version than the current one. */
  outdated?: true | undefined;
  /** Only risks that are not closed (what the heat map counts). */
  open?: true | undefined;
  /**
   * One cell of the heat map: risks whose inherent or residual rating has this likelihood and impact.
   * The three travel together; a partial cell is dropped.
   */
  rating?: TRatingKind | undefined;
  likelihood?: number | undefined;
  impact?: number | undefined;
  q?: string | undefined;
  sort?: TRiskSort | undefined;
  direction?: TSortDirection | undefined;
}

/** The filters of the register (everything in the URL but the sort). */
export const REGISTER_FILTERS = [
  'level',
  'status',
  'treatment',
  'ownerId',
  'category',
  'tag',
  'assetId',
  'overdueReview',
  'outdated',
  'open',
  'rating',
  'likelihood',
  'impact',
  'q',
] as const satisfies readonly (keyof RegisterSearch)[];

/**
 * A URL value as text. The router parses search values as JSON, so a hand-typed `?q=2026` arrives as
 * a number and `?tag=true` as a boolean: both are still the text the user wrote.
 */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

type TextFilter = 'level' | 'status' | 'treatment' | 'ownerId' | 'category' | 'tag' | 'assetId' | 'q';

/** The value as the server's own query schema reads it for `field` (trimmed), or undefined if it refuses it. */
function accepted<K extends TextFilter>(
  field: K,
  value: unknown,
): NonNullable<TRiskListQuery[K]> | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const parsed = ZRiskListQuery.shape[field].safeParse(raw);
  return parsed.success
    ? ((parsed.data ?? undefined) as NonNullable<TRiskListQuery[K]> | undefined)
    : undefined;
}

/** `true` for `?x=true` (parsed as a boolean or left as text); anything else filters nothing. */
function flag(value: unknown): true | undefined {
  return value === true || value === 'true' ? true : undefined;
}

function oneOf<T extends string>(options: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (options as readonly string[]).includes(value)
    ? (value as T)
    : undefined;
}

/** A point on a methodology scale (1 to 7). */
function scalePoint(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 7 ? n : undefined;
}

/**
 * `validateSearch` of `/risks`: keeps each value the server would accept and drops the rest, so a
 * mistyped or stale link shows the register with the filters that still make sense instead of failing.
 */
export function registerSearch(search: Record<string, unknown>): RegisterSearch {
  const result: RegisterSearch = {};
  const level = accepted('level', search.level);
  if (level) result.level = level;
  const status = accepted('status', search.status);
  if (status) result.status = status;
  const treatment = accepted('treatment', search.treatment);
  if (treatment) result.treatment = treatment;
  const ownerId = accepted('ownerId', search.ownerId);
  if (ownerId) result.ownerId = ownerId;
  const category = accepted('category', search.category);
  if (category) result.category = category;
  const tag = accepted('tag', search.tag);
  if (tag) result.tag = tag;
  const assetId = accepted('assetId', search.assetId);
  if (assetId) result.assetId = assetId;
  if (flag(search.overdueReview)) result.overdueReview = true;
  if (flag(search.outdated)) result.outdated = true;
  if (flag(search.open)) result.open = true;
  const rating = oneOf(RATING_KINDS, search.rating);
  const likelihood = scalePoint(search.likelihood);
  const impact = scalePoint(search.impact);
  if (rating && likelihood !== undefined && impact !== undefined) {
    result.rating = rating;
    result.likelihood = likelihood;
    result.impact = impact;
  }
  const q = accepted('q', search.q);
  if (q) result.q = q;
  const sort = oneOf(RISK_SORTS, search.sort);
  if (sort) result.sort = sort;
  const direction = oneOf(SORT_DIRECTIONS, search.direction);
  if (direction) result.direction = direction;
  return result;
}

/** True when any filter (not just a sort) is set. */
export function hasRegisterFilters(search: RegisterSearch): boolean {
  return REGISTER_FILTERS.some((key) => search[key] !== undefined);
}

/** The search without any filter: only the sort is kept. */
export function withoutFilters(search: RegisterSearch): RegisterSearch {
  const result: RegisterSearch = {};
  if (search.sort) result.sort = search.sort;
  if (search.direction) result.direction = search.direction;
  return result;
}

/**
 * The register's filters and sort as API query parameters (of `GET /api/v1/risks`, its export and its
 * report), without paging.
 */
export function registerQueryParams(search: RegisterSearch): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const key of REGISTER_FILTERS) {
    const value = search[key];
    if (value !== undefined) params[key] = String(value);
  }
  params.sort = search.sort;
  params.direction = search.direction;
  return params;
}
