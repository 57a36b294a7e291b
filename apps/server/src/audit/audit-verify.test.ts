import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import canonicalize from 'canonicalize';
import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, freshDatabase } from '../../test/databases.ts';
import { toJson } from '../db/dialect.ts';
import type { DB } from '../db/types.ts';
import { type AuditContext, chainKey, diffChanges, recordAudit } from './audit.ts';
import {
  CHECKPOINT_FORMAT,
  type Checkpoint,
  createCheckpoint,
  openCheckpoint,
  type SignedCheckpoint,
} from './audit-checkpoint.ts';
import { type HashedAuditEvent, hashEvent } from './audit-hash.ts';
import { type ChainReport, verifyAuditChains } from './audit-verify.ts';

const ORG_A = '0190f3a0-0000-7000-8000-00000000000a';
const ORG_B = '0190f3a0-0000-7000-8000-00000000000b';
type Chain = string | null;
const CHAINS: readonly Chain[] = [ORG_A, ORG_B, null];

/** The clean history every tampering scenario starts from: 30 events, interleaved over three chains. */
const PLAN: Chain[] = [
  ...[ORG_A, ORG_B, null, ORG_A, ORG_B, ORG_A, null, ORG_B, ORG_A, ORG_A],
  ...[null, ORG_B, ORG_A, ORG_B, null, ORG_A, ORG_B, ORG_A, null, ORG_A],
  ...[ORG_B, ORG_B, null, ORG_A, ORG_B, ORG_A, null, ORG_A, ORG_B, null],
];
const SIZE = new Map<Chain, number>([
  [ORG_A, 12],
  [ORG_B, 10],
  [null, 8],
]);
const sizeOf = (org: Chain): number => SIZE.get(org) ?? 0;

const instanceKey = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519');

function clock(): AuditContext['now'] {
  let tick = Date.parse('2026-11-28T09:00:00.000Z');
  return () => {
    tick += 61_000;
    return new Date(tick);
  };
}

async function record(db: Kysely<DB>, org: Chain, now: AuditContext['now'], n: number): Promise<void> {
  await db.transaction().execute((tx) =>
    recordAudit(
      tx,
      {
        actor: { type: 'user', id: `user-${n % 4}` },
        requestId: `req-${n}`,
        ip: '198.51.100.7',
        userAgent: 'vitest',
        now,
      },
      {
        organisationId: org,
        action: n % 2 === 0 ? 'risk.updated' : 'control.reviewed',
        subject: { type: n % 2 === 0 ? 'risk' : 'control', id: `subject-${n}` },
        changes: diffChanges({ score: n, title: `before ${n}` }, { score: n + 1, title: `after ${n}` }),
      },
    ),
  );
}

async function buildCleanChains(db: Kysely<DB>): Promise<void> {
  const now = clock();
  let n = 0;
  for (const org of PLAN) await record(db, org, now, ++n);
}

/** A signed checkpoint as the CLI writes it, read back the way `vigil audit verify --checkpoint` does. */
async function checkpointOf(db: Kysely<DB>): Promise<Checkpoint> {
  const signed = await createCheckpoint(db, instanceKey.privateKey, new Date('2026-11-28T12:00:00.000Z'));
  return openCheckpoint(JSON.stringify(signed, null, 2), instanceKey.publicKey);
}

const inChain = (org: Chain) => (org === null ? sql`organisation_id is null` : sql`organisation_id = ${org}`);

interface EventRow {
  id: string;
  organisation_id: string | null;
  seq: number;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  changes: unknown;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
}

async function eventsOf(db: Kysely<DB>, org: Chain): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`select * from audit_events where ${inChain(org)} order by seq`.execute(
    db,
  );
  return rows;
}

function hashOf(row: EventRow): string {
  const event: HashedAuditEvent = {
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
  };
  return hashEvent(event);
}

/**
 * What an attacker who knows the algorithm does: changes one event, then recomputes every hash from
 * there on, and the head, so that the chain is consistent again.
 */
