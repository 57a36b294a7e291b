import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';

/**
 * Authorization-matrix rules of the MFA routes (see test/authz-matrix.ts). Every route concerns the
 * caller's own account only, so there is no other organisation's object to reach. Matrix callers have no
 * TOTP: confirm, turn-off and regenerate answer 409/422 for them, which is still "allowed".
 */
export const MFA_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/me/mfa': { allow: 'signed_in', request: () => ({ method: 'GET', url: '/api/v1/me/mfa' }) },
  'POST /api/v1/me/mfa/totp': {
    allow: 'signed_in',
    request: () => ({ method: 'POST', url: '/api/v1/me/mfa/totp' }),
  },
  'POST /api/v1/me/mfa/totp/confirm': {
    allow: 'signed_in',
    request: () => ({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', payload: { code: '000000' } }),
  },
  'DELETE /api/v1/me/mfa/totp': {
    allow: 'signed_in',
    request: () => ({ method: 'DELETE', url: '/api/v1/me/mfa/totp', payload: { code: '000000' } }),
  },
  'POST /api/v1/me/mfa/recovery-codes': {
    allow: 'signed_in',
    request: () => ({ method: 'POST', url: '/api/v1/me/mfa/recovery-codes', payload: { code: '000000' } }),
  },
  'POST /api/v1/auth/mfa/verify': {
    allow: 'signed_in',
    request: () => ({ method: 'POST', url: '/api/v1/auth/mfa/verify', payload: { code: '000000' } }),
  },
};
