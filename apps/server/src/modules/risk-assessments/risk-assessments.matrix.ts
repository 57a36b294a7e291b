import { ROLES, roleCan, type TPermission } from '@vigil/contracts';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';
import { matrixRisk } from '../risks/risks.matrix.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

const seeded = new Map<string, Promise<string>>();

/** An assessment of `org` (its title and snapshot carry the canary), run once by the owner. */
export function matrixAssessment(ctx: MatrixContext, org: MatrixOrg): Promise<string> {
  let id = seeded.get(org.id);
  if (!id) {
    id = (async () => {
      await matrixRisk(ctx, org, 'owner');
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/risk-assessments',
        headers: { ...SPA_HEADERS, ...(await sessionHeaders(ctx.db, org.userIds.owner, org.id)) },
        payload: { title: `Matrix assessment ${org.canary}` },
      });
      if (res.statusCode !== 201) throw new Error(`seeding a matrix assessment failed: ${res.body}`);
      return res.json().id as string;
    })();
    seeded.set(org.id, id);
  }
  return id;
}

/** Authorization-matrix rules of risk assessments (see test/authz-matrix.ts). */
export const RISK_ASSESSMENTS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/risk-assessments': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => {
      await matrixAssessment(ctx, ctx.other);
      return { method: 'GET', url: '/api/v1/risk-assessments' };
    },
  },
  'POST /api/v1/risk-assessments': {
    allow: rolesWith('risk_assessment:run'),
    request: async (ctx) => {
      await matrixAssessment(ctx, ctx.other);
      return { method: 'POST', url: '/api/v1/risk-assessments', payload: { title: 'Matrix run' } };
    },
  },
  'GET /api/v1/risk-assessments/:id': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/risk-assessments/${await matrixAssessment(ctx, ctx.own)}`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/risk-assessments/${await matrixAssessment(ctx, ctx.other)}`,
    }),
  },
  'GET /api/v1/risk-assessments/compare': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => {
      const own = await matrixAssessment(ctx, ctx.own);
      return { method: 'GET', url: `/api/v1/risk-assessments/compare?from=${own}&to=${own}` };
    },
    crossOrg: async (ctx) => {
      const own = await matrixAssessment(ctx, ctx.own);
      const other = await matrixAssessment(ctx, ctx.other);
      return { method: 'GET', url: `/api/v1/risk-assessments/compare?from=${own}&to=${other}` };
    },
  },
};
