import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toJson } from '../db/dialect.ts';
import type { DB } from '../db/types.ts';
import { GENESIS_HASH, type HashedAuditEvent, hashEvent } from './audit-hash.ts';

export type ActorType = 'user' | 'token' | 'system';

/** Who did it and where the request came from; one per request, job or CLI run. */
export interface AuditContext {
  actor: { type: ActorType; id: string | null };
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
  now: () => Date;
}

export interface AuditEntry {
  /** null for instance-level events (the instance's own chain). */
  organisationId: string | null;
  /** `subject.verb`, e.g. `risk.accepted`. */
  action: string;
  subject: { type: string; id: string | null };
  /** Before/after of the changed fields; build it with `diffChanges` so secrets are never stored. */
  changes?: Record<string, unknown>;
}

export const SYSTEM_CONTEXT = (now: () => Date = () => new Date()): AuditContext => ({
  actor: { type: 'system', id: null },
  requestId: null,
  ip: null,
  userAgent: null,
  now,
});

const ACTION = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * The `audit_chain_heads` key of a chain. Organisation chains are prefixed so that no organisation id
 * (not even one spelled `instance`) can share the instance chain's head.
 */
export function chainKey(organisationId: string | null): string {
  return organisationId === null ? 'instance' : `organisation:${organisationId}`;
}

/** What a JSON column gives back: the value as the database stores it, so that the hash covers exactly that. */
function asStored(value: unknown): unknown {
  return JSON.parse(toJson(value));
}

/**
 * Appends one event to its organisation's chain. Call it with the transaction that makes the change it
 * records: if either write fails, both roll back. Appends to one chain are serialised by the row lock
 * the UPDATE of `audit_chain_heads` takes (PostgreSQL), or by SQLite's single writer; the lock is held
 * until commit, so record the event as the last write of the transaction. Given a database rather than
 * a transaction (an event that records no change of its own), it opens a transaction for the append,
 * since the head's update and the event's insert must commit together.
 */
export async function recordAudit(
  tx: Kysely<DB>,
  ctx: AuditContext,
  entry: AuditEntry,
): Promise<HashedAuditEvent> {
  if (!ACTION.test(entry.action))
    throw new Error(`audit action must look like subject.verb: ${entry.action}`);
  if (!tx.isTransaction) return tx.transaction().execute((t) => recordAudit(t, ctx, entry));
  const key = chainKey(entry.organisationId);
  const occurredAt = ctx.now().toISOString();

  // Advancing the head takes its row lock: from here to commit, this transaction owns the chain.
  const advance = () =>
    tx
      .updateTable('audit_chain_heads')
      .set((eb) => ({ seq: eb('seq', '+', 1), updated_at: occurredAt }))
      .where('chain_key', '=', key)
      .returning(['seq', 'hash'])
      .executeTakeFirst();
  let head = await advance();
  if (!head) {
    // A new chain. Concurrent first appends all insert; one row wins, the others wait for it and skip.
    await tx
      .insertInto('audit_chain_heads')
      .values({
        chain_key: key,
        organisation_id: entry.organisationId,
        seq: 0,
        hash: GENESIS_HASH,
        updated_at: occurredAt,
      })
      .onConflict((oc) => oc.column('chain_key').doNothing())
      .execute();
    head = await advance();
    if (!head) throw new Error(`the audit chain head ${key} could not be created`);
  }

  const event: HashedAuditEvent = {
    id: uuidv7(),
    organisationId: entry.organisationId,
    seq: head.seq,
    occurredAt,
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    action: entry.action,
    subjectType: entry.subject.type,
    subjectId: entry.subject.id,
    // Hashed as stored: a value JSON does not keep (NaN, undefined in arrays) would otherwise be hashed
    // in one form and read back by the verifier in another.
    changes: asStored(entry.changes ?? {}),
    requestId: ctx.requestId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    prevHash: head.hash,
  };
  const hash = hashEvent(event);
  await tx
    .insertInto('audit_events')
    .values({
      id: event.id,
      organisation_id: event.organisationId,
      seq: event.seq,
      occurred_at: event.occurredAt,
      actor_type: event.actorType,
      actor_id: event.actorId,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      changes: toJson(event.changes),
      request_id: event.requestId,
      ip: event.ip,
      user_agent: event.userAgent,
      prev_hash: event.prevHash,
      hash,
    })
    .execute();
  await tx.updateTable('audit_chain_heads').set({ hash }).where('chain_key', '=', key).execute();
  return event;
}

export const REDACTED = '[secret]';

/**
 * The before/after of every field that changed. Fields named in `secrets` are recorded as changed
 * without their values, so an audit event never stores a secret.
 */
export function diffChanges<T extends Record<string, unknown>>(
  before: Partial<T> | null,
  after: Partial<T> | null,
  options: { secrets?: ReadonlyArray<keyof T> } = {},
): Record<string, { before: unknown; after: unknown }> {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const secrets = new Set<PropertyKey>(options.secrets ?? []);
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of [...keys].sort()) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (sameJson(b, a)) continue;
    changes[key] = secrets.has(key) ? { before: REDACTED, after: REDACTED } : { before: b, after: a };
  }
  return changes;
}

/** Whether two values have the same JSON form, whatever the order of their object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

function stableJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
