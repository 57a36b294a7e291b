import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type TMembershipStatus,
  type TRole,
  type TUpdatePersonRequest,
  ZPerson,
  ZPersonList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';

export interface PeopleFilters {
  search: string;
  role: TRole | null;
  status: TMembershipStatus | null;
  department: string;
}

export const peopleKeys = {
  all: ['people'] as const,
  list: (filters: PeopleFilters) => [...peopleKeys.all, 'list', filters] as const,
};

/** People of the organisation, 50 at a time, by name. */
export function usePeople(filters: PeopleFilters) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: peopleKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.request(
        `/api/v1/people${queryString({
          search: filters.search,
          role: filters.role,
          status: filters.status,
          department: filters.department,
          limit: '50',
          cursor: pageParam,
        })}`,
        { schema: ZPersonList, signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useUpdatePerson() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TUpdatePersonRequest }) =>
      api.request(`/api/v1/people/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: ZPerson }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
  });
}

export function useSetPersonStatus() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: TMembershipStatus }) =>
      api.request(
        `/api/v1/people/${encodeURIComponent(id)}/${status === 'disabled' ? 'disable' : 'enable'}`,
        {
          method: 'POST',
          schema: ZPerson,
        },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
  });
}
