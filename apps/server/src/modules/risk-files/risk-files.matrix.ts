import { ROLES, roleCan, type TPermission } from '@vigil/contracts';
import type { MatrixContext, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { matrixAction } from '../risk-actions/risk-actions.matrix.ts';
import { matrixRisk } from '../risks/risks.matrix.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

/** A multipart/form-data request body with one file field, as a browser's FormData sends it. */
export function multipartFile(
  file: { name: string; content: string | Buffer; type?: string },
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----vigil-test-${Math.random().toString(36).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The other organisation's risk and action exist, so that a leak of either would show its canary. */
async function seedOther(ctx: MatrixContext): Promise<void> {
  await matrixRisk(ctx, ctx.other, 'owner');
  await matrixAction(ctx, ctx.other, 'owner');
  await matrixRisk(ctx, ctx.own, 'owner');
}

/** Authorization-matrix rules of the register's files (see test/authz-matrix.ts). */
export const RISK_FILES_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/risks/export': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => {
      await seedOther(ctx);
      // CSV: plain text, so another organisation's canary would show in the body
      return { method: 'GET', url: '/api/v1/risks/export?format=csv' };
    },
  },
  'GET /api/v1/risk-actions/export': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => {
      await seedOther(ctx);
      return { method: 'GET', url: '/api/v1/risk-actions/export?format=csv' };
    },
  },
  'GET /api/v1/risks/import-template': {
    allow: rolesWith('risk:import'),
    request: () => ({ method: 'GET', url: '/api/v1/risks/import-template?format=csv' }),
  },
  'GET /api/v1/risks/report': {
    allow: rolesWith('risk:read'),
    request: async (ctx) => {
      await seedOther(ctx);
      return { method: 'GET', url: '/api/v1/risks/report' };
    },
  },
  'POST /api/v1/risks/import': {
    allow: rolesWith('risk:import'),
    request: async (ctx) => {
      const owner = await ctx.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', ctx.own.userIds.owner)
        .executeTakeFirstOrThrow();
      // a dry run: allowed callers get the report and nothing changes for the next caller
      return {
        method: 'POST',
        url: '/api/v1/risks/import?dryRun=true',
        ...multipartFile({
          name: 'risks.csv',
          content: `Title,Owner email,Inherent likelihood,Inherent impact\r\nMatrix import,${owner.email},2,2\r\n`,
          type: 'text/csv',
        }),
      };
    },
  },
};
