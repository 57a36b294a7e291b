import { ROLES, roleCan, type TPermission } from '@vigil/contracts';
import { v7 as uuidv7 } from 'uuid';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';
import { matrixRisk } from '../risks/risks.matrix.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

const seeded = new Map<string, Promise<{ riskId: string; acceptanceId: string }>>();

/** An expiry date the server accepts (the matrix app runs on the real clock). */
const IN_A_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/**
 * A Low risk of `org` with treatment accept (its title carrying the canary), accepted once by top
 * management, both through the API.
 */
export function matrixAcceptance(
  ctx: MatrixContext,
  org: MatrixOrg,
): Promise<{ riskId: string; acceptanceId: string }> {
  let found = seeded.get(org.id);
  if (!found) {
    found = (async () => {
      const as = async (role: 'owner' | 'top_management') => ({
        ...SPA_HEADERS,
        ...(await sessionHeaders(ctx.db, org.userIds[role], org.id)),
      });
      const risk = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/risks',
        headers: await as('owner'),
        payload: {
          title: `Matrix accepted risk ${org.canary}`,
          ownerId: org.membershipIds.owner,
          inherent: { likelihood: 1, impact: 2 },
          treatment: 'accept',
        },
      });
      if (risk.statusCode !== 201) throw new Error(`seeding a matrix risk failed: ${risk.body}`);
      const riskId = risk.json().id as string;
      const accepted = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/risks/${riskId}/acceptances`,
        headers: await as('top_management'),
        payload: { justification: `Accepted ${org.canary}`, expiresOn: IN_A_YEAR, version: 1 },
      });
      if (accepted.statusCode !== 201)
        throw new Error(`seeding a matrix acceptance failed: ${accepted.body}`);
      return { riskId, acceptanceId: accepted.json().items[0].id as string };
    })();
    seeded.set(org.id, found);
  }
  return found;
}

/** A stale version: allowed callers get 409 and the risk stays as it is for the next caller. */
const STALE = 1_000_000;

const callersRisk = (ctx: MatrixContext) =>
  matrixRisk(ctx, ctx.own, ctx.caller === 'anonymous' ? 'owner' : ctx.caller);

/** Authorization-matrix rules of risk acceptances (see test/authz-matrix.ts). */
export const RISK_ACCEPTANCES_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/risks/:id/acceptances': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/risks/${(await matrixAcceptance(ctx, ctx.own)).riskId}/acceptances`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/risks/${(await matrixAcceptance(ctx, ctx.other)).riskId}/acceptances`,
    }),
  },
  'POST /api/v1/risks/:id/acceptances': {
    // the methodology narrows it further by level; a stale version answers 409 before that
    allow: rolesWith('risk:accept'),
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${await callersRisk(ctx)}/acceptances`,
      payload: { justification: 'Matrix acceptance', expiresOn: IN_A_YEAR, version: STALE },
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${(await matrixAcceptance(ctx, ctx.other)).riskId}/acceptances`,
      payload: { justification: 'Matrix acceptance', expiresOn: IN_A_YEAR, version: 2 },
    }),
  },
  'POST /api/v1/risks/:id/acceptances/:acceptanceId/withdraw': {
    allow: rolesWith('risk:accept'),
    // an acceptance that does not exist: allowed callers get 404, and nothing is withdrawn
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/risks/${(await matrixAcceptance(ctx, ctx.own)).riskId}/acceptances/${uuidv7()}/withdraw`,
      payload: {},
    }),
    crossOrg: async (ctx) => {
      const { riskId, acceptanceId } = await matrixAcceptance(ctx, ctx.other);
      return {
        method: 'POST',
        url: `/api/v1/risks/${riskId}/acceptances/${acceptanceId}/withdraw`,
        payload: {},
      };
    },
  },
};
