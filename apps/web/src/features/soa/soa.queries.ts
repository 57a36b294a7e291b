import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TPublishSoaRequest,
  type TSoaExportFormat,
  type TUpdateControlRequest,
  ZControl,
  ZSoa,
  ZSoaComparison,
  ZSoaVersion,
  ZSoaVersionList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';
import { controlsKeys } from '../controls/controls.queries.ts';

/**
 * Every SoA query starts with `soaKeys.all`. Published versions never change, so a version and a
 * comparison are never stale; publishing refreshes the current SoA and the list.
 */
export const soaKeys = {
  all: ['soa'] as const,
  current: () => [...soaKeys.all, 'current'] as const,
  versions: () => [...soaKeys.all, 'versions'] as const,
  version: (id: string) => [...soaKeys.all, 'version', id] as const,
  compare: (from: string, to: string) => [...soaKeys.all, 'compare', from, to] as const,
};

/** The current SoA: every control, the counts and the completeness warnings. */
export function useSoa() {
  const api = useApiClient();
  return useQuery({
    queryKey: soaKeys.current(),
    queryFn: ({ signal }) => api.request('/api/v1/soa', { schema: ZSoa, signal }),
  });
}

/** The published versions, newest first. */
export function useSoaVersions() {
  const api = useApiClient();
  return useQuery({
    queryKey: soaKeys.versions(),
    queryFn: ({ signal }) => api.request('/api/v1/soa/versions', { schema: ZSoaVersionList, signal }),
  });
}

/** One published version with every control as it was; null waits. */
export function useSoaVersion(id: string | null) {
  const api = useApiClient();
  return useQuery({
    queryKey: soaKeys.version(id ?? ''),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/soa/versions/${encodeURIComponent(id ?? '')}`, { schema: ZSoaVersion, signal }),
    enabled: id !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** What changed between two published versions; null or equal ids wait. */
export function useSoaComparison(from: string | null, to: string | null) {
  const api = useApiClient();
  return useQuery({
    queryKey: soaKeys.compare(from ?? '', to ?? ''),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/soa/versions/compare${queryString({ from, to })}`, {
        schema: ZSoaComparison,
        signal,
      }),
    enabled: from !== null && to !== null && from !== to,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Approves and publishes the current SoA as the next version (soa:publish). */
export function usePublishSoa() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TPublishSoaRequest) =>
      api.request('/api/v1/soa/versions', { method: 'POST', body, schema: ZSoaVersion }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: soaKeys.all }),
  });
}

/** Edits a control's place in the SoA (`PATCH /api/v1/controls/{id}` with the row's control version). */
export function useUpdateSoaControl() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TUpdateControlRequest }) =>
      api.request(`/api/v1/controls/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: ZControl }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: soaKeys.all }),
        // the register and the control's page show the same fields
        queryClient.invalidateQueries({ queryKey: controlsKeys.all }),
      ]),
  });
}

/** The current SoA (marked as a draft), or a published version, as an XLSX or PDF attachment. */
export function soaExportHref(format: TSoaExportFormat, versionId?: string): string {
  const path = versionId
    ? `/api/v1/soa/versions/${encodeURIComponent(versionId)}/export`
    : '/api/v1/soa/export';
  return `${path}${queryString({ format })}`;
}
