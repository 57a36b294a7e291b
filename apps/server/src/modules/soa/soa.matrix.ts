import { ROLES, roleCan, type TPermission } from '@vigil/contracts';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

const seeded = new Map<string, Promise<string>>();

/**
 * A published SoA version of `org`, once: the owner adds a control whose title and description carry the
 * organisation's canary, then publishes (acknowledging the warnings of a fresh register).
 */
function matrixVersion(ctx: MatrixContext, org: MatrixOrg): Promise<string> {
  let id = seeded.get(org.id);
  if (!id) {
    id = (async () => {
      const headers = { ...SPA_HEADERS, ...(await sessionHeaders(ctx.db, org.userIds.owner, org.id)) };
      const control = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/controls',
        headers,
        payload: { title: `SoA control ${org.canary}`, description: org.canary, theme: 'people' },
      });
      if (control.statusCode !== 201) throw new Error(`seeding an SoA control failed: ${control.body}`);
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/soa/versions',
        headers,
        payload: { approvalNote: `Matrix ${org.canary}`, acknowledgeWarnings: true },
      });
      if (res.statusCode !== 201) throw new Error(`seeding an SoA version failed: ${res.body}`);
      return res.json().id as string;
    })();
    seeded.set(org.id, id);
  }
  return id;
}

/** Authorization-matrix rules of the Statement of Applicability (see test/authz-matrix.ts). */
export const SOA_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/soa': {
    allow: rolesWith('control:read'),
    request: async (ctx) => {
      await matrixVersion(ctx, ctx.other);
      return { method: 'GET', url: '/api/v1/soa' };
    },
  },
  'GET /api/v1/soa/export': {
    allow: rolesWith('control:read'),
    request: async (ctx) => {
      await matrixVersion(ctx, ctx.other);
      return { method: 'GET', url: '/api/v1/soa/export?format=xlsx' };
    },
  },
  'GET /api/v1/soa/versions': {
    allow: rolesWith('control:read'),
    request: async (ctx) => {
      await matrixVersion(ctx, ctx.other);
      return { method: 'GET', url: '/api/v1/soa/versions' };
    },
  },
  'POST /api/v1/soa/versions': {
    allow: rolesWith('soa:publish'),
    request: async (ctx) => {
      await matrixVersion(ctx, ctx.other);
      return { method: 'POST', url: '/api/v1/soa/versions', payload: { acknowledgeWarnings: true } };
    },
  },
  'GET /api/v1/soa/versions/compare': {
    allow: rolesWith('control:read'),
    request: async (ctx) => {
      const own = await matrixVersion(ctx, ctx.own);
      return { method: 'GET', url: `/api/v1/soa/versions/compare?from=${own}&to=${own}` };
    },
    crossOrg: async (ctx) => {
      const own = await matrixVersion(ctx, ctx.own);
      const other = await matrixVersion(ctx, ctx.other);
      return { method: 'GET', url: `/api/v1/soa/versions/compare?from=${own}&to=${other}` };
    },
  },
  'GET /api/v1/soa/versions/:id': {
    allow: rolesWith('control:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/soa/versions/${await matrixVersion(ctx, ctx.own)}`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/soa/versions/${await matrixVersion(ctx, ctx.other)}`,
    }),
  },
  'GET /api/v1/soa/versions/:id/export': {
    allow: rolesWith('control:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/soa/versions/${await matrixVersion(ctx, ctx.own)}/export?format=pdf`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/soa/versions/${await matrixVersion(ctx, ctx.other)}/export?format=pdf`,
    }),
  },
};
