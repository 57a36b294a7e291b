import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TLoginRequest,
  type TPasswordResetConfirm,
  type TSetupRequest,
  ZLoginResponse,
  ZMe,
  ZPasswordResetAccepted,
  ZSessionList,
  ZSetupStatus,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { type ApiClient, isApiError } from '../../api/client.ts';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
  setup: () => [...authKeys.all, 'setup'] as const,
  sessions: () => [...authKeys.all, 'sessions'] as const,
};

/**
 * The app's session: the signed-in user (`GET /api/v1/me`), or null when nobody is signed in. A 401 is
 * an answer here, not a failure; every other error is.
 */
export function meQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: authKeys.me(),
    queryFn: async ({ signal }) => {
      try {
        return await api.request('/api/v1/me', { schema: ZMe, signal });
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    // The guards read it on every navigation; a request finding the session ended refreshes it at once.
    staleTime: 30_000,
  });
}

/** Whether the instance still needs its first organisation (`GET /api/v1/setup`). */
export function setupStatusQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: authKeys.setup(),
    queryFn: ({ signal }) => api.request('/api/v1/setup', { schema: ZSetupStatus, signal }),
  });
}

export function useMeQuery() {
  return useQuery(meQueryOptions(useApiClient()));
}

/**
 * After a change of who is signed in (sign-in, sign-out, setup) nothing cached may survive: the next
 * page loads the new session from scratch.
 */
export function useForgetSession() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.cancelQueries();
    queryClient.clear();
  };
}

export function useSetup() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (body: TSetupRequest) =>
      api.request('/api/v1/setup', { method: 'POST', body, schema: ZLoginResponse }),
  });
}

export function useSignIn() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (body: TLoginRequest) =>
      api.request('/api/v1/auth/login', { method: 'POST', body, schema: ZLoginResponse }),
  });
}

export function useSignOut() {
  const api = useApiClient();
  return useMutation({
    mutationFn: () => api.request('/api/v1/auth/logout', { method: 'POST' }),
  });
}

export function useSwitchOrganisation() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (organisationId: string) =>
      api.request('/api/v1/me/organisation', {
        method: 'PUT',
        body: { organisationId },
        schema: ZLoginResponse,
      }),
  });
}

export function useSessions() {
  const api = useApiClient();
  return useQuery({
    queryKey: authKeys.sessions(),
    queryFn: ({ signal }) => api.request('/api/v1/me/sessions', { schema: ZSessionList, signal }),
  });
}

export function useRevokeSession() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.request(`/api/v1/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: authKeys.sessions() }),
  });
}

export function useChangePassword() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.request('/api/v1/me/password', { method: 'POST', body }),
    // The server ends every other session.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.sessions() }),
  });
}

/** Always answers the same (202), whether or not the email has an account. */
export function useRequestPasswordReset() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (email: string) =>
      api.request('/api/v1/auth/password-reset', {
        method: 'POST',
        body: { email },
        schema: ZPasswordResetAccepted,
      }),
  });
}

export function useConfirmPasswordReset() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (body: TPasswordResetConfirm) =>
      api.request('/api/v1/auth/password-reset/confirm', { method: 'POST', body }),
  });
}
