import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TControl,
  type TCreateControlRequest,
  type TSetControlRisksRequest,
  type TUpdateControlRequest,
  ZControl,
  ZControlEvidenceList,
  ZControlList,
  ZCsfCoverage,
  ZRisk,
  ZRiskList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';
import { riskDetailKeys } from '../risks/risk-detail.queries.ts';
import { risksKeys } from '../risks/risks.queries.ts';
import { type ControlsSearch, controlsQueryParams } from './controls-search.ts';

/**
 * Every query about controls starts with `controlsKeys.all`: a change of any control invalidates that
 * prefix and so refreshes the register, the CSF coverage and the control's page.
 */
export const controlsKeys = {
  all: ['controls'] as const,
  list: (search: ControlsSearch) => [...controlsKeys.all, 'list', search] as const,
  coverage: () => [...controlsKeys.all, 'coverage', 'csf'] as const,
  detail: (id: string) => [...controlsKeys.all, 'detail', id] as const,
  evidence: (id: string) => [...controlsKeys.all, 'detail', id, 'evidence'] as const,
};

const path = (id: string, rest = '') => `/api/v1/controls/${encodeURIComponent(id)}${rest}`;

/**
 * The register under `search`'s filters, all at once (the server answers with every matching control:
 * the 93 Annex A controls plus the organisation's own are a few hundred rows at most).
 */
export function useControls(search: ControlsSearch) {
  const api = useApiClient();
  // The tab is not a filter: switching tabs must not fetch the register again.
  const { view: _view, ...filters } = search;
  return useQuery({
    queryKey: controlsKeys.list(filters),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/controls${queryString(controlsQueryParams(filters))}`, {
        schema: ZControlList,
        signal,
      }),
    // While a new filter loads, the rows of the previous one stay (marked busy) instead of a blank page.
    placeholderData: keepPreviousData,
  });
}

/** Which NIST CSF 2.0 subcategories the organisation's implemented Annex A controls cover. */
export function useCsfCoverage() {
  const api = useApiClient();
  return useQuery({
    queryKey: controlsKeys.coverage(),
    queryFn: ({ signal }) => api.request('/api/v1/controls/coverage/csf', { schema: ZCsfCoverage, signal }),
  });
}

/** One control with its linked risks and NIST crosswalk. */
export function useControl(id: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: controlsKeys.detail(id),
    queryFn: ({ signal }) => api.request(path(id), { schema: ZControl, signal }),
  });
}

/** The evidence linked to the control, newest first (archived items left out). */
export function useControlEvidence(id: string, enabled: boolean) {
  const api = useApiClient();
  return useQuery({
    queryKey: controlsKeys.evidence(id),
    queryFn: ({ signal }) => api.request(path(id, '/evidence'), { schema: ZControlEvidenceList, signal }),
    enabled,
  });
}

/** Open risks whose key or title matches `q` (the first 20), for picking the risks a control treats. */
export function useRiskOptions(q: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: [...risksKeys.all, 'options', q] as const,
    queryFn: ({ signal }) =>
      api.request(`/api/v1/risks${queryString({ q, open: 'true', limit: '20' })}`, {
        schema: ZRiskList,
        signal,
      }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** The `KEY · title` of a risk the register is filtered by, when no row has told us already. */
export function useRiskName(id: string | undefined, known: string | null): string | null {
  const api = useApiClient();
  const query = useQuery({
    queryKey: riskDetailKeys.risk(id ?? ''),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/risks/${encodeURIComponent(id ?? '')}`, { schema: ZRisk, signal }),
    enabled: id !== undefined && known === null,
    staleTime: 60_000,
  });
  return known ?? (query.data ? `${query.data.key} · ${query.data.title}` : null);
}

/**
 * A mutation that answers with the control: the answer replaces the control's page at once, then every
 * control query (register, coverage) and every risk query (a risk shows the controls that treat it)
 * is refreshed.
 */
function useControlMutation<A>(request: (args: A) => Promise<TControl>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (control) => {
      queryClient.setQueryData(controlsKeys.detail(control.id), control);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: controlsKeys.all }),
        queryClient.invalidateQueries({ queryKey: risksKeys.all }),
      ]);
    },
  });
}

/** Adds a control of the organisation's own (`VC-n`). */
export function useCreateControl() {
  const api = useApiClient();
  return useControlMutation((body: TCreateControlRequest) =>
    api.request('/api/v1/controls', { method: 'POST', body, schema: ZControl }),
  );
}

export function useUpdateControl() {
  const api = useApiClient();
  return useControlMutation(({ id, body }: { id: string; body: TUpdateControlRequest }) =>
    api.request(path(id), { method: 'PATCH', body, schema: ZControl }),
  );
}

/** Makes `riskIds` the complete set of risks the control treats. */
export function useSetControlRisks() {
  const api = useApiClient();
  return useControlMutation(({ id, body }: { id: string; body: TSetControlRisksRequest }) =>
    api.request(path(id, '/risks'), { method: 'PUT', body, schema: ZControl }),
  );
}