async function rewriteChain(db: Kysely<DB>, org: Chain, fromSeq: number): Promise<void> {
  const rows = await eventsOf(db, org);
  let prev: string | undefined;
  for (const row of rows) {
    if (row.seq < fromSeq) {
      prev = row.hash;
      continue;
    }
    if (row.seq === fromSeq) row.actor_id = 'someone-innocent';
    if (prev !== undefined) row.prev_hash = prev;
    row.hash = hashOf(row);
    await sql`update audit_events set actor_id = ${row.actor_id}, prev_hash = ${row.prev_hash}, hash = ${row.hash} where id = ${row.id}`.execute(
      db,
    );
    prev = row.hash;
  }
  await sql`update audit_chain_heads set hash = ${prev} where chain_key = ${chainKey(org)}`.execute(db);
}

function reportOf(reports: ChainReport[], org: Chain): ChainReport | undefined {
  return reports.find((r) => r.organisationId === org);
}

/** The tampered chain breaks at exactly `seq`; every other chain is reported, whole and clean. */
function expectBrokenAt(reports: ChainReport[], org: Chain, seq: number, problem?: RegExp): void {
  expect(reports.map((r) => r.organisationId).sort()).toEqual([...CHAINS].sort());
  const report = reportOf(reports, org);
  expect(report?.firstBrokenSeq, JSON.stringify(report)).toBe(seq);
  if (problem) expect(report?.problem).toMatch(problem);
  for (const other of CHAINS.filter((c) => c !== org)) {
    expect(reportOf(reports, other)).toEqual({
      organisationId: other,
      events: sizeOf(other),
      firstBrokenSeq: null,
      problem: null,
    });
  }
}

function expectAllClean(reports: ChainReport[], sizes: Array<[Chain, number]>): void {
  expect(reports).toHaveLength(sizes.length);
  for (const [org, events] of sizes) {
    expect(reportOf(reports, org)).toEqual({
      organisationId: org,
      events,
      firstBrokenSeq: null,
      problem: null,
    });
  }
}

const cleanSizes = (): Array<[Chain, number]> => CHAINS.map((c) => [c, sizeOf(c)]);

