import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { chainKey } from './audit.ts';
import type { Checkpoint } from './audit-checkpoint.ts';
import { GENESIS_HASH, hashEvent } from './audit-hash.ts';

export interface ChainReport {
  organisationId: string | null;
  events: number;
  /** null when the chain is intact. */
  firstBrokenSeq: number | null;
  problem: string | null;
}

const PAGE = 5000;

/**
 * Recomputes every chain from its first event. Detects edited, deleted, reordered and inserted events
 * and a truncated tail (against the chain head); with a checkpoint, also a chain rewritten consistently
 * after the checkpoint was taken. Reports the first broken sequence number per chain.
 */
export async function verifyAuditChains(db: Kysely<DB>, checkpoint?: Checkpoint): Promise<ChainReport[]> {
  const heads = await db.selectFrom('audit_chain_heads').select(['organisation_id', 'seq', 'hash']).execute();
  const eventChains = await db.selectFrom('audit_events').select('organisation_id').distinct().execute();
  const chains = new Map<string, string | null>();
  for (const row of [...heads, ...eventChains])
    chains.set(chainKey(row.organisation_id), row.organisation_id);
  for (const c of checkpoint?.chains ?? []) chains.set(chainKey(c.organisationId), c.organisationId);

  const reports: ChainReport[] = [];
  for (const [key, organisationId] of [...chains].sort(([a], [b]) => a.localeCompare(b))) {
    const head = heads.find((h) => chainKey(h.organisation_id) === key);
    const pinned = checkpoint?.chains.find((c) => chainKey(c.organisationId) === key);
    reports.push(await verifyChain(db, organisationId, head, pinned));
  }
  return reports;
}

async function verifyChain(
  db: Kysely<DB>,
  organisationId: string | null,
  head: { seq: number; hash: string } | undefined,
  pinned: { seq: number; hash: string } | undefined,
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
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE);
    query =
      organisationId === null
        ? query.where('organisation_id', 'is', null)
        : query.where('organisation_id', '=', organisationId);
    const rows = await query.execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) return broken(expectedSeq, `event ${expectedSeq} is missing`);
      if (row.prev_hash !== prevHash)
        return broken(row.seq, `event ${row.seq} does not follow event ${row.seq - 1}`);
      const recomputed = hashEvent({
        id: row.id,
        organisationId: row.organisation_id,
        seq: row.seq,
        occurredAt: row.occurred_at,
        actorType: row.actor_type,
        actorId: row.actor_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        changes: row.changes,
        requestId: row.request_id,
        ip: row.ip,
        userAgent: row.user_agent,
        prevHash: row.prev_hash,
      });
      if (recomputed !== row.hash) return broken(row.seq, `event ${row.seq} was altered`);
      if (pinned && row.seq === pinned.seq && row.hash !== pinned.hash) {
        return broken(
          row.seq,
          `event ${row.seq} differs from the signed checkpoint: the chain was rewritten`,
        );
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < PAGE) break;
  }

  const lastSeq = expectedSeq - 1;
  if (head && (head.seq !== lastSeq || (lastSeq > 0 && head.hash !== prevHash))) {
    return broken(
      Math.min(head.seq, lastSeq) + 1,
      `the chain ends at event ${lastSeq} but its head records ${head.seq}`,
    );
  }
  if (!head && lastSeq > 0) return broken(1, 'the chain has events but no head record');
  if (pinned && pinned.seq > lastSeq) {
    return broken(
      lastSeq + 1,
      `the signed checkpoint records event ${pinned.seq}; the chain ends at ${lastSeq}`,
    );
  }
  return { organisationId, events: count, firstBrokenSeq: null, problem: null };
}
