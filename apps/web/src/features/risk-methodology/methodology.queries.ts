import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TRerateRequest,
  type TUpdateMethodologyRequest,
  ZMethodology,
  ZMethodologyVersionList,
  ZRerateResult,
  ZRiskList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';

export const methodologyKeys = {
  all: ['risk-methodology'] as const,
  current: () => [...methodologyKeys.all, 'current'] as const,
  versions: () => [...methodologyKeys.all, 'versions'] as const,
  version: (version: number) => [...methodologyKeys.all, 'versions', version] as const,
};

/** Under the register's `['risks']` prefix, so every change of a risk refreshes it. */
const outdatedRisksKey = ['risks', 'outdated'] as const;

/** The organisation's current methodology: scales, levels (lowest first) and the matrix. */
export function useMethodology() {
  const api = useApiClient();
  return useQuery({
    queryKey: methodologyKeys.current(),
    queryFn: ({ signal }) => api.request('/api/v1/risk-methodology', { schema: ZMethodology, signal }),
    staleTime: 60_000,
  });
}

/** Every version of the methodology, newest first. */
export function useMethodologyVersions() {
  const api = useApiClient();
  return useQuery({
    queryKey: methodologyKeys.versions(),
    queryFn: ({ signal }) =>
      api.request('/api/v1/risk-methodology/versions', { schema: ZMethodologyVersionList, signal }),
  });
}

/** One version of the methodology as it was saved; `null` asks for nothing. */
export function useMethodologyVersion(version: number | null) {
  const api = useApiClient();
  return useQuery({
    queryKey: methodologyKeys.version(version ?? 0),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/risk-methodology/versions/${version ?? 0}`, { schema: ZMethodology, signal }),
    enabled: version !== null,
    // A saved version never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * Saves a new version. Risks keep the version they were rated with, but levels shown and the list of
 * risks to re-rate follow the new one: both are refreshed.
 */
export function useUpdateMethodology() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TUpdateMethodologyRequest) =>
      api.request('/api/v1/risk-methodology', { method: 'PUT', body, schema: ZMethodology }),
    onSuccess: (saved) => {
      queryClient.setQueryData(methodologyKeys.current(), saved);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: methodologyKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['risks'] }),
      ]);
    },
  });
}

/** Risks still rated with an older methodology version than the current one, 50 at a time. */
export function useOutdatedRisks(enabled: boolean) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: outdatedRisksKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.request(`/api/v1/risks${queryString({ outdated: 'true', limit: '50', cursor: pageParam })}`, {
        schema: ZRiskList,
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** Moves the listed risks to the current version with new ratings, all or nothing. */
export function useRerate() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TRerateRequest) =>
      api.request('/api/v1/risk-methodology/rerate', { method: 'POST', body, schema: ZRerateResult }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['risks'] }),
  });
}
