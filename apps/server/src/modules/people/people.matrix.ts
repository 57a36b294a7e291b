import { ROLES, roleCan } from '@vigil/contracts';
import type { MatrixContext, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { seedMember } from '../../../test/identity.ts';

const rolesWith = (permission: Parameters<typeof roleCan>[1]) =>
  ROLES.filter((role) => roleCan(role, permission));

/** A fresh contributor of the organisation: disabling them harms no other matrix request. */
async function freshMember(ctx: MatrixContext, organisationId: string): Promise<string> {
  return (await seedMember(ctx.db, organisationId, 'contributor')).membershipId;
}

/** Authorization-matrix rules of the people routes (see test/authz-matrix.ts). */
export const PEOPLE_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/people': {
    allow: rolesWith('person:read'),
    request: () => ({ method: 'GET', url: '/api/v1/people?limit=200' }),
  },
  'GET /api/v1/people/:id': {
    allow: rolesWith('person:read'),
    request: (ctx) => ({ method: 'GET', url: `/api/v1/people/${ctx.own.membershipIds.employee}` }),
    crossOrg: (ctx) => ({ method: 'GET', url: `/api/v1/people/${ctx.other.membershipIds.employee}` }),
  },
  'PATCH /api/v1/people/:id': {
    allow: rolesWith('person:update'),
    // a stale version: allowed callers get 409 and the membership stays as it is
    request: (ctx) => ({
      method: 'PATCH',
      url: `/api/v1/people/${ctx.own.membershipIds.employee}`,
      payload: { version: 1_000_000, department: 'Matrix' },
    }),
    crossOrg: (ctx) => ({
      method: 'PATCH',
      url: `/api/v1/people/${ctx.other.membershipIds.employee}`,
      payload: { version: 1, department: 'Matrix' },
    }),
  },
  'POST /api/v1/people/:id/disable': {
    allow: rolesWith('person:disable'),
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/people/${await freshMember(ctx, ctx.own.id)}/disable`,
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/people/${await freshMember(ctx, ctx.other.id)}/disable`,
    }),
  },
  'POST /api/v1/people/:id/enable': {
    allow: rolesWith('person:disable'),
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/people/${await freshMember(ctx, ctx.own.id)}/enable`,
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/people/${await freshMember(ctx, ctx.other.id)}/enable`,
    }),
  },
};
