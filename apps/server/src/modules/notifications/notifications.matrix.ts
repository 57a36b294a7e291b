import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { RouteKey, RouteRule } from '../../../test/authz-matrix.ts';
import type { DB } from '../../db/types.ts';

/** An unread notification of `userId` in `organisationId`, written straight to the database; returns its id. */
async function seedNotification(db: Kysely<DB>, organisationId: string, userId: string): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('notifications')
    .values({
      id,
      organisation_id: organisationId,
      user_id: userId,
      kind: 'risk_review_due',
      subject_type: 'risk',
      subject_id: uuidv7(),
      title: 'Matrix notification',
      body: 'Seeded by the authorization matrix',
      dedupe_key: `matrix:${id}`,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

/**
 * Authorization-matrix rules of the notification routes (see test/authz-matrix.ts). Every member reads
 * and marks their own notifications; someone else's in the same organisation is a 404 too, which the
 * notifications tests cover.
 */
export const NOTIFICATIONS_MATRIX: Record<RouteKey, RouteRule> = {
  'GET /api/v1/notifications': {
    allow: 'signed_in',
    request: () => ({ method: 'GET', url: '/api/v1/notifications' }),
  },
  'POST /api/v1/notifications/:id/read': {
    allow: 'signed_in',
    request: async (ctx) => {
      const id =
        ctx.caller === 'anonymous'
          ? uuidv7()
          : await seedNotification(ctx.db, ctx.own.id, ctx.own.userIds[ctx.caller]);
      return { method: 'POST', url: `/api/v1/notifications/${id}/read` };
    },
    crossOrg: async (ctx) => ({
      method: 'POST',
      url: `/api/v1/notifications/${await seedNotification(ctx.db, ctx.other.id, ctx.other.userIds.owner)}/read`,
    }),
  },
  'POST /api/v1/notifications/read-all': {
    allow: 'signed_in',
    request: () => ({ method: 'POST', url: '/api/v1/notifications/read-all' }),
  },
};
