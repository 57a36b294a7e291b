import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  type TRiskActionStatus,
  type TSpreadsheetFormat,
  ZPersonList,
  ZRiskActionOverview,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';
import { useMe } from '../auth/me-context.tsx';

/** The filters of the treatment-plan overview; the export takes the same ones. */
export interface ActionFilters {
  overdue: boolean;
  status: TRiskActionStatus | null;
  /** A membership id. */
  ownerId: string | null;
}

export const NO_ACTION_FILTERS: ActionFilters = { overdue: false, status: null, ownerId: null };

/** The most actions the overview asks for (the API's maximum); the export has every one. */
export const ACTION_LIST_LIMIT = 500;

export const riskActionKeys = {
  all: ['risk-actions'] as const,
  overview: (filters: ActionFilters) => [...riskActionKeys.all, 'overview', filters] as const,
};

function filterParams(filters: ActionFilters) {
  return {
    overdue: filters.overdue ? 'true' : null,
    status: filters.status,
    ownerId: filters.ownerId,
  };
}

/** The organisation's treatment actions (of risks not closed) by due date, with their risks. */
export function useRiskActionOverview(filters: ActionFilters) {
  const api = useApiClient();
  return useQuery({
    queryKey: riskActionKeys.overview(filters),
    queryFn: ({ signal }) =>
      api.request(
        `/api/v1/risk-actions${queryString({ ...filterParams(filters), limit: String(ACTION_LIST_LIMIT) })}`,
        { schema: ZRiskActionOverview, signal },
      ),
    // The table stays while the next filters load, rather than flashing a skeleton.
    placeholderData: keepPreviousData,
  });
}

/** `GET /api/v1/risk-actions/export`: a plain link, so the browser downloads the file itself. */
export function riskActionExportHref(format: TSpreadsheetFormat, filters: ActionFilters): string {
  return `/api/v1/risk-actions/export${queryString({ format, ...filterParams(filters) })}`;
}

/**
 * The signed-in person's membership id in the current organisation (what `ownerId` filters by), found
 * among the organisation's people by their email; null until known.
 */
export function useMyMembershipId(): string | null {
  const api = useApiClient();
  const me = useMe();
  const query = useQuery({
    queryKey: ['people', 'me', me.organisation?.id ?? null, me.user.id] as const,
    queryFn: ({ signal }) =>
      api.request(`/api/v1/people${queryString({ search: me.user.email, limit: '50' })}`, {
        schema: ZPersonList,
        signal,
      }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  return query.data?.items.find((person) => person.userId === me.user.id)?.id ?? null;
}
