import { DEFAULT_METHODOLOGY, ROLES, roleCan, type TPermission } from '@vigil/contracts';
import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

/**
 * Authorization-matrix rules of the risk methodology (see test/authz-matrix.ts). Versions are numbered
 * per organisation, so there is no other organisation's object to aim at: the canary check covers leaks.
 * The re-rating route is the risk register's (risks.matrix.ts).
 */
export const RISK_METHODOLOGY_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/risk-methodology': {
    allow: rolesWith('risk:read'),
    request: () => ({ method: 'GET', url: '/api/v1/risk-methodology' }),
  },
  'GET /api/v1/risk-methodology/versions': {
    allow: rolesWith('risk:read'),
    request: () => ({ method: 'GET', url: '/api/v1/risk-methodology/versions' }),
  },
  'GET /api/v1/risk-methodology/versions/:version': {
    allow: rolesWith('risk:read'),
    request: () => ({ method: 'GET', url: '/api/v1/risk-methodology/versions/1' }),
  },
  'PUT /api/v1/risk-methodology': {
    allow: rolesWith('risk_methodology:update'),
    // a stale base version: allowed callers get 409 and the methodology stays as it is
    request: () => ({
      method: 'PUT',
      url: '/api/v1/risk-methodology',
      payload: { ...DEFAULT_METHODOLOGY, basedOnVersion: 1_000_000 },
    }),
  },
};
