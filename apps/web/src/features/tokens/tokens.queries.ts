import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type TApiTokenCreateRequest, ZApiTokenCreated, ZApiTokenList } from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';

export const tokenKeys = {
  all: ['tokens'] as const,
  list: (all: boolean) => [...tokenKeys.all, 'list', { all }] as const,
};

/** Your tokens, or with `all` every token of the organisation (needs `api_token:manage_all`). */
export function useTokens(all: boolean) {
  const api = useApiClient();
  return useQuery({
    queryKey: tokenKeys.list(all),
    queryFn: ({ signal }) =>
      api.request(all ? '/api/v1/tokens?all=true' : '/api/v1/tokens', { schema: ZApiTokenList, signal }),
  });
}

export function useCreateToken() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TApiTokenCreateRequest) =>
      api.request('/api/v1/tokens', { method: 'POST', body, schema: ZApiTokenCreated }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}

export function useRevokeToken() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.request(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
  });
}
