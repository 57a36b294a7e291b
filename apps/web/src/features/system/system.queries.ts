import { useQuery } from '@tanstack/react-query';
import { ZHealth, ZReadiness } from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';

export const systemKeys = {
  all: ['system'] as const,
  health: () => [...systemKeys.all, 'health'] as const,
  readiness: () => [...systemKeys.all, 'readiness'] as const,
};

export function useHealth() {
  const api = useApiClient();
  return useQuery({
    queryKey: systemKeys.health(),
    queryFn: ({ signal }) => api.request('/api/health', { schema: ZHealth, signal }),
  });
}

/** `/api/ready` answers 503 with the same body when something is not ready: that is data, not an error. */
export function useReadiness() {
  const api = useApiClient();
  return useQuery({
    queryKey: systemKeys.readiness(),
    queryFn: ({ signal }) => api.request('/api/ready', { schema: ZReadiness, signal, acceptStatuses: [503] }),
    refetchInterval: 60_000,
  });
}
