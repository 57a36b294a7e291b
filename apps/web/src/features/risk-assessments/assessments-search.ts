import { ZId } from '@vigil/contracts';

/** `?from=&to=` of the assessments page: the two snapshots being compared; absent means the defaults. */
export interface AssessmentsSearch {
  from?: string;
  to?: string;
}

/** Keeps `from` and `to` when they are ids; anything else in the URL is dropped, never sent to the server. */
export function assessmentsSearch(search: Record<string, unknown>): AssessmentsSearch {
  const result: AssessmentsSearch = {};
  const from = ZId.safeParse(search.from);
  const to = ZId.safeParse(search.to);
  if (from.success) result.from = from.data;
  if (to.success) result.to = to.data;
  return result;
}
