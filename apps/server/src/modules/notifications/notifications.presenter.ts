import { type TNotification, ZNotificationKind } from '@vigil/contracts';
import { AppError } from '../../errors.ts';
import type { NotificationCursor, NotificationRow } from './notifications.repo.ts';

/** Where a notification's subject lives in the app, as a path relative to its root. */
const LINKS: Record<string, (id: string) => string> = {
  risk: (id) => `/risks/${encodeURIComponent(id)}`,
  control: (id) => `/controls/${encodeURIComponent(id)}`,
};

export function notificationLink(subjectType: string, subjectId: string): string {
  return LINKS[subjectType]?.(subjectId) ?? '/';
}

export function presentNotification(row: NotificationRow): TNotification {
  return {
    id: row.id,
    kind: ZNotificationKind.parse(row.kind),
    title: row.title,
    body: row.body,
    link: notificationLink(row.subject_type, row.subject_id),
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/** The opaque `nextCursor` of a page of notifications: the creation time and id of its last row. */
export function encodeNotificationCursor(row: NotificationCursor): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id]), 'utf8').toString('base64url');
}

export function decodeNotificationCursor(cursor: string): NotificationCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      !Number.isNaN(Date.parse(value[0])) &&
      typeof value[1] === 'string'
    ) {
      return { createdAt: new Date(value[0]).toISOString(), id: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', 'The page cursor is not valid: start again from the first page', {
    fieldErrors: [{ field: 'query.cursor', message: 'Use the nextCursor of the previous page' }],
  });
}
