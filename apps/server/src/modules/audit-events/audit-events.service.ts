import type { TAuditEventListQuery, TAuditEventPage } from '@vigil/contracts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import type { Deps } from '../../deps.ts';
import { presentAuditEvent } from './audit-events.presenter.ts';
import * as repo from './audit-events.repo.ts';

export const DEFAULT_PAGE_SIZE = 50;

/** Stored timestamps are UTC `toISOString()` text; a filter with an offset is brought to the same form. */
const utc = (timestamp: string | undefined) =>
  timestamp === undefined ? undefined : new Date(timestamp).toISOString();

/** The current organisation's audit trail, newest first, one page at a time (cursor: a sequence number). */
export async function listAuditEvents(
  deps: Deps,
  actor: Actor | null,
  query: TAuditEventListQuery,
): Promise<TAuditEventPage> {
  assertCan(actor, 'audit_event:read');
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await repo.listAuditEvents(deps.db, actor.organisationId, {
    subjectType: query.subjectType,
    subjectId: query.subjectId,
    actorId: query.actorId,
    action: query.action,
    from: utc(query.from),
    to: utc(query.to),
    beforeSeq: query.cursor,
    limit: limit + 1,
  });
  const items = rows.slice(0, limit).map(presentAuditEvent);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? last.seq : null };
}
