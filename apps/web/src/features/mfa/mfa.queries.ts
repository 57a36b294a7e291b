import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TMfaVerifyRequest,
  ZLoginResponse,
  ZMfaStatus,
  ZRecoveryCodes,
  ZTotpConfirmResponse,
  ZTotpEnrolment,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { authKeys } from '../auth/auth.queries.ts';

export const mfaKeys = {
  all: ['mfa'] as const,
  status: () => [...mfaKeys.all, 'status'] as const,
};

export function useMfaStatus() {
  const api = useApiClient();
  return useQuery({
    queryKey: mfaKeys.status(),
    queryFn: ({ signal }) => api.request('/api/v1/me/mfa', { schema: ZMfaStatus, signal }),
  });
}

/** A new secret with its QR code; a pending, unconfirmed one is replaced. */
export function useStartTotpEnrolment() {
  const api = useApiClient();
  return useMutation({
    mutationFn: () => api.request('/api/v1/me/mfa/totp', { method: 'POST', schema: ZTotpEnrolment }),
  });
}

export function useConfirmTotpEnrolment() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (code: string) =>
      api.request('/api/v1/me/mfa/totp/confirm', {
        method: 'POST',
        body: { code },
        schema: ZTotpConfirmResponse,
      }),
  });
}

export function useVerifyMfa() {
  const api = useApiClient();
  return useMutation({
    mutationFn: (body: TMfaVerifyRequest) =>
      api.request('/api/v1/auth/mfa/verify', { method: 'POST', body, schema: ZLoginResponse }),
  });
}

/** Refreshes what depends on the user's MFA state: its status and `/me` (`user.mfaEnabled`). */
export function useMfaChanged() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: mfaKeys.status() }),
      queryClient.invalidateQueries({ queryKey: authKeys.me() }),
    ]);
}

export function useRegenerateRecoveryCodes() {
  const api = useApiClient();
  const changed = useMfaChanged();
  return useMutation({
    mutationFn: (code: string) =>
      api.request('/api/v1/me/mfa/recovery-codes', {
        method: 'POST',
        body: { code },
        schema: ZRecoveryCodes,
      }),
    onSuccess: changed,
  });
}

export function useDisableTotp() {
  const api = useApiClient();
  const changed = useMfaChanged();
  return useMutation({
    mutationFn: (code: string) => api.request('/api/v1/me/mfa/totp', { method: 'DELETE', body: { code } }),
    onSuccess: changed,
  });
}
