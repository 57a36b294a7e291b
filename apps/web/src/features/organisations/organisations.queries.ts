import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type TUpdateOrganisationRequest, ZOrganisation } from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { authKeys } from '../auth/auth.queries.ts';

export const organisationKeys = {
  all: ['organisation'] as const,
  current: () => [...organisationKeys.all, 'current'] as const,
};

export function useOrganisation() {
  const api = useApiClient();
  return useQuery({
    queryKey: organisationKeys.current(),
    queryFn: ({ signal }) => api.request('/api/v1/organisation', { schema: ZOrganisation, signal }),
  });
}

export function useUpdateOrganisation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TUpdateOrganisationRequest) =>
      api.request('/api/v1/organisation', { method: 'PATCH', body, schema: ZOrganisation }),
    onSuccess: (organisation) => {
      queryClient.setQueryData(organisationKeys.current(), organisation);
      // The header shows the name; /me carries the organisation.
      return queryClient.invalidateQueries({ queryKey: authKeys.me() });
    },
  });
}
