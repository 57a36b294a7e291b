import { ROLES, roleCan, type TPermission, type TRole } from '@vigil/contracts';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

const seeded = new Map<string, Promise<string>>();

/**
 * A custom control of `org` owned by the member with `ownerRole`, created once through the API by the
 * organisation's owner; its title carries the organisation's canary.
 */
export function matrixControl(ctx: MatrixContext, org: MatrixOrg, ownerRole: TRole): Promise<string> {
  const key = `${org.id}:${ownerRole}`;
  let id = seeded.get(key);
  if (!id) {
    id = (async () => {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/controls',
        headers: { ...SPA_HEADERS, ...(await sessionHeaders(ctx.db, org.userIds.owner, org.id)) },
        payload: {
          title: `Matrix control ${org.canary}`,
          description: `What it does ${org.canary}`,
          theme: 'organisational',
          ownerId: org.membershipIds[ownerRole],
        },
      });
      if (res.statusCode !== 201)
        throw new Error(`seeding a matrix control failed: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    })();
    seeded.set(key, id);
  }
  return id;
}

/** The caller's own control (contributors may edit only those), or the owner's for anonymous callers. */
const callersControl = (ctx: MatrixContext) =>
  matrixControl(ctx, ctx.own, ctx.caller === 'anonymous' ? 'owner' : ctx.caller);

/** A stale version: allowed callers get 409 and the control stays as it is for the next caller. */
const STALE = 1_000_000;

/** Authorization-matrix rules of the control register (see test/authz-matrix.ts). */
export const CONTROLS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/controls': {
    allow: rolesWith('control:read'),
    request: async (ctx) => {
      await matrixControl(ctx, ctx.other, 'owner');
      return { method: 'GET', url: '/api/v1/controls' };
    },
  },
  'POST /api/v1/controls': {
    allow: rolesWith('control:manage'),
    request: () => ({
      method: 'POST',
      url: '/api/v1/controls',
      payload: { title: 'Matrix created control', theme: 'technological' },
    }),
  },
  'GET /api/v1/controls/coverage/csf': {
    allow: rolesWith('control:read'),
    request: async (ctx) => {
      await matrixControl(ctx, ctx.other, 'owner');
      return { method: 'GET', url: '/api/v1/controls/coverage/csf' };
    },
  },
  'GET /api/v1/controls/:id': {
    allow: rolesWith('control:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/controls/${await matrixControl(ctx, ctx.own, 'owner')}`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/controls/${await matrixControl(ctx, ctx.other, 'owner')}`,
    }),
  },
  'PATCH /api/v1/controls/:id': {
    allow: rolesWith('control:update'),
    request: async (ctx) => ({
      method: 'PATCH',
      url: `/api/v1/controls/${await callersControl(ctx)}`,
      payload: { version: STALE, implementationStatus: 'planned' },
    }),
    crossOrg: async (ctx) => ({
      method: 'PATCH',
      url: `/api/v1/controls/${await matrixControl(ctx, ctx.other, 'owner')}`,
      payload: { version: 1, implementationStatus: 'planned' },
    }),
  },
  'PUT /api/v1/controls/:id/risks': {
    allow: rolesWith('control:update'),
    request: async (ctx) => ({
      method: 'PUT',
      url: `/api/v1/controls/${await callersControl(ctx)}/risks`,
      payload: { version: STALE, riskIds: [] },
    }),
    crossOrg: async (ctx) => ({
      method: 'PUT',
      url: `/api/v1/controls/${await matrixControl(ctx, ctx.other, 'owner')}/risks`,
      payload: { version: 1, riskIds: [] },
    }),
  },
};
