import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { hashToken, randomToken } from '../../crypto.ts';
import type { DB } from '../../db/types.ts';

/** A live token of `userId` in `organisationId`, written straight to the database; returns its id. */
async function seedToken(db: Kysely<DB>, organisationId: string, userId: string): Promise<string> {
  const id = uuidv7();
  const token = `vgl_${randomToken()}`;
  const now = new Date();
  await db
    .insertInto('api_tokens')
    .values({
      id,
      organisation_id: organisationId,
      user_id: userId,
      name: 'Matrix token',
      token_hash: hashToken(token),
      token_prefix: token.slice(0, 8),
      scopes: JSON.stringify(['organisation:read']),
      expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      created_at: now.toISOString(),
    })
    .execute();
  return id;
}

/**
 * Authorization-matrix rules of the API token routes (see test/authz-matrix.ts). Every member manages
 * their own tokens; listing everyone's (`?all=true`) and revoking others' need `api_token:manage_all`,
 * which the tokens tests cover.
 */
export const TOKENS_MATRIX: Record<RouteKey, RouteRule> = {
  'POST /api/v1/tokens': {
    allow: 'signed_in',
    request: () => ({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: {
        name: 'Matrix',
        scopes: ['organisation:read'],
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    }),
  },
  'GET /api/v1/tokens': { allow: 'signed_in', request: () => ({ method: 'GET', url: '/api/v1/tokens' }) },
  'DELETE /api/v1/tokens/:id': {
    allow: 'signed_in',
    request: async (ctx) => {
      const id =
        ctx.caller === 'anonymous'
          ? uuidv7()
          : await seedToken(ctx.db, ctx.own.id, ctx.own.userIds[ctx.caller]);
      return { method: 'DELETE', url: `/api/v1/tokens/${id}` };
    },
    crossOrg: async (ctx) => ({
      method: 'DELETE',
      url: `/api/v1/tokens/${await seedToken(ctx.db, ctx.other.id, ctx.other.userIds.owner)}`,
    }),
  },
};
