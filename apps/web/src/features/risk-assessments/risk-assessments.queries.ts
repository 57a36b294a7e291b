import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TRunRiskAssessmentRequest,
  ZRiskAssessment,
  ZRiskAssessmentComparison,
  ZRiskAssessmentList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';

export const riskAssessmentKeys = {
  all: ['risk-assessments'] as const,
  list: () => [...riskAssessmentKeys.all, 'list'] as const,
  one: (id: string) => [...riskAssessmentKeys.all, 'one', id] as const,
  compare: (from: string, to: string) => [...riskAssessmentKeys.all, 'compare', from, to] as const,
};

/** The assessments run so far, newest first. */
export function useRiskAssessments() {
  const api = useApiClient();
  return useQuery({
    queryKey: riskAssessmentKeys.list(),
    queryFn: ({ signal }) => api.request('/api/v1/risk-assessments', { schema: ZRiskAssessmentList, signal }),
  });
}

/** One assessment with its frozen snapshot of every risk; snapshots never change, so it is never stale. */
export function useRiskAssessment(id: string | null) {
  const api = useApiClient();
  return useQuery({
    queryKey: riskAssessmentKeys.one(id ?? ''),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/risk-assessments/${encodeURIComponent(id ?? '')}`, {
        schema: ZRiskAssessment,
        signal,
      }),
    enabled: id !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** What changed between two assessments; null ids wait. Like the snapshots, a comparison never changes. */
export function useRiskAssessmentComparison(from: string | null, to: string | null) {
  const api = useApiClient();
  return useQuery({
    queryKey: riskAssessmentKeys.compare(from ?? '', to ?? ''),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/risk-assessments/compare${queryString({ from, to })}`, {
        schema: ZRiskAssessmentComparison,
        signal,
      }),
    enabled: from !== null && to !== null && from !== to,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRunRiskAssessment() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TRunRiskAssessmentRequest) =>
      api.request('/api/v1/risk-assessments', { method: 'POST', body, schema: ZRiskAssessment }),
    onSuccess: (assessment) => {
      queryClient.setQueryData(riskAssessmentKeys.one(assessment.id), assessment);
      return queryClient.invalidateQueries({ queryKey: riskAssessmentKeys.list() });
    },
  });
}
