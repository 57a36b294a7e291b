import { ROLES, roleCan, type TPermission, type TRole } from '@vigil/contracts';
import type { MatrixContext, MatrixOrg, RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { sessionHeaders } from '../../../test/authz-matrix.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';
import { matrixControl } from '../controls/controls.matrix.ts';

const rolesWith = (permission: TPermission) => ROLES.filter((role) => roleCan(role, permission));

/** One part of a multipart/form-data body: a text field, or a file with the raw Content-Disposition filename. */
export type FormPart =
  | { name: string; value: string }
  | { name: string; filename: string; content: string | Buffer; type?: string };

/**
 * A multipart/form-data body as a browser's FormData sends it, except that file names are written as
 * given (control characters, quotes and all), so that hostile names reach the server unchanged.
 */
export function multipartForm(parts: readonly FormPart[]): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----vigil-test-${Math.random().toString(36).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('value' in part) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`,
        ),
      );
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content, 'utf8'),
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const seeded = new Map<string, Promise<string>>();

/**
 * A file item of `org` added by the member with `role` (the owner when the role may not add evidence),
 * once, through the API; its title and its file carry the organisation's canary.
 */
function matrixEvidence(ctx: MatrixContext, org: MatrixOrg, role: TRole): Promise<string> {
  const by = roleCan(role, 'evidence:upload') ? role : 'owner';
  const key = `${org.id}:${by}`;
  let id = seeded.get(key);
  if (!id) {
    id = (async () => {
      const form = multipartForm([
        { name: 'title', value: `Matrix evidence ${org.canary}` },
        { name: 'collectedOn', value: '2026-01-15' },
        { name: 'file', filename: 'matrix.txt', content: `Evidence of ${org.canary}`, type: 'text/plain' },
      ]);
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/evidence/files',
        headers: {
          ...SPA_HEADERS,
          ...(await sessionHeaders(ctx.db, org.userIds[by], org.id)),
          ...form.headers,
        },
        payload: form.payload,
      });
      if (res.statusCode !== 201)
        throw new Error(`seeding matrix evidence failed: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    })();
    seeded.set(key, id);
  }
  return id;
}

/** The caller's own item (contributors may change only those), or the owner's for other callers. */
const callersEvidence = (ctx: MatrixContext) =>
  matrixEvidence(ctx, ctx.own, ctx.caller === 'anonymous' ? 'owner' : ctx.caller);

/** A stale version: allowed callers get 409 and the item stays as it is for the next caller. */
const STALE = 1_000_000;

const onEvidence = (method: 'PATCH' | 'POST' | 'PUT', suffix: string, payload: Record<string, unknown>) => ({
  request: async (ctx: MatrixContext) => ({
    method,
    url: `/api/v1/evidence/${await callersEvidence(ctx)}${suffix}`,
    payload: { ...payload, version: STALE },
  }),
  crossOrg: async (ctx: MatrixContext) => ({
    method,
    url: `/api/v1/evidence/${await matrixEvidence(ctx, ctx.other, 'owner')}${suffix}`,
    payload: { ...payload, version: 1 },
  }),
});

/** Authorization-matrix rules of the evidence library (see test/authz-matrix.ts). */
export const EVIDENCE_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/evidence': {
    allow: rolesWith('evidence:read'),
    request: async (ctx) => {
      await matrixEvidence(ctx, ctx.other, 'owner');
      return { method: 'GET', url: '/api/v1/evidence?limit=200&includeArchived=true' };
    },
  },
  'POST /api/v1/evidence': {
    allow: rolesWith('evidence:upload'),
    request: () => ({
      method: 'POST',
      url: '/api/v1/evidence',
      payload: { title: 'Matrix link', url: 'https://example.org/report', collectedOn: '2026-01-15' },
    }),
  },
  'POST /api/v1/evidence/files': {
    allow: rolesWith('evidence:upload'),
    request: () => ({
      method: 'POST',
      url: '/api/v1/evidence/files',
      ...multipartForm([
        { name: 'title', value: 'Matrix upload' },
        { name: 'collectedOn', value: '2026-01-15' },
        { name: 'file', filename: 'upload.csv', content: 'a,b\r\n1,2\r\n', type: 'text/csv' },
      ]),
    }),
  },
  'GET /api/v1/evidence/:id': {
    allow: rolesWith('evidence:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/evidence/${await matrixEvidence(ctx, ctx.own, 'owner')}`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/evidence/${await matrixEvidence(ctx, ctx.other, 'owner')}`,
    }),
  },
  'GET /api/v1/evidence/:id/file': {
    allow: rolesWith('evidence:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/evidence/${await matrixEvidence(ctx, ctx.own, 'owner')}/file`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/evidence/${await matrixEvidence(ctx, ctx.other, 'owner')}/file`,
    }),
  },
  'PATCH /api/v1/evidence/:id': {
    allow: rolesWith('evidence:upload'),
    ...onEvidence('PATCH', '', { title: 'Matrix' }),
  },
  'POST /api/v1/evidence/:id/archive': {
    allow: rolesWith('evidence:upload'),
    ...onEvidence('POST', '/archive', {}),
  },
  'POST /api/v1/evidence/:id/restore': {
    allow: rolesWith('evidence:upload'),
    ...onEvidence('POST', '/restore', {}),
  },
  'PUT /api/v1/evidence/:id/controls': {
    allow: rolesWith('evidence:upload'),
    ...onEvidence('PUT', '/controls', { controlIds: [] }),
  },
  'GET /api/v1/controls/:id/evidence': {
    allow: rolesWith('evidence:read'),
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/controls/${await matrixControl(ctx, ctx.own, 'owner')}/evidence?includeArchived=true`,
    }),
    crossOrg: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/controls/${await matrixControl(ctx, ctx.other, 'owner')}/evidence`,
    }),
  },
};
