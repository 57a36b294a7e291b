import { type TAuditEvent, ZAuditActorType } from '@vigil/contracts';
import type { AuditEventRow } from './audit-events.repo.ts';

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function presentAuditEvent(row: AuditEventRow): TAuditEvent {
  return {
    id: row.id,
    seq: Number(row.seq),
    occurredAt: row.occurred_at,
    actor: {
      type: ZAuditActorType.parse(row.actor_type),
      id: row.actor_id,
      name: row.actor_name,
      email: row.actor_email,
    },
    action: row.action,
    subject: { type: row.subject_type, id: row.subject_id },
    changes: asRecord(row.changes),
    requestId: row.request_id,
    ip: row.ip,
    userAgent: row.user_agent,
    hash: row.hash,
  };
}
