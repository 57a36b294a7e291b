import type {
  TNotification,
  TNotificationListQuery,
  TNotificationPage,
  TNotificationReadAll,
} from '@vigil/contracts';
import { type Actor, assertSignedIn } from '../../authz/actor.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import {
  decodeNotificationCursor,
  encodeNotificationCursor,
  presentNotification,
} from './notifications.presenter.ts';
import * as repo from './notifications.repo.ts';

/*
 * A person's inbox: every signed-in member reads and marks only their own notifications in the current
 * organisation; no permission is needed and nobody may read another person's. Marking read is not
 * audited: it is the person's own inbox state, not a record of the ISMS, and nothing depends on it.
 */

/** Your notifications in the current organisation, newest first, with how many are unread. */
export async function listNotifications(
  deps: Deps,
  actor: Actor | null,
  query: TNotificationListQuery,
): Promise<TNotificationPage> {
  const { userId, organisationId } = assertSignedIn(actor);
  const after = query.cursor ? decodeNotificationCursor(query.cursor) : null;
  // Someone signed in without an organisation has an empty inbox.
  if (organisationId === null) return { items: [], nextCursor: null, unreadCount: 0 };
  // One row more than asked for says whether there is a next page.
  const rows = await repo.listNotifications(deps.db, organisationId, userId, {
    unreadOnly: query.unread === true,
    after,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentNotification),
    nextCursor:
      rows.length > query.limit && last
        ? encodeNotificationCursor({ createdAt: last.created_at, id: last.id })
        : null,
    unreadCount: await repo.countUnread(deps.db, organisationId, userId),
  };
}

/** Marks one of your notifications read (again: it keeps when it was first read); anyone else's is a 404. */
export async function markNotificationRead(
  deps: Deps,
  actor: Actor | null,
  id: string,
): Promise<TNotification> {
  const { userId, organisationId } = assertSignedIn(actor);
  if (organisationId === null) throw notFound('The notification');
  const now = deps.now().toISOString();
  await repo.markRead(deps.db, organisationId, userId, id, now);
  const row = await repo.getNotification(deps.db, organisationId, userId, id);
  if (!row) throw notFound('The notification');
  return presentNotification(row);
}

/** Marks all your unread notifications in the current organisation read. */
export async function markAllNotificationsRead(
  deps: Deps,
  actor: Actor | null,
): Promise<TNotificationReadAll> {
  const { userId, organisationId } = assertSignedIn(actor);
  if (organisationId === null) return { markedRead: 0 };
  const markedRead = await repo.markAllRead(deps.db, organisationId, userId, deps.now().toISOString());
  return { markedRead };
}
