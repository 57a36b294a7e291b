import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/types.ts';
import { chainKey } from './audit.ts';
import type { Checkpoint } from './audit-checkpoint.ts';
import { GENESIS_HASH, hashEvent } from './audit-hash.ts';

export interface ChainReport {
  organisationId: string | null;
  /** Events verified (up to the first break). */
  events: number;
  /** null when the chain is intact. */
  firstBrokenSeq: number | null;
  problem: string | null;
}

const PAGE = 5000;

interface Anchor {
  seq: number;
  hash: string;
}

/**
 * Recomputes every chain from its first event. Detects edited, deleted, reordered and inserted events
 * and a truncated tail (against the chain head); with a checkpoint, also a chain rewritten consistently
 * up to the checkpoint's sequence, and a tail truncated together with its head. Reports the first
 * broken sequence number per chain: the first event at which the evidence stops adding up (for a
 * consistent rewrite that is the checkpoint's sequence; the rewrite may have started earlier).
 *
 * Safe to run while events are appended: each chain is verified up to the head read at the start,
 * and events beyond a head are looked for in one statement against the head as it is then.
 */
export async function verifyAuditChains(db: Kysely<DB>, checkpoint?: Checkpoint): Promise<ChainReport[]> {
  // The chains that have events are read before the heads: a chain's first event and its head commit
  // together, so a chain started in between is not mistaken for one whose head was removed.
  const eventChains = await db.selectFrom('audit_events').select('organisation_id').distinct().execute();
  const headRows = await db
    .selectFrom('audit_chain_heads')
    .select(['chain_key', 'organisation_id', 'seq', 'hash'])
    .execute();
  // By chain_key, the row recordAudit locks and advances.
  const heads = new Map(headRows.map((h) => [h.chain_key, h]));
  const pins = new Map((checkpoint?.chains ?? []).map((c) => [chainKey(c.organisationId), c]));

  const chains = new Map<string, string | null>();
  for (const row of [...eventChains, ...headRows])
    chains.set(chainKey(row.organisation_id), row.organisation_id);
  for (const c of checkpoint?.chains ?? []) chains.set(chainKey(c.organisationId), c.organisationId);

  const reports: ChainReport[] = [];
  for (const [key, organisationId] of [...chains].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    reports.push(await verifyChain(db, organisationId, heads.get(key), pins.get(key)));
  }
  return reports;
}

/** The chain's events, matched through the expression of the unique index `audit_events_chain_seq`. */
const chainColumn = sql<string>`coalesce(organisation_id, '')`;

async function verifyChain(
  db: Kysely<DB>,
  organisationId: string | null,
  head: Anchor | undefined,
  pinned: Anchor | undefined,
): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const broken = (seq: number, problem: string): ChainReport => ({
    organisationId,
    events: count,
    firstBrokenSeq: seq,
    problem,
  });

  for (;;) {
    let query = db
      .selectFrom('audit_events')
      .select([
        'id',
        'organisation_id',
        'seq',
        'occurred_at',
        'actor_type',
        'actor_id',
        'action',
        'subject_type',
        'subject_id',
        'request_id',
        'ip',
        'user_agent',
        'prev_hash',
        'hash',
        // As text, so that a row whose changes an attacker made unparseable is reported, not thrown.
        sql<string>`cast(changes as text)`.as('changes_text'),
      ])
      .where(chainColumn, '=', organisationId ?? '')
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE);
    // Events appended after the heads were read are not this run's business (see below).
    if (head) query = query.where('seq', '<=', head.seq);
    const rows = await query.execute();
    for (const row of rows) {
      if (row.organisation_id !== organisationId)
        return broken(row.seq, `event ${row.seq} belongs to another organisation`);
      if (row.seq < expectedSeq) return broken(row.seq, `event ${row.seq} appears more than once`);
      if (row.seq > expectedSeq) return broken(expectedSeq, `event ${expectedSeq} is missing`);
      if (row.prev_hash !== prevHash)
        return broken(row.seq, `event ${row.seq} does not follow event ${row.seq - 1}`);
      let recomputed: string;
      try {
        recomputed = hashEvent({
          id: row.id,
          organisationId: row.organisation_id,
          seq: row.seq,
          occurredAt: row.occurred_at,
          actorType: row.actor_type,
          actorId: row.actor_id,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          changes: JSON.parse(row.changes_text),
          requestId: row.request_id,
          ip: row.ip,
          userAgent: row.user_agent,
          prevHash: row.prev_hash,
        });
      } catch {
        return broken(row.seq, `event ${row.seq} was altered: it can no longer be read as an audit event`);
      }
      if (recomputed !== row.hash) return broken(row.seq, `event ${row.seq} was altered`);
      if (pinned && row.seq === pinned.seq && row.hash !== pinned.hash) {
        return broken(
          row.seq,
          `event ${row.seq} differs from the signed checkpoint: the chain up to it was rewritten`,
        );
      }
      if (head && row.seq === head.seq && row.hash !== head.hash)
        return broken(row.seq, `event ${row.seq} differs from the chain head`);
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < PAGE) break;
  }

  const lastSeq = expectedSeq - 1;
  if (!head && lastSeq > 0)
    return broken(lastSeq + 1, `the chain ends at event ${lastSeq} and has no head record`);
  if (head && lastSeq < head.seq) {
    return broken(lastSeq + 1, `the chain ends at event ${lastSeq} but its head records ${head.seq}`);
  }
  if (pinned && pinned.seq > lastSeq) {
    return broken(
      lastSeq + 1,
      `the signed checkpoint records event ${pinned.seq}; the chain ends at ${lastSeq}`,
    );
  }
  if (head) {
    const beyond = await firstEventBeyondHead(db, organisationId);
    if (beyond !== null) return broken(beyond, `event ${beyond} lies beyond the chain head`);
  }
  return { organisationId, events: count, firstBrokenSeq: null, problem: null };
}

/**
 * The first event numbered after the chain's current head, or null. One statement, so it sees an event
 * and the head update of its transaction together: a concurrent append is never reported.
 */
async function firstEventBeyondHead(db: Kysely<DB>, organisationId: string | null): Promise<number | null> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where(chainColumn, '=', organisationId ?? '')
    .where('seq', '>', (eb) =>
      eb.selectFrom('audit_chain_heads').select('seq').where('chain_key', '=', chainKey(organisationId)),
    )
    .executeTakeFirst();
  return row?.seq ?? null;
}
