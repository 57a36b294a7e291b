import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TAcceptInvitationRequest,
  type TCreateInvitationRequest,
  type TInvitationStatus,
  ZInvitation,
  ZInvitationList,
  ZInvitationLookup,
  ZLoginResponse,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';
import { peopleKeys } from '../people/people.queries.ts';

export const invitationKeys = {
  all: ['invitations'] as const,
  list: (status: TInvitationStatus | null) => [...invitationKeys.all, 'list', { status }] as const,
  lookup: (token: string) => [...invitationKeys.all, 'lookup', token] as const,
};

export function useInvitations(status: TInvitationStatus | null) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: invitationKeys.list(status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.request(`/api/v1/invitations${queryString({ status, limit: '50', cursor: pageParam })}`, {
        schema: ZInvitationList,
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCreateInvitation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateInvitationRequest) =>
      api.request('/api/v1/invitations', { method: 'POST', body, schema: ZInvitation }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.all }),
  });
}

export function useResendInvitation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.request(`/api/v1/invitations/${encodeURIComponent(id)}/resend`, {
        method: 'POST',
        schema: ZInvitation,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationKeys.all }),
  });
}

export function useRevokeInvitation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.request(`/api/v1/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: invitationKeys.all }),
  });
}

/** What an invitation link offers; a 404 when the link does not work (used, expired, withdrawn). */
export function useInvitationLookup(token: string | undefined) {
  const api = useApiClient();
  return useQuery({
    queryKey: invitationKeys.lookup(token ?? ''),
    enabled: Boolean(token),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/invitations/lookup${queryString({ token })}`, {
        schema: ZInvitationLookup,
        signal,
      }),
  });
}

export function useAcceptInvitation() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TAcceptInvitationRequest) =>
      api.request('/api/v1/invitations/accept', { method: 'POST', body, schema: ZLoginResponse }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: peopleKeys.all }),
  });
}
