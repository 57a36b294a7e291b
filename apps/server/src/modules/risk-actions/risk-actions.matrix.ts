import { ROLES, roleCan, type TPermission, type TRole } from '@vigil/contracts';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';
import { matrixRisk } from '../risks/risks.matrix.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

const seeded = new Map<string, Promise<{ riskId: string; actionId: string }>>();

/**
 * An action (overdue, its title carrying the organisation's canary) on the risk of `org` owned by the
 * member with `riskOwnerRole`, created once through the API by the organisation's owner.
 */
export function matrixAction(
  ctx: MatrixContext,
  org: MatrixOrg,
  riskOwnerRole: TRole,
): Promise<{ riskId: string; actionId: string }> {
  const key = `${org.id}:${riskOwnerRole}`;
  let found = seeded.get(key);
  if (!found) {
    found = (async () => {
      const riskId = await matrixRisk(ctx, org, riskOwnerRole);
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/risks/${riskId}/actions`,
        headers: { ...SPA_HEADERS, ...(await sessionHeaders(ctx.db, org.userIds.owner, org.id)) },
        payload: {
          title: `Matrix action ${org.canary}`,
          ownerId: org.membershipIds[riskOwnerRole],
          dueOn: '2020-01-01',
        },
      });
      if (res.statusCode !== 201)
        throw new Error(`seeding a matrix action failed: ${res.statusCode} ${res.body}`);
      return { riskId, actionId: res.json().id as string };
    })();
    seeded.set(key, found);
  }
  return found;
}

/** The caller's own risk's action (contributors may edit those), or the owner's for anonymous callers. */
const callersAction = (ctx: MatrixContext) =>
  matrixAction(ctx, ctx.own, ctx.caller === 'anonymous' ? 'owner' : ctx.caller);

/** A stale version: allowed callers get 409 and the action stays as it is for the next caller. */
const STALE = 1_000_000;

/** Authorization-matrix rules of treatment plans (see test/authz-matrix.ts). */
export const RISK_ACTIONS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/risks/:id/actions': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/risks/${(await matrixAction(ctx, ctx.own, 'owner')).riskId}/actions`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/risks/${(await matrixAction(ctx, ctx.other, 'owner')).riskId}/actions`,
    }),
  },
  'POST /api/v1/risks/:id/actions': {
    allow: rolesWith('risk:update'),
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${(await callersAction(ctx)).riskId}/actions`,
      payload: { title: 'Matrix planned action', ownerId: ctx.own.membershipIds.owner, dueOn: '2030-01-01' },
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${(await matrixAction(ctx, ctx.other, 'owner')).riskId}/actions`,
      payload: { title: 'Matrix planned action', ownerId: ctx.own.membershipIds.owner, dueOn: '2030-01-01' },
    }),
  },
  'PATCH /api/v1/risks/:id/actions/:actionId': {
    allow: rolesWith('risk:update'),
    request: async (ctx) => {
      const { riskId, actionId } = await callersAction(ctx);
      return {
        method: 'PATCH',
        url: `/api/v1/risks/${riskId}/actions/${actionId}`,
        payload: { version: STALE, title: 'Matrix' },
      };
    },
    crossOrg: async (ctx) => {
      const { riskId, actionId } = await matrixAction(ctx, ctx.other, 'owner');
      return {
        method: 'PATCH',
        url: `/api/v1/risks/${riskId}/actions/${actionId}`,
        payload: { version: 1, title: 'Matrix' },
      };
    },
  },
  'GET /api/v1/risk-actions': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => {
      await matrixAction(ctx, ctx.other, 'owner');
      return { method: 'GET', url: '/api/v1/risk-actions?overdue=true&limit=500' };
    },
  },
};
