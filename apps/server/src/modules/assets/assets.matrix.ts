import { ROLES, roleCan, type TPermission } from '@vigil/contracts';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

const seeded = new Map<string, Promise<string>>();

/** An asset of `org`, created once through the API by its owner; its name carries the organisation's canary. */
function matrixAsset(ctx: MatrixContext, org: MatrixOrg): Promise<string> {
  let id = seeded.get(org.id);
  if (!id) {
    id = (async () => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/assets',
        headers: { ...SPA_HEADERS, ...(await sessionHeaders(ctx.db, org.userIds.owner, org.id)) },
        payload: { ...NEW_ASSET, name: `Matrix asset ${org.canary}`, ownerId: org.membershipIds.owner },
      });
      if (res.statusCode !== 201)
        throw new Error(`seeding a matrix asset failed: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    })();
    seeded.set(org.id, id);
  }
  return id;
}

const NEW_ASSET = {
  name: 'Matrix asset',
  kind: 'system',
  classification: 'internal',
  confidentiality: 2,
  integrity: 2,
  availability: 2,
};

/** A stale version: allowed callers get 409 and the asset stays as it is for the next caller. */
const STALE = 1_000_000;

const onAsset = (verb: 'PATCH' | 'POST', suffix: string, payload: Record<string, unknown>) => ({
  request: async (ctx: MatrixContext) => ({
    method: verb,
    url: `/api/v1/assets/${await matrixAsset(ctx, ctx.own)}${suffix}`,
    payload: { ...payload, version: STALE },
  }),
  crossOrg: async (ctx: MatrixContext) => ({
    method: verb,
    url: `/api/v1/assets/${await matrixAsset(ctx, ctx.other)}${suffix}`,
    payload: { ...payload, version: 1 },
  }),
});

/** Authorization-matrix rules of the asset inventory (see test/authz-matrix.ts). */
export const ASSETS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/assets': {
    allow: rolesWith('asset:read'),
    request: async (ctx) => {
      await matrixAsset(ctx, ctx.other);
      return { method: 'GET', url: '/api/v1/assets?limit=200&includeArchived=true' };
    },
  },
  'POST /api/v1/assets': {
    allow: rolesWith('asset:manage'),
    request: () => ({ method: 'POST', url: '/api/v1/assets', payload: NEW_ASSET }),
  },
  'GET /api/v1/assets/:id': {
    allow: rolesWith('asset:read'),
    request: async (ctx) => ({ method: 'GET', url: `/api/v1/assets/${await matrixAsset(ctx, ctx.own)}` }),
    crossOrg: async (ctx) => ({ method: 'GET', url: `/api/v1/assets/${await matrixAsset(ctx, ctx.other)}` }),
  },
  'PATCH /api/v1/assets/:id': {
    allow: rolesWith('asset:manage'),
    ...onAsset('PATCH', '', { name: 'Matrix' }),
  },
  'POST /api/v1/assets/:id/archive': { allow: rolesWith('asset:manage'), ...onAsset('POST', '/archive', {}) },
  'POST /api/v1/assets/:id/restore': { allow: rolesWith('asset:manage'), ...onAsset('POST', '/restore', {}) },
};
