import { ROLES, roleCan } from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import { hashToken, randomToken } from '../../crypto.ts';
import type { DB } from '../../db/types.ts';

/** A pending invitation (as employee, to a fresh email), written straight to the database. */
async function seedInvitation(
  db: Kysely<DB>,
  organisationId: string,
): Promise<{ id: string; token: string }> {
  const id = uuidv7();
  const token = randomToken();
  const now = new Date();
  await db
    .insertInto('invitations')
    .values({
      id,
      organisation_id: organisationId,
      email: `invitee-${id}@example.org`,
      name: 'Matrix Invitee',
      role: 'employee',
      department: null,
      job_title: null,
      token_hash: hashToken(token),
      invited_by: null,
      expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
  return { id, token };
}

const inviters = ROLES.filter((role) => roleCan(role, 'person:invite'));

/** Authorization-matrix rules of the invitation routes (see test/authz-matrix.ts). */
export const INVITATIONS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/invitations': {
    allow: inviters,
    request: () => ({ method: 'GET', url: '/api/v1/invitations?limit=200' }),
  },
  'POST /api/v1/invitations': {
    allow: inviters,
    request: () => ({
      method: 'POST',
      url: '/api/v1/invitations',
      payload: { email: `invitee-${uuidv7()}@example.org`, role: 'employee' },
    }),
  },
  'POST /api/v1/invitations/:id/resend': {
    allow: inviters,
    request: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/invitations/${(await seedInvitation(ctx.db, ctx.own.id)).id}/resend`,
    }),
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/invitations/${(await seedInvitation(ctx.db, ctx.other.id)).id}/resend`,
    }),
  },
  'DELETE /api/v1/invitations/:id': {
    allow: inviters,
    request: async (ctx) => ({
      method: 'DELETE',
      url: `/api/v1/invitations/${(await seedInvitation(ctx.db, ctx.own.id)).id}`,
    }),
    crossOrg: async (ctx) => ({
      method: 'DELETE',
      url: `/api/v1/invitations/${(await seedInvitation(ctx.db, ctx.other.id)).id}`,
    }),
  },
  'GET /api/v1/invitations/lookup': {
    // the link's token is the authorisation: anyone holding it, signed in or not
    allow: 'public',
    request: async (ctx) => ({
      method: 'GET',
      url: `/api/v1/invitations/lookup?token=${(await seedInvitation(ctx.db, ctx.own.id)).token}`,
    }),
  },
  'POST /api/v1/invitations/accept': {
    allow: 'public',
    request: async (ctx) => ({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload: {
        token: (await seedInvitation(ctx.db, ctx.own.id)).token,
        password: 'a matrix passphrase 42',
      },
    }),
  },
};
