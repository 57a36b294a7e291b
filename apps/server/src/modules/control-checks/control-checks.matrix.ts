import { ROLES, roleCan, type TPermission, type TRole } from '@vigil/contracts';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';
import { matrixControl } from '../controls/controls.matrix.ts';
import { mayBeAssigned } from './control-checks.policy.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

interface MatrixCheck {
  controlId: string;
  checkId: string;
}

const seeded = new Map<string, Promise<MatrixCheck>>();

/**
 * A check of `org`'s matrix control assigned to the member with `role` (the owner when the role may not be
 * assigned checks), created once through the API by the organisation's owner; its title carries the
 * organisation's canary.
 */
function matrixCheck(ctx: MatrixContext, org: MatrixOrg, role: TRole): Promise<MatrixCheck> {
  const assignee = mayBeAssigned(role) ? role : 'owner';
  const key = `${org.id}:${assignee}`;
  let check = seeded.get(key);
  if (!check) {
    check = (async () => {
      const controlId = await matrixControl(ctx, org, 'owner');
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/controls/${controlId}/checks`,
        headers: { ...SPA_HEADERS, ...(await sessionHeaders(ctx.db, org.userIds.owner, org.id)) },
        payload: {
          title: `Matrix check ${org.canary}`,
          method: 'inspect',
          procedure: `Look at it ${org.canary}`,
          frequency: 'quarterly',
          assigneeId: org.membershipIds[assignee],
          nextDueOn: '2099-01-01',
        },
      });
      if (res.statusCode !== 201)
        throw new Error(`seeding a matrix check failed: ${res.statusCode} ${res.body}`);
      return { controlId, checkId: res.json().id as string };
    })();
    seeded.set(key, check);
  }
  return check;
}

/** The check assigned to the caller (contributors may record only those), or the owner's. */
const callersCheck = (ctx: MatrixContext) =>
  matrixCheck(ctx, ctx.own, ctx.caller === 'anonymous' ? 'owner' : ctx.caller);
const othersCheck = (ctx: MatrixContext) => matrixCheck(ctx, ctx.other, 'owner');
const url = ({ controlId, checkId }: MatrixCheck, rest = '') =>
  `/api/v1/controls/${controlId}/checks/${checkId}${rest}`;

/** A stale version: allowed callers get 409 and the check stays as it is for the next caller. */
const STALE = 1_000_000;
/** A run in the future: allowed callers get 422 (after authorization) and nothing is recorded. */
const FUTURE_RUN = { result: 'effective', performedOn: '2999-01-01' };

/** Authorization-matrix rules of control checks (see test/authz-matrix.ts). */
export const CONTROL_CHECKS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/control-checks': {
    allow: rolesWith('control:read'),
    request: async (ctx) => {
      await othersCheck(ctx);
      await matrixCheck(ctx, ctx.own, 'owner');
      return { method: 'GET', url: '/api/v1/control-checks?due=all' };
    },
  },
  'GET /api/v1/controls/:id/checks': {
    allow: rolesWith('control:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/controls/${(await matrixCheck(ctx, ctx.own, 'owner')).controlId}/checks`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/controls/${(await othersCheck(ctx)).controlId}/checks`,
    }),
  },
  'POST /api/v1/controls/:id/checks': {
    allow: rolesWith('control:manage'),
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/controls/${await matrixControl(ctx, ctx.own, 'owner')}/checks`,
      payload: {
        title: 'Matrix created check',
        method: 'test',
        frequency: 'yearly',
        assigneeId: ctx.own.membershipIds.owner,
        nextDueOn: '2099-06-30',
      },
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/controls/${await matrixControl(ctx, ctx.other, 'owner')}/checks`,
      payload: {
        title: 'Matrix created check',
        method: 'test',
        frequency: 'yearly',
        assigneeId: ctx.own.membershipIds.owner,
        nextDueOn: '2099-06-30',
      },
    }),
  },
  'GET /api/v1/controls/:id/checks/:checkId': {
    allow: rolesWith('control:read'),
    request: async (ctx) => ({ method: 'GET', url: url(await matrixCheck(ctx, ctx.own, 'owner')) }),
    crossOrg: async (ctx) => ({ method: 'GET', url: url(await othersCheck(ctx)) }),
  },
  'PATCH /api/v1/controls/:id/checks/:checkId': {
    allow: rolesWith('control:manage'),
    request: async (ctx) => ({
      method: 'PATCH',
      url: url(await matrixCheck(ctx, ctx.own, 'owner')),
      payload: { version: STALE, title: 'Renamed' },
    }),
    crossOrg: async (ctx) => ({
      method: 'PATCH',
      url: url(await othersCheck(ctx)),
      payload: { version: 1, title: 'Renamed' },
    }),
  },
  'POST /api/v1/controls/:id/checks/:checkId/retire': {
    allow: rolesWith('control:manage'),
    request: async (ctx) => ({
      method: 'POST',
      url: url(await matrixCheck(ctx, ctx.own, 'owner'), '/retire'),
      payload: { version: STALE },
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: url(await othersCheck(ctx), '/retire'),
      payload: { version: 1 },
    }),
  },
  'GET /api/v1/controls/:id/checks/:checkId/runs': {
    allow: rolesWith('control:read'),
    request: async (ctx) => ({ method: 'GET', url: url(await matrixCheck(ctx, ctx.own, 'owner'), '/runs') }),
    crossOrg: async (ctx) => ({ method: 'GET', url: url(await othersCheck(ctx), '/runs') }),
  },
  'POST /api/v1/controls/:id/checks/:checkId/runs': {
    allow: rolesWith('control:update'),
    request: async (ctx) => ({
      method: 'POST',
      url: url(await callersCheck(ctx), '/runs'),
      payload: FUTURE_RUN,
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: url(await othersCheck(ctx), '/runs'),
      payload: FUTURE_RUN,
    }),
  },
};
