import { z } from 'zod';
import { ZId, ZTimestamp } from './common.ts';

/** An exact action (`auth.login_failed`) or a prefix ending in a dot (`auth.`). */
const ZActionFilter = z
  .string()
  .max(200)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.?$/,
    'Give an action such as auth.login_failed, or a prefix such as auth.',
  );

export const ZAuditEventListQuery = z.object({
  subjectType: z.string().min(1).max(100).optional(),
  subjectId: z.string().min(1).max(200).optional(),
  actorId: z.string().min(1).max(200).optional(),
  action: ZActionFilter.optional(),
  /** Events at or after this moment. */
  from: ZTimestamp.optional(),
  /** Events at or before this moment. */
  to: ZTimestamp.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  /** The `nextCursor` of the previous page: events older than it. */
  cursor: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type TAuditEventListQuery = z.infer<typeof ZAuditEventListQuery>;

export const ZAuditActorType = z.enum(['user', 'token', 'system']);

export const ZAuditEvent = z.object({
  id: ZId,
  /** Position in the organisation's hash chain. */
  seq: z.number().int(),
  occurredAt: ZTimestamp,
  actor: z.object({
    type: ZAuditActorType,
    id: z.string().nullable(),
    /** The acting person (for a token, its owner); null for the system or a user since removed. */
    name: z.string().nullable(),
    email: z.string().nullable(),
  }),
  action: z.string(),
  subject: z.object({ type: z.string(), id: z.string().nullable() }),
  changes: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  hash: z.string(),
});
export type TAuditEvent = z.infer<typeof ZAuditEvent>;

export const ZAuditEventPage = z.object({
  items: z.array(ZAuditEvent),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.number().int().nullable(),
});
export type TAuditEventPage = z.infer<typeof ZAuditEventPage>;
