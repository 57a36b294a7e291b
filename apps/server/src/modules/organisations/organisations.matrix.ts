import { ROLES, roleCan } from '@vigil/contracts';
import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';

/** Authorization-matrix rules of the organisation settings (see test/authz-matrix.ts). */
export const ORGANISATIONS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/organisation': {
    allow: ROLES.filter((role) => roleCan(role, 'organisation:read')),
    request: () => ({ method: 'GET', url: '/api/v1/organisation' }),
  },
  'PATCH /api/v1/organisation': {
    allow: ROLES.filter((role) => roleCan(role, 'organisation:update')),
    // a stale version: allowed callers get 409, so the settings stay as they are for the next caller
    request: () => ({
      method: 'PATCH',
      url: '/api/v1/organisation',
      payload: { version: 1_000_000, name: 'Matrix' },
    }),
  },
};
