import { ROLES, roleCan } from '@vigil/contracts';
import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';

/** Authorization-matrix rules of the audit trail (see test/authz-matrix.ts). */
export const AUDIT_EVENTS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/audit-events': {
    allow: ROLES.filter((role) => roleCan(role, 'audit_event:read')),
    request: () => ({ method: 'GET', url: '/api/v1/audit-events?limit=200' }),
  },
};
