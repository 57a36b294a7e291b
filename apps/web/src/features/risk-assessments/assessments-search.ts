/** `?from=&to=` of the assessments page: the two snapshots being compared. */
export type AssessmentsSearch = Record<string, never>;

export function assessmentsSearch(_search: Record<string, unknown>): AssessmentsSearch {
  return {};
}
