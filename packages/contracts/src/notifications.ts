import { z } from 'zod';
import { ZId, ZTimestamp } from './common.ts';
import { ZPageQuery } from './people.ts';

/** What a notification is about. Later modules add theirs. */
export const NOTIFICATION_KINDS = [
  'action_due',
  'action_overdue',
  'risk_review_due',
  'acceptance_expiring',
  'control_check_due',
  'control_check_overdue',
] as const;
export type TNotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const ZNotificationKind = z.enum(NOTIFICATION_KINDS);

/** One notification of the signed-in person in the current organisation. */
export const ZNotification = z.object({
  id: ZId,
  kind: ZNotificationKind,
  title: z.string(),
  body: z.string(),
  /** Where it leads in the app, as a path relative to the app's root, e.g. `/risks/<id>`. */
  link: z.string(),
  createdAt: ZTimestamp,
  /** When its person marked it read; null while unread. */
  readAt: ZTimestamp.nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;

/** `?unread=true` for unread ones only; `limit` and `cursor` page through them, newest first. */
export const ZNotificationListQuery = ZPageQuery.extend({
  unread: z.stringbool().optional(),
});
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;

export const ZNotificationPage = z.object({
  items: z.array(ZNotification),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Unread notifications of the person in the current organisation, whatever the filter. */
  unreadCount: z.number().int().min(0),
});
export type TNotificationPage = z.infer<typeof ZNotificationPage>;

export const ZNotificationReadAll = z.object({
  /** How many unread notifications were marked read. */
  markedRead: z.number().int().min(0),
});
export type TNotificationReadAll = z.infer<typeof ZNotificationReadAll>;
