import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';

/** Authorization-matrix rules of the forgotten-password routes (see test/authz-matrix.ts): open to anyone. */
export const PASSWORD_RESET_MATRIX: Record<RouteKey, RouteRule> = {
  'POST /api/v1/auth/password-reset': {
    allow: 'public',
    status: 202,
    request: (ctx) => ({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: `nobody-${ctx.caller}@example.org` },
    }),
  },
  'POST /api/v1/auth/password-reset/confirm': {
    allow: 'public',
    status: 422,
    request: () => ({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: 'not-a-reset-token', newPassword: 'a brand new password 7' },
    }),
  },
};
