import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';

/** SQL of reading an organisation's audit trail (writing it is `audit/audit.ts`). */

export interface AuditEventFilter {
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actorId?: string | undefined;
  /** Exact, or a prefix when it ends with a dot. */
  action?: string | undefined;
  /** ISO-8601 UTC, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only events older than this sequence number (the cursor). */
  beforeSeq?: number | undefined;
  limit: number;
}

/** The organisation's chain, newest first, with the acting person's name (a token's: its owner's). */
export function listAuditEvents(db: Kysely<DB>, organisationId: string, filter: AuditEventFilter) {
  let query = db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'e.actor_id').on('e.actor_type', '=', 'user'))
    .leftJoin('api_tokens as t', (join) =>
      join
        .onRef('t.id', '=', 'e.actor_id')
        .onRef('t.organisation_id', '=', 'e.organisation_id')
        .on('e.actor_type', '=', 'token'),
    )
    .leftJoin('users as tu', 'tu.id', 't.user_id')
    .select((eb) => [
      'e.id',
      'e.seq',
      'e.occurred_at',
      'e.actor_type',
      'e.actor_id',
      eb.fn.coalesce('u.name', 'tu.name').as('actor_name'),
      eb.fn.coalesce('u.email', 'tu.email').as('actor_email'),
      'e.action',
      'e.subject_type',
      'e.subject_id',
      'e.changes',
      'e.request_id',
      'e.ip',
      'e.user_agent',
      'e.hash',
    ])
    .where('e.organisation_id', '=', organisationId);
  if (filter.subjectType !== undefined) query = query.where('e.subject_type', '=', filter.subjectType);
  if (filter.subjectId !== undefined) query = query.where('e.subject_id', '=', filter.subjectId);
  if (filter.actorId !== undefined) query = query.where('e.actor_id', '=', filter.actorId);
  if (filter.action !== undefined) {
    if (filter.action.endsWith('.')) {
      // `_` is a LIKE wildcard; the contract allows no other.
      const pattern = `${filter.action.replaceAll('\\', '\\\\').replaceAll('_', '\\_').replaceAll('%', '\\%')}%`;
      query = query.where(sql<boolean>`${sql.ref('e.action')} like ${pattern} escape '\\'`);
    } else {
      query = query.where('e.action', '=', filter.action);
    }
  }
  if (filter.from !== undefined) query = query.where('e.occurred_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('e.occurred_at', '<=', filter.to);
  if (filter.beforeSeq !== undefined) query = query.where('e.seq', '<', filter.beforeSeq);
  return query.orderBy('e.seq', 'desc').limit(filter.limit).execute();
}

export type AuditEventRow = Awaited<ReturnType<typeof listAuditEvents>>[number];
