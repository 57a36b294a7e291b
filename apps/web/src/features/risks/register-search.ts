/** The register's filters, kept in the URL (`/risks?level=high&status=...`) so a heat-map cell can link to them. */
export type RegisterSearch = Record<string, never>;

export function registerSearch(_search: Record<string, unknown>): RegisterSearch {
  return {};
}
