import { ROLES, roleCan, type TPermission, type TRole } from '@vigil/contracts';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

const seeded = new Map<string, Promise<string>>();

/**
 * A risk of `org` owned by the member with `ownerRole`, created once through the API by the organisation's
 * owner; its title carries the organisation's canary.
 */
export function matrixRisk(ctx: MatrixContext, org: MatrixOrg, ownerRole: TRole): Promise<string> {
  const key = `${org.id}:${ownerRole}`;
  let id = seeded.get(key);
  if (!id) {
    id = (async () => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/risks',
        headers: { ...SPA_HEADERS, ...(await sessionHeaders(ctx.db, org.userIds.owner, org.id)) },
        payload: {
          title: `Matrix risk ${org.canary}`,
          threat: `Threat ${org.canary}`,
          ownerId: org.membershipIds[ownerRole],
          inherent: { likelihood: 3, impact: 3 },
        },
      });
      if (res.statusCode !== 201)
        throw new Error(`seeding a matrix risk failed: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    })();
    seeded.set(key, id);
  }
  return id;
}

/** The caller's own risk (contributors may edit only those), or the owner's for anonymous callers. */
const callersRisk = (ctx: MatrixContext) =>
  matrixRisk(ctx, ctx.own, ctx.caller === 'anonymous' ? 'owner' : ctx.caller);

/** A stale version: allowed callers get 409 and the risk stays as it is for the next caller. */
const STALE = 1_000_000;

/** Authorization-matrix rules of the risk register (see test/authz-matrix.ts). */
export const RISKS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/risks': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => {
      await matrixRisk(ctx, ctx.other, 'owner');
      return { method: 'GET', url: '/api/v1/risks?limit=200' };
    },
  },
  'GET /api/v1/risks/heat-map': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => {
      await matrixRisk(ctx, ctx.other, 'owner');
      return { method: 'GET', url: '/api/v1/risks/heat-map' };
    },
  },
  'POST /api/v1/risks': {
    allow: rolesWith('risk:create'),
    request: (ctx) => ({
      method: 'POST',
      url: '/api/v1/risks',
      payload: {
        title: 'Matrix created risk',
        ownerId: ctx.own.membershipIds.owner,
        inherent: { likelihood: 1, impact: 1 },
      },
    }),
  },
  'GET /api/v1/risks/:id': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/risks/${await matrixRisk(ctx, ctx.own, 'owner')}`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/risks/${await matrixRisk(ctx, ctx.other, 'owner')}`,
    }),
  },
  'PATCH /api/v1/risks/:id': {
    allow: rolesWith('risk:update'),
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/v1/risks/${await callersRisk(ctx)}`,
      payload: { version: STALE, title: 'Matrix' },
    }),
    crossOrg: async (ctx) => ({
      method: 'PATCH',
      url: `/api/v1/risks/${await matrixRisk(ctx, ctx.other, 'owner')}`,
      payload: { version: 1, title: 'Matrix' },
    }),
  },
  'POST /api/v1/risks/:id/close': {
    allow: rolesWith('risk:update'),
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${await callersRisk(ctx)}/close`,
      payload: { version: STALE },
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${await matrixRisk(ctx, ctx.other, 'owner')}/close`,
      payload: { version: 1 },
    }),
  },
  'POST /api/v1/risks/:id/reopen': {
    allow: rolesWith('risk:update'),
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${await callersRisk(ctx)}/reopen`,
      payload: { version: STALE },
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${await matrixRisk(ctx, ctx.other, 'owner')}/reopen`,
      payload: { version: 1 },
    }),
  },
  'POST /api/v1/risk-methodology/rerate': {
    allow: rolesWith('risk_methodology:update'),
    request: async (ctx) => ({
      method: 'POST',
      url: '/api/v1/risk-methodology/rerate',
      payload: {
        ratings: [
          {
            riskId: await matrixRisk(ctx, ctx.own, 'owner'),
            inherentLikelihood: 2,
            inherentImpact: 2,
            version: STALE,
          },
        ],
        reason: 'Matrix',
      },
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: '/api/v1/risk-methodology/rerate',
      payload: {
        ratings: [
          {
            riskId: await matrixRisk(ctx, ctx.other, 'owner'),
            inherentLikelihood: 2,
            inherentImpact: 2,
            version: 1,
          },
        ],
        reason: 'Matrix',
      },
    }),
  },
};
