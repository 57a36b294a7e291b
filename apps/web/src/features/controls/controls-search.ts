import { type TControlListQuery, ZControlListQuery } from '@vigil/contracts';

/** The filters of the register, in the order the API query string lists them. */
export const CONTROL_FILTERS = [
  'theme',
  'applicability',
  'status',
  'ownerId',
  'controlType',
  'property',
  'concept',
  'capability',
  'domain',
  'riskId',
  'q',
] as const satisfies readonly (keyof TControlListQuery)[];

export type ControlFilter = (typeof CONTROL_FILTERS)[number];

/** The register's tabs: the controls (the default, left out of the URL) and the NIST CSF 2.0 coverage. */
export const CONTROLS_VIEWS = ['register', 'csf'] as const;
export type TControlsView = (typeof CONTROLS_VIEWS)[number];

/**
 * The control register's filters and tab, kept in the URL (`/controls?controlType=detective&view=csf`)
 * so that a filtered view can be bookmarked, shared and linked to (e.g. the controls of one risk).
 * Every member is optional: absent means "not filtered" and the register tab.
 */
export type ControlsSearch = { [K in ControlFilter]?: NonNullable<TControlListQuery[K]> | undefined } & {
  view?: 'csf' | undefined;
};

/**
 * A URL value as text. The router parses search values as JSON, so a hand-typed `?q=2026` arrives as a
 * number and `?q=true` as a boolean: both are still the text the user wrote.
 */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * `validateSearch` of `/controls`: keeps each filter the server's own query schema accepts (trimmed)
 * and drops the rest, so a mistyped or stale link shows the register with the filters that still make
 * sense instead of failing.
 */
export function controlsSearch(search: Record<string, unknown>): ControlsSearch {
  const result: Record<string, string> = {};
  for (const key of CONTROL_FILTERS) {
    const raw = text(search[key]);
    if (raw === undefined) continue;
    const parsed = ZControlListQuery.shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) result[key] = parsed.data;
  }
  if (search.view === 'csf') result.view = 'csf';
  return result as ControlsSearch;
}

/** True when any filter (not just the tab) is set. */
export function hasControlFilters(search: ControlsSearch): boolean {
  return CONTROL_FILTERS.some((key) => search[key] !== undefined);
}

/** The search without any filter: only the tab is kept. */
export function withoutControlFilters(search: ControlsSearch): ControlsSearch {
  return search.view ? { view: search.view } : {};
}

/** The filters as query parameters of `GET /api/v1/controls`. */
export function controlsQueryParams(search: ControlsSearch): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const key of CONTROL_FILTERS) params[key] = search[key];
  return params;
}
