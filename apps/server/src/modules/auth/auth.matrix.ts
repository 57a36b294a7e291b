import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';

const PASSWORD = 'a long test password 42';

/** Authorization-matrix rules of the auth routes (see test/authz-matrix.ts). */
export const AUTH_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/setup': { allow: 'public', request: () => ({ method: 'GET', url: '/api/v1/setup' }) },
  'POST /api/v1/setup': {
    // refused for everyone once the instance is set up: no caller can claim it
    allow: 'public',
    status: 403,
    request: () => ({
      method: 'POST',
      url: '/api/v1/setup',
      payload: {
        token: 'x',
        organisationName: 'Mine',
        name: 'Me',
        email: 'claim@example.org',
        password: PASSWORD,
      },
    }),
  },
  'POST /api/v1/auth/login': {
    allow: 'public',
    status: 401,
    // one unknown account per caller, so the per-account throttle stays out of the way
    request: (ctx) => ({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `nobody-${ctx.caller}@example.org`, password: 'wrong password' },
    }),
  },
  'POST /api/v1/auth/logout': {
    allow: 'public',
    request: () => ({ method: 'POST', url: '/api/v1/auth/logout' }),
  },
  'GET /api/v1/me': { allow: 'signed_in', request: () => ({ method: 'GET', url: '/api/v1/me' }) },
  'PUT /api/v1/me/organisation': {
    allow: 'signed_in',
    request: (ctx) => ({
      method: 'PUT',
      url: '/api/v1/me/organisation',
      payload: { organisationId: ctx.own.id },
    }),
    crossOrg: (ctx) => ({
      method: 'PUT',
      url: '/api/v1/me/organisation',
      payload: { organisationId: ctx.other.id },
    }),
  },
  'GET /api/v1/me/sessions': {
    allow: 'signed_in',
    request: () => ({ method: 'GET', url: '/api/v1/me/sessions' }),
  },
  'DELETE /api/v1/me/sessions/:id': {
    allow: 'signed_in',
    // a session of someone in the other organisation: never reachable
    request: async (ctx) => {
      const s = await ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('user_id', '=', ctx.other.userIds.owner)
        .executeTakeFirstOrThrow();
      return { method: 'DELETE', url: `/api/v1/me/sessions/${s.id}` };
    },
  },
  'POST /api/v1/me/password': {
    allow: 'signed_in',
    request: () => ({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'wrong', newPassword: 'short' },
    }),
  },
};