describeEachDialect('audit chain verification', (dialect) => {
  /**
   * One fresh database per tampering: the clean chains are built and verified, a checkpoint is taken,
   * then `tamper` does what an attacker with database access would do, in raw SQL.
   */
  function tampered(tamper: (db: Kysely<DB>) => Promise<void>) {
    const state = {} as { db: Kysely<DB>; checkpoint: Checkpoint };
    beforeAll(async () => {
      state.db = (await freshDatabase(dialect)).db;
      await buildCleanChains(state.db);
      expectAllClean(await verifyAuditChains(state.db), cleanSizes());
      state.checkpoint = await checkpointOf(state.db);
      await tamper(state.db);
    });
    return state;
  }

  describe('a clean history', () => {
    const s = tampered(async () => {});
    it('verifies, with and without its checkpoint', async () => {
      expectAllClean(await verifyAuditChains(s.db), cleanSizes());
      expectAllClean(await verifyAuditChains(s.db, s.checkpoint), cleanSizes());
    });
    it('still verifies against an older checkpoint after more events were appended', async () => {
      const now = clock();
      for (let n = 0; n < 5; n++) await record(s.db, ORG_A, now, 100 + n);
      const sizes = cleanSizes().map(([c, size]): [Chain, number] => [c, c === ORG_A ? size + 5 : size]);
      expectAllClean(await verifyAuditChains(s.db, s.checkpoint), sizes);
    });
  });

  describe('(a) an edited field: changes', () => {
    const s = tampered(async (db) => {
      await sql`update audit_events set changes = ${toJson({ score: { before: 6, after: 1 } })} where ${inChain(ORG_A)} and seq = 6`.execute(
        db,
      );
    });
    it('is caught at the edited event', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_A, 6, /event 6 was altered/);
    });
  });

  describe('(a) an edited field: actor_id', () => {
    const s = tampered(async (db) => {
      await sql`update audit_events set actor_id = ${'someone-innocent'} where ${inChain(ORG_B)} and seq = 4`.execute(
        db,
      );
    });
    it('is caught at the edited event', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_B, 4, /altered/);
    });
  });

  describe('(a) an edited field: occurred_at of the instance chain', () => {
    const s = tampered(async (db) => {
      await sql`update audit_events set occurred_at = ${'2020-01-01T00:00:00.000Z'} where organisation_id is null and seq = 3`.execute(
        db,
      );
    });
    it('is caught at the edited event', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), null, 3, /altered/);
    });
  });

  describe('(a) an edited field in the first event', () => {
    const s = tampered(async (db) => {
      await sql`update audit_events set action = ${'risk.deleted'} where ${inChain(ORG_A)} and seq = 1`.execute(
        db,
      );
    });
    it('is caught at event 1', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_A, 1, /altered/);
    });
  });

  describe('(a) an edited event whose own hash was recomputed', () => {
    const s = tampered(async (db) => {
      const row = (await eventsOf(db, ORG_A))[5] as EventRow;
      row.actor_id = 'someone-innocent';
      await sql`update audit_events set actor_id = ${row.actor_id}, hash = ${hashOf(row)} where id = ${row.id}`.execute(
        db,
      );
    });
    it('is caught where the next event no longer follows it', async () => {
      // Event 6 is consistent in itself; event 7 still names the old hash of 6 as its predecessor.
      expectBrokenAt(await verifyAuditChains(s.db), ORG_A, 7, /event 7 does not follow event 6/);
    });
  });

  describe('(a) an edited last event whose own hash was recomputed', () => {
    const s = tampered(async (db) => {
      const row = (await eventsOf(db, ORG_A)).at(-1) as EventRow;
      row.changes = {};
      await sql`update audit_events set changes = ${toJson(row.changes)}, hash = ${hashOf(row)} where id = ${row.id}`.execute(
        db,
      );
    });
    it('is caught at that event, against the chain head', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_A, 12, /differs from the chain head/);
    });
  });

  describe('(b) a deleted event in the middle', () => {
    const s = tampered(async (db) => {
      await sql`delete from audit_events where ${inChain(ORG_A)} and seq = 6`.execute(db);
    });
    it('is caught at the missing sequence', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_A, 6, /event 6 is missing/);
    });
  });

  describe('(b) a deleted first event', () => {
    const s = tampered(async (db) => {
      await sql`delete from audit_events where ${inChain(ORG_B)} and seq = 1`.execute(db);
    });
    it('is caught at event 1', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_B, 1, /event 1 is missing/);
    });
  });

  /** Swaps the seq of two events of one chain through a temporary value, as the unique index requires. */
  async function swap(db: Kysely<DB>, org: Chain, a: number, b: number): Promise<void> {
    await sql`update audit_events set seq = ${-1} where ${inChain(org)} and seq = ${a}`.execute(db);
    await sql`update audit_events set seq = ${a} where ${inChain(org)} and seq = ${b}`.execute(db);
    await sql`update audit_events set seq = ${b} where ${inChain(org)} and seq = ${-1}`.execute(db);
  }

  describe('(c) two events swapped', () => {
    const s = tampered((db) => swap(db, ORG_A, 4, 9));
    it('is caught at the first of them', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_A, 4, /event 4 does not follow event 3/);
    });
  });

  describe('(c) two neighbouring events swapped', () => {
    const s = tampered((db) => swap(db, null, 5, 6));
    it('is caught at the first of them', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), null, 5);
    });
  });

  describe('(d) an inserted forged event', () => {
    const s = tampered(async (db) => {
      const rows = await eventsOf(db, ORG_A);
      const previous = rows[4] as EventRow; // seq 5
      // Make room at seq 6: move 6.. up by one (through negative values, as the unique index requires).
      await sql`update audit_events set seq = -(seq + 1) where ${inChain(ORG_A)} and seq >= 6`.execute(db);
      await sql`update audit_events set seq = -seq where ${inChain(ORG_A)} and seq < 0`.execute(db);
      const forged: EventRow = {
        ...previous,
        id: '0190f3a0-ffff-7000-8000-000000000666',
        seq: 6,
        occurred_at: new Date(Date.parse(previous.occurred_at) + 1000).toISOString(),
        action: 'risk.accepted',
        changes: { status: { before: 'open', after: 'accepted' } },
        prev_hash: previous.hash,
      };
      forged.hash = hashOf(forged); // a plausible hash: correct for its content and predecessor
      await sql`insert into audit_events (id, organisation_id, seq, occurred_at, actor_type, actor_id, action, subject_type, subject_id, changes, request_id, ip, user_agent, prev_hash, hash)
        values (${forged.id}, ${forged.organisation_id}, ${forged.seq}, ${forged.occurred_at}, ${forged.actor_type}, ${forged.actor_id}, ${forged.action}, ${forged.subject_type}, ${forged.subject_id}, ${toJson(forged.changes)}, ${forged.request_id}, ${forged.ip}, ${forged.user_agent}, ${forged.prev_hash}, ${forged.hash})`.execute(
        db,
      );
    });
    it('is caught at the event after it, which no longer follows its predecessor', async () => {
      // The forgery links correctly to event 5; the displaced original (now 7) still names event 5 as
      // its predecessor, so 7 is the first sequence at which the chain stops adding up.
      expectBrokenAt(await verifyAuditChains(s.db), ORG_A, 7, /event 7 does not follow event 6/);
    });
  });

  describe('(d) a forged event appended after the head', () => {
    const s = tampered(async (db) => {
      const last = (await eventsOf(db, ORG_B)).at(-1) as EventRow;
      const forged: EventRow = {
        ...last,
        id: '0190f3a0-ffff-7000-8000-000000000667',
        seq: 11,
        prev_hash: last.hash,
      };
      forged.hash = hashOf(forged);
      await sql`insert into audit_events (id, organisation_id, seq, occurred_at, actor_type, actor_id, action, subject_type, subject_id, changes, request_id, ip, user_agent, prev_hash, hash)
        values (${forged.id}, ${forged.organisation_id}, ${forged.seq}, ${forged.occurred_at}, ${forged.actor_type}, ${forged.actor_id}, ${forged.action}, ${forged.subject_type}, ${forged.subject_id}, ${toJson(forged.changes)}, ${forged.request_id}, ${forged.ip}, ${forged.user_agent}, ${forged.prev_hash}, ${forged.hash})`.execute(
        db,
      );
    });
    it('is caught at that event, beyond the head', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_B, 11, /beyond the chain head/);
    });
  });

  describe('(e) a truncated tail', () => {
    const s = tampered(async (db) => {
      await sql`delete from audit_events where ${inChain(ORG_A)} and seq > 9`.execute(db);
    });
    it('is caught at the first missing event, against the head', async () => {
      expectBrokenAt(
        await verifyAuditChains(s.db),
        ORG_A,
        10,
        /the chain ends at event 9 but its head records 12/,
      );
    });
  });

  describe('(e) a truncated tail with the head rewound to match', () => {
    const s = tampered(async (db) => {
      await sql`delete from audit_events where ${inChain(ORG_A)} and seq > 9`.execute(db);
      const last = (await eventsOf(db, ORG_A)).at(-1) as EventRow;
      await sql`update audit_chain_heads set seq = ${last.seq}, hash = ${last.hash} where chain_key = ${chainKey(ORG_A)}`.execute(
        db,
      );
    });
    it('is not visible without a checkpoint (the documented limitation)', async () => {
      const sizes = cleanSizes().map(([c, size]): [Chain, number] => [c, c === ORG_A ? 9 : size]);
      expectAllClean(await verifyAuditChains(s.db), sizes);
    });
    it('is caught against a checkpoint taken before', async () => {
      expectBrokenAt(
        await verifyAuditChains(s.db, s.checkpoint),
        ORG_A,
        10,
        /the signed checkpoint records event 12; the chain ends at 9/,
      );
    });
  });

  describe('(e) a head rewound while the events stay', () => {
    const s = tampered(async (db) => {
      const row = (await eventsOf(db, null))[4] as EventRow;
      await sql`update audit_chain_heads set seq = ${row.seq}, hash = ${row.hash} where chain_key = ${'instance'}`.execute(
        db,
      );
    });
    it('is caught at the first event beyond the head', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), null, 6, /event 6 lies beyond the chain head/);
    });
  });

  describe('a deleted chain head', () => {
    const s = tampered(async (db) => {
      await sql`delete from audit_chain_heads where chain_key = ${chainKey(ORG_B)}`.execute(db);
    });
    it('is caught: the events cannot be vouched for beyond the last', async () => {
      expectBrokenAt(await verifyAuditChains(s.db), ORG_B, 11, /has no head record/);
    });
  });

  describe('a whole chain deleted, head included', () => {
    const s = tampered(async (db) => {
      await sql`delete from audit_events where ${inChain(ORG_B)}`.execute(db);
      await sql`delete from audit_chain_heads where chain_key = ${chainKey(ORG_B)}`.execute(db);
    });
    it('is not visible without a checkpoint (the documented limitation)', async () => {
      expectAllClean(
        await verifyAuditChains(s.db),
        cleanSizes().filter(([c]) => c !== ORG_B),
      );
    });
    it('is caught against a checkpoint taken before', async () => {
      expectBrokenAt(await verifyAuditChains(s.db, s.checkpoint), ORG_B, 1, /checkpoint records event 10/);
    });
  });

  describe('(f) a whole chain rewritten consistently', () => {
    const s = tampered((db) => rewriteChain(db, ORG_A, 5));
    it('is not visible without a checkpoint (the documented limitation)', async () => {
      expectAllClean(await verifyAuditChains(s.db), cleanSizes());
    });
    it('is caught against a checkpoint taken before, at the checkpoint sequence', async () => {
      // The checkpoint pins event 12's hash; the rewrite changed it (and everything from 5 on).
      expectBrokenAt(
        await verifyAuditChains(s.db, s.checkpoint),
        ORG_A,
        12,
        /differs from the signed checkpoint/,
      );
    });
  });

  describe('(f) a rewrite from an event before the checkpoint, after more events were appended', () => {
    const state = {} as { db: Kysely<DB>; checkpoint: Checkpoint };
    beforeAll(async () => {
      state.db = (await freshDatabase(dialect)).db;
      await buildCleanChains(state.db);
      state.checkpoint = await checkpointOf(state.db); // ORG_A at 12
      const now = clock();
      for (let n = 0; n < 3; n++) await record(state.db, ORG_A, now, 200 + n); // ORG_A at 15
      await rewriteChain(state.db, ORG_A, 3);
    });
    it('is caught at the sequence the checkpoint pins', async () => {
      const reports = await verifyAuditChains(state.db, state.checkpoint);
      expectBrokenAt(reports, ORG_A, 12, /the chain up to it was rewritten/);
    });
  });

  describe('(f) a rewrite only of events after the checkpoint', () => {
    const state = {} as { db: Kysely<DB>; checkpoint: Checkpoint };
    beforeAll(async () => {
      state.db = (await freshDatabase(dialect)).db;
      await buildCleanChains(state.db);
      state.checkpoint = await checkpointOf(state.db); // ORG_A at 12
      const now = clock();
      for (let n = 0; n < 3; n++) await record(state.db, ORG_A, now, 300 + n);
      await rewriteChain(state.db, ORG_A, 14);
    });
    it('is not caught by that checkpoint: a checkpoint vouches only for what precedes it', async () => {
      const sizes = cleanSizes().map(([c, size]): [Chain, number] => [c, c === ORG_A ? 15 : size]);
      expectAllClean(await verifyAuditChains(state.db, state.checkpoint), sizes);
    });
  });

  // SQLite keeps JSON as text, so an attacker can store anything there; PostgreSQL's jsonb refuses it.
  if (dialect === 'sqlite') {
    describe('an event whose changes are no longer readable', () => {
      const s = tampered(async (db) => {
        await sql`update audit_events set changes = ${'{not json'} where ${inChain(ORG_A)} and seq = 8`.execute(
          db,
        );
        await sql`update audit_events set changes = ${'{"x":"\\ud800"}'} where ${inChain(ORG_B)} and seq = 3`.execute(
          db,
        );
      });
      it('is reported as broken at that event instead of stopping the verification', async () => {
        const reports = await verifyAuditChains(s.db);
        expect(reportOf(reports, ORG_A)).toMatchObject({
          firstBrokenSeq: 8,
          problem: expect.stringMatching(/altered/),
        });
        expect(reportOf(reports, ORG_B)).toMatchObject({
          firstBrokenSeq: 3,
          problem: expect.stringMatching(/altered/),
        });
        expect(reportOf(reports, null)).toMatchObject({ firstBrokenSeq: null });
      });
    });
  }

  describe('0 false alarms', () => {
    const BIG = '0190f3a0-0000-7000-8000-00000000000c';
    let empty: Kysely<DB>;
    let big: Kysely<DB>;
    let live: Kysely<DB>;
    const system = (now: AuditContext['now']): AuditContext => ({
      actor: { type: 'system', id: null },
      requestId: null,
      ip: null,
      userAgent: null,
      now,
    });
    async function append(
      db: Kysely<DB>,
      org: Chain,
      count: number,
      now: AuditContext['now'],
    ): Promise<void> {
      await db.transaction().execute(async (tx) => {
        for (let n = 1; n <= count; n++) {
          await recordAudit(tx, system(now), {
            organisationId: org,
            action: 'evidence.collected',
            subject: { type: 'evidence', id: `e-${n}` },
            changes: { n: { before: null, after: n } },
          });
        }
      });
    }
    function expectClean(reports: ChainReport[], sizes: Array<[Chain, number]>): void {
      expect(reports).toHaveLength(sizes.length);
      for (const [org, events] of sizes) {
        expect(reports.find((r) => r.organisationId === org)).toEqual({
          organisationId: org,
          events,
          firstBrokenSeq: null,
          problem: null,
        });
      }
    }

    beforeAll(async () => {
      empty = (await freshDatabase(dialect)).db;
      big = (await freshDatabase(dialect)).db;
      live = (await freshDatabase(dialect)).db;
      const now = clock();
      await append(big, null, 1, now);
      await append(big, ORG_A, 2, now);
      await append(big, BIG, 5000, now);
    }, 180_000);

    it('an empty database has no chains and verifies, with and without a checkpoint', async () => {
      expect(await verifyAuditChains(empty)).toEqual([]);
      const checkpoint = await checkpointOf(empty);
      expect(checkpoint.chains).toEqual([]);
      expect(await verifyAuditChains(empty, checkpoint)).toEqual([]);
    });

    it('chains of 1, 2, 5000 (one full page) and 5001 events (across the page boundary) verify', async () => {
      expectClean(await verifyAuditChains(big), [
        [null, 1],
        [ORG_A, 2],
        [BIG, 5000],
      ]);
      expectClean(await verifyAuditChains(big, await checkpointOf(big)), [
        [null, 1],
        [ORG_A, 2],
        [BIG, 5000],
      ]);
      await append(big, BIG, 1, clock());
      expectClean(await verifyAuditChains(big), [
        [null, 1],
        [ORG_A, 2],
        [BIG, 5001],
      ]);
      expectClean(await verifyAuditChains(big, await checkpointOf(big)), [
        [null, 1],
        [ORG_A, 2],
        [BIG, 5001],
      ]);
    });

    it('and an edit on the second page of the 5001-event chain is still caught', async () => {
      await sql`update audit_events set subject_id = ${'e-x'} where organisation_id = ${BIG} and seq = 5001`.execute(
        big,
      );
      const reports = await verifyAuditChains(big);
      expect(reports.find((r) => r.organisationId === BIG)).toMatchObject({
        events: 5000,
        firstBrokenSeq: 5001,
      });
      expect(reports.filter((r) => r.firstBrokenSeq !== null)).toHaveLength(1);
    });

    it('verification while events are being appended reports no break', async () => {
      const now = clock();
      let appending = true;
      const appends = Promise.all(
        Array.from({ length: 60 }, (_, n) =>
          live.transaction().execute((tx) =>
            recordAudit(tx, system(now), {
              organisationId: CHAINS[n % 3] ?? null,
              action: 'risk.updated',
              subject: { type: 'risk', id: null },
            }),
          ),
        ),
      ).finally(() => {
        appending = false;
      });
      let runs = 0;
      while (appending || runs < 3) {
        const reports = await verifyAuditChains(live);
        expect(reports.filter((r) => r.firstBrokenSeq !== null)).toEqual([]);
        runs += 1;
      }
      await appends;
      expectAllClean(
        await verifyAuditChains(live),
        CHAINS.map((c) => [c, 20]),
      );
    });
  });

  describe('signed checkpoints', () => {
    let db: Kysely<DB>;
    let signed: SignedCheckpoint;
    beforeAll(async () => {
      db = (await freshDatabase(dialect)).db;
      await buildCleanChains(db);
      signed = await createCheckpoint(db, instanceKey.privateKey, new Date('2026-11-28T12:00:00.000Z'));
    });

    /** A checkpoint document signed by `key` over `checkpoint` exactly as given. */
    function signedBy(key: KeyObject, publicKey: KeyObject, checkpoint: unknown): string {
      const payload = Buffer.from(canonicalize(checkpoint) ?? '', 'utf8');
      return JSON.stringify({
        checkpoint,
        publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        signature: sign(null, payload, key).toString('base64'),
      });
    }

    it('records every chain head', async () => {
      expect(signed.checkpoint.format).toBe(CHECKPOINT_FORMAT);
      expect(signed.checkpoint.createdAt).toBe('2026-11-28T12:00:00.000Z');
      const heads = await db
        .selectFrom('audit_chain_heads')
        .select(['organisation_id', 'seq', 'hash'])
        .execute();
      expect(signed.checkpoint.chains).toHaveLength(3);
      for (const h of heads) {
        expect(signed.checkpoint.chains).toContainEqual({
          organisationId: h.organisation_id,
          seq: h.seq,
          hash: h.hash,
        });
      }
      expect(signed.checkpoint.chains.find((c) => c.organisationId === ORG_A)?.seq).toBe(12);
    });

    it('opens with the trusted key given as either its public or its private half', () => {
      const text = JSON.stringify(signed);
      expect(openCheckpoint(text, instanceKey.publicKey)).toEqual(signed.checkpoint);
      expect(openCheckpoint(text, instanceKey.privateKey)).toEqual(signed.checkpoint);
      expect(openCheckpoint(text)).toEqual(signed.checkpoint);
    });

    it('refuses a checkpoint file that was edited', () => {
      const edits: Array<(doc: SignedCheckpoint) => void> = [
        (doc) => {
          const chain = doc.checkpoint.chains.find((c) => c.organisationId === ORG_A);
          if (chain) chain.seq = 9;
        },
        (doc) => {
          const chain = doc.checkpoint.chains.find((c) => c.organisationId === ORG_A);
          if (chain) chain.hash = '0'.repeat(64);
        },
        (doc) => {
          doc.checkpoint.chains = doc.checkpoint.chains.filter((c) => c.organisationId !== ORG_B);
        },
        (doc) => {
          doc.checkpoint.createdAt = '2027-01-01T00:00:00.000Z';
        },
        (doc) => {
          doc.signature = Buffer.from(doc.signature, 'base64').reverse().toString('base64');
        },
      ];
      for (const edit of edits) {
        const doc = structuredClone(signed);
        edit(doc);
        const text = JSON.stringify(doc, null, 2);
        expect(() => openCheckpoint(text, instanceKey.publicKey)).toThrow(
          /signature is not valid: the file was altered/,
        );
        expect(() => openCheckpoint(text)).toThrow(/signature is not valid/);
      }
    });

    it('refuses a checkpoint signed by another key when the trusted key is given', async () => {
      // An attacker's own checkpoint of the (tampered) database, signed with their key.
      const forged = JSON.stringify(await createCheckpoint(db, otherKey.privateKey, new Date()));
      expect(() => openCheckpoint(forged, instanceKey.publicKey)).toThrow(
        /not signed with this instance's audit key/,
      );
      expect(() => openCheckpoint(forged, instanceKey.privateKey)).toThrow(
        /not signed with this instance's audit key/,
      );
      // The genuine checkpoint, edited and re-signed with another key in its place.
      const edited = structuredClone(signed.checkpoint);
      (edited.chains[0] as { seq: number }).seq -= 1;
      const resigned = signedBy(otherKey.privateKey, otherKey.publicKey, edited);
      expect(() => openCheckpoint(resigned, instanceKey.publicKey)).toThrow(
        /not signed with this instance's audit key/,
      );
      // Without a trusted key the signature only proves the file is whole: documented, and why the CLI passes one.
      expect(openCheckpoint(resigned)).toEqual(edited);
    });

    it('refuses files that are not checkpoints, with a message that says why', () => {
      const good = JSON.parse(JSON.stringify(signed)) as SignedCheckpoint;
      expect(() => openCheckpoint('not json', instanceKey.publicKey)).toThrow(/not JSON/);
      expect(() => openCheckpoint('null', instanceKey.publicKey)).toThrow(
        /not a vigil-audit-checkpoint\/1 document/,
      );
      expect(() => openCheckpoint('{}', instanceKey.publicKey)).toThrow(
        /not a vigil-audit-checkpoint\/1 document/,
      );
      expect(() =>
        openCheckpoint(
          JSON.stringify({ ...good, checkpoint: { ...good.checkpoint, format: 'other/1' } }),
          instanceKey.publicKey,
        ),
      ).toThrow(/not a vigil-audit-checkpoint\/1 document/);
      expect(() =>
        openCheckpoint(JSON.stringify({ ...good, publicKey: 'garbage' }), instanceKey.publicKey),
      ).toThrow(/does not hold a valid public key/);
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      expect(() =>
        openCheckpoint(
          JSON.stringify({ ...good, publicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }) }),
        ),
      ).toThrow(/not signed with an Ed25519 key/);
    });

    it('refuses a correctly signed checkpoint whose chain heads are malformed', () => {
      const base = structuredClone(signed.checkpoint);
      const bad: unknown[] = [
        { ...base, chains: [{ organisationId: ORG_A, seq: '12', hash: 'a'.repeat(64) }] },
        { ...base, chains: [{ organisationId: ORG_A, seq: -1, hash: 'a'.repeat(64) }] },
        { ...base, chains: [{ organisationId: ORG_A, seq: 1.5, hash: 'a'.repeat(64) }] },
        { ...base, chains: [{ organisationId: ORG_A, seq: 12, hash: 'not-a-hash' }] },
        { ...base, chains: [{ organisationId: 7, seq: 12, hash: 'a'.repeat(64) }] },
        { ...base, chains: [null] },
      ];
      for (const checkpoint of bad) {
        const text = signedBy(instanceKey.privateKey, instanceKey.publicKey, checkpoint);
        expect(() => openCheckpoint(text, instanceKey.publicKey)).toThrow(/not well formed/);
      }
      const twice = { ...base, chains: [base.chains[0], base.chains[0]] };
      expect(() =>
        openCheckpoint(signedBy(instanceKey.privateKey, instanceKey.publicKey, twice), instanceKey.publicKey),
      ).toThrow(/holds a chain twice/);
    });

    it('is signed only with an Ed25519 private key', async () => {
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
      await expect(createCheckpoint(db, rsa.privateKey, new Date())).rejects.toThrow(/Ed25519/);
      await expect(createCheckpoint(db, instanceKey.publicKey, new Date())).rejects.toThrow(/private key/);
    });
  });
});

describe('the clean history', () => {
  it('has 12 events in ORG_A, 10 in ORG_B and 8 in the instance chain', () => {
    for (const org of CHAINS) expect(PLAN.filter((c) => c === org)).toHaveLength(sizeOf(org));
  });
});
