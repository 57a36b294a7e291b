import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The prev_hash of the first event of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit event that the hash covers: everything but the hash itself. */
export interface HashedAuditEvent {
  id: string;
  organisationId: string | null;
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  changes: unknown;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  prevHash: string;
}

/** RFC 8785 canonical JSON of an event: the same bytes on every dialect and every Node version. */
export function canonicalEvent(event: HashedAuditEvent): string {
  const text = canonicalize(event);
  if (text === undefined) throw new Error('audit event cannot be canonicalised');
  return text;
}

/** hash = SHA-256(prev_hash || canonical JSON of the event), hex. */
export function hashEvent(event: HashedAuditEvent): string {
  return createHash('sha256').update(event.prevHash).update(canonicalEvent(event)).digest('hex');
}
