import { useQuery } from '@tanstack/react-query';
import { ZMethodology } from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';

export const methodologyKeys = {
  all: ['risk-methodology'] as const,
  current: () => [...methodologyKeys.all, 'current'] as const,
};

/** The organisation's current methodology: scales, levels (lowest first) and the matrix. */
export function useMethodology() {
  const api = useApiClient();
  return useQuery({
    queryKey: methodologyKeys.current(),
    queryFn: ({ signal }) => api.request('/api/v1/risk-methodology', { schema: ZMethodology, signal }),
    staleTime: 60_000,
  });
}
