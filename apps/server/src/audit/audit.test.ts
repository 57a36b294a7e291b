import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, freshDatabase, freshDatabaseUrl } from '../../test/databases.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { DB } from '../db/types.ts';
import {
  type AuditContext,
  type AuditEntry,
  chainKey,
  diffChanges,
  REDACTED,
  recordAudit,
  SYSTEM_CONTEXT,
} from './audit.ts';
import { GENESIS_HASH, hashEvent } from './audit-hash.ts';
import { verifyAuditChains } from './audit-verify.ts';

const ORG_A = '0190f3a0-0000-7000-8000-00000000000a';
const ORG_B = '0190f3a0-0000-7000-8000-00000000000b';

function context(overrides: Partial<AuditContext> = {}): AuditContext {
  let tick = Date.parse('2026-11-28T13:00:00.000Z');
  return {
    actor: { type: 'user', id: '0190f3a0-0000-7000-8000-0000000000aa' },
    requestId: 'req-1',
    ip: '192.0.2.1',
    userAgent: 'vitest',
    now: () => {
      tick += 1000;
      return new Date(tick);
    },
    ...overrides,
  };
}

function entry(organisationId: string | null, action = 'risk.updated', changes = {}): AuditEntry {
  return { organisationId, action, subject: { type: 'risk', id: uuidv7() }, changes };
}

async function chainSeqs(db: Kysely<DB>, organisationId: string | null): Promise<number[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select('seq')
    .where('organisation_id', organisationId === null ? 'is' : '=', organisationId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.seq);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function insertOrganisation(db: Kysely<DB>, id: string, slug: string): Promise<void> {
  const now = '2026-11-28T13:00:00.000Z';
  await db
    .insertInto('organisations')
    .values({ id, name: slug, slug, created_at: now, updated_at: now })
    .execute();
}

describe('diffChanges', () => {
  it('records only the fields that changed, with before and after', () => {
    expect(
      diffChanges(
        { title: 'Flood', status: 'open', score: 7, owner: 'ann' },
        { title: 'Flood', status: 'accepted', score: 12, owner: 'ann' },
      ),
    ).toEqual({ score: { before: 7, after: 12 }, status: { before: 'open', after: 'accepted' } });
    expect(diffChanges({ a: 1, b: 'x' }, { a: 1, b: 'x' })).toEqual({});
  });

  it('records a creation (before null) and a deletion (after null) field by field', () => {
    expect(diffChanges(null, { title: 'Flood', score: 3 })).toEqual({
      score: { before: null, after: 3 },
      title: { before: null, after: 'Flood' },
    });
    expect(diffChanges({ title: 'Flood' }, null)).toEqual({ title: { before: 'Flood', after: null } });
    expect(diffChanges(null, null)).toEqual({});
  });

  it('treats a missing field, undefined and null alike, and keeps false and 0', () => {
    expect(diffChanges<Record<string, unknown>>({ a: null, b: undefined }, { c: null })).toEqual({});
    expect(diffChanges<Record<string, unknown>>({ flag: false, n: 0 }, { flag: null, n: null })).toEqual({
      flag: { before: false, after: null },
      n: { before: 0, after: null },
    });
  });

  it('records secrets as changed without their values', () => {
    type User = { name: string; passwordHash: string; totpSecret: string | null; apiKey: string };
    const changes = diffChanges<User>(
      { name: 'ann', passwordHash: 'argon2id$old', totpSecret: 'JBSWY3DP', apiKey: 'same' },
      { name: 'anne', passwordHash: 'argon2id$new', totpSecret: null, apiKey: 'same' },
      { secrets: ['passwordHash', 'totpSecret', 'apiKey'] },
    );
    expect(changes).toEqual({
      name: { before: 'ann', after: 'anne' },
      passwordHash: { before: REDACTED, after: REDACTED },
      totpSecret: { before: REDACTED, after: REDACTED },
    });
    const text = JSON.stringify(changes);
    for (const secret of ['argon2id$old', 'argon2id$new', 'JBSWY3DP', 'same'])
      expect(text).not.toContain(secret);
  });

  it('compares nested values as a whole, whatever the order of their keys', () => {
    const before = { settings: { mfa: { required: true, grace: 7 }, theme: 'dark' }, tags: ['a', 'b'] };
    expect(
      diffChanges(before, {
        tags: ['a', 'b'],
        settings: { theme: 'dark', mfa: { grace: 7, required: true } },
      }),
    ).toEqual({});
    expect(
      diffChanges(before, { ...before, settings: { mfa: { required: false, grace: 7 }, theme: 'dark' } }),
    ).toEqual({
      settings: {
        before: { mfa: { required: true, grace: 7 }, theme: 'dark' },
        after: { mfa: { required: false, grace: 7 }, theme: 'dark' },
      },
    });
    expect(diffChanges(before, { ...before, tags: ['b', 'a'] })).toEqual({
      tags: { before: ['a', 'b'], after: ['b', 'a'] },
    });
  });

  it('compares dates by their instant', () => {
    const at = '2026-11-28T13:00:00.000Z';
    expect(diffChanges({ due: new Date(at) }, { due: new Date(at) })).toEqual({});
    expect(
      Object.keys(diffChanges({ due: new Date(at) }, { due: new Date('2026-12-01T00:00:00.000Z') })),
    ).toEqual(['due']);
  });
});

describe('chainKey', () => {
  it('gives every organisation its own key, apart from the instance chain', () => {
    expect(chainKey(null)).toBe('instance');
    expect(chainKey('instance')).not.toBe(chainKey(null));
    expect(chainKey(ORG_A)).not.toBe(chainKey(ORG_B));
  });
});

describeEachDialect('recordAudit', (dialect) => {
  let db: Kysely<DB>;
  /** Databases of their own for the tests that need an empty one. */
  const own: Record<
    'instanceId' | 'noTransaction' | 'concurrent' | 'concurrentChains',
    Kysely<DB>
  > = Object.create(null);
  let timeZoneUrl: string;
  beforeAll(async () => {
    db = (await freshDatabase(dialect)).db;
    for (const name of ['instanceId', 'noTransaction', 'concurrent', 'concurrentChains'] as const) {
      own[name] = (await freshDatabase(dialect)).db;
    }
    timeZoneUrl = await freshDatabaseUrl(dialect);
  });

  it('refuses an action that is not subject.verb, and writes nothing', async () => {
    for (const action of [
      'risk',
      'Risk.accepted',
      'risk.Accepted',
      'risk.',
      '.accepted',
      'risk..accepted',
      'risk accepted',
      'risk-treatment.accepted',
      'risk.accepted\n',
      '1risk.accepted',
      '',
    ]) {
      await expect(
        db.transaction().execute((tx) => recordAudit(tx, context(), entry(ORG_A, action))),
        action,
      ).rejects.toThrow(/subject\.verb/);
    }
    expect(await db.selectFrom('audit_events').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('audit_chain_heads').selectAll().execute()).toEqual([]);
  });

  it('accepts subject.verb actions, including qualified subjects', async () => {
    for (const action of [
      'risk.accepted',
      'risk_treatment.plan_approved',
      'instance.audit_key.rotated',
      'user.mfa2_enabled',
    ]) {
      await db
        .transaction()
        .execute((tx) => recordAudit(tx, context(), entry('0190f3a0-0000-7000-8000-0000000000ac', action)));
    }
    expect(await chainSeqs(db, '0190f3a0-0000-7000-8000-0000000000ac')).toEqual([1, 2, 3, 4]);
  });

  it('numbers each chain on its own from 1: two organisations and the instance', async () => {
    const order = [ORG_A, ORG_B, null, ORG_A, ORG_A, null, ORG_B, ORG_A, null, null, null];
    const events = [];
    for (const org of order) {
      events.push(await db.transaction().execute((tx) => recordAudit(tx, context(), entry(org))));
    }
    expect(events.map((e) => e.seq)).toEqual([1, 1, 1, 2, 3, 2, 2, 4, 3, 4, 5]);
    expect(await chainSeqs(db, ORG_A)).toEqual([1, 2, 3, 4]);
    expect(await chainSeqs(db, ORG_B)).toEqual([1, 2]);
    expect(await chainSeqs(db, null)).toEqual([1, 2, 3, 4, 5]);

    // Each chain links to its own predecessor, starting from the genesis hash, and its head records the last.
    for (const org of [ORG_A, ORG_B, null]) {
      const rows = await db
        .selectFrom('audit_events')
        .select(['seq', 'prev_hash', 'hash'])
        .where('organisation_id', org === null ? 'is' : '=', org)
        .orderBy('seq')
        .execute();
      let prev = GENESIS_HASH;
      for (const row of rows) {
        expect(row.prev_hash).toBe(prev);
        prev = row.hash;
      }
      const head = await db
        .selectFrom('audit_chain_heads')
        .selectAll()
        .where('chain_key', '=', chainKey(org))
        .executeTakeFirstOrThrow();
      expect(head).toMatchObject({ organisation_id: org, seq: rows.length, hash: prev });
    }
    expect((await verifyAuditChains(db)).filter((r) => r.firstBrokenSeq !== null)).toEqual([]);
  });

  it('stores every field of the event, and the stored row hashes to the stored hash', async () => {
    const ctx = context({
      actor: { type: 'token', id: 'tok_1' },
      requestId: 'req-77',
      ip: '2001:db8::1',
      userAgent: 'curl/8.0',
      now: () => new Date('2026-11-28T14:15:16.789Z'),
    });
    const org = '0190f3a0-0000-7000-8000-0000000000ad';
    const event = await db.transaction().execute((tx) =>
      recordAudit(tx, ctx, {
        organisationId: org,
        action: 'risk.accepted',
        subject: { type: 'risk', id: 'RISK-12' },
        changes: diffChanges({ status: 'open' }, { status: 'accepted' }),
      }),
    );
    const row = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      id: event.id,
      organisation_id: org,
      seq: 1,
      occurred_at: '2026-11-28T14:15:16.789Z',
      actor_type: 'token',
      actor_id: 'tok_1',
      action: 'risk.accepted',
      subject_type: 'risk',
      subject_id: 'RISK-12',
      changes: { status: { before: 'open', after: 'accepted' } },
      request_id: 'req-77',
      ip: '2001:db8::1',
      user_agent: 'curl/8.0',
      prev_hash: GENESIS_HASH,
      hash: hashEvent(event),
    });
  });

  it('records system events with no actor and no request', async () => {
    const event = await db.transaction().execute((tx) =>
      recordAudit(tx, SYSTEM_CONTEXT(), {
        organisationId: null,
        action: 'instance.started',
        subject: { type: 'instance', id: null },
      }),
    );
    expect(event).toMatchObject({
      actorType: 'system',
      actorId: null,
      requestId: null,
      ip: null,
      userAgent: null,
      changes: {},
    });
  });

  it('keeps an organisation whose id is "instance" apart from the instance chain', async () => {
    const fresh = own.instanceId;
    await fresh.transaction().execute((tx) => recordAudit(tx, context(), entry(null)));
    await fresh.transaction().execute((tx) => recordAudit(tx, context(), entry(null)));
    const event = await fresh.transaction().execute((tx) => recordAudit(tx, context(), entry('instance')));
    expect(event.seq).toBe(1);
    expect(await chainSeqs(fresh, null)).toEqual([1, 2]);
    expect(
      (await verifyAuditChains(fresh)).map((r) => [r.organisationId, r.events, r.firstBrokenSeq]),
    ).toEqual([
      [null, 2, null],
      ['instance', 1, null],
    ]);
  });

  it('hashes the changes as they are stored, so awkward values verify on read-back', async () => {
    const org = '0190f3a0-0000-7000-8000-0000000000ae';
    const awkward = {
      unicode: {
        before: 'Größe ≤ 5 — naïve 日本語',
        after: '🚀 emoji and \u2028 separator, tab\t, quote " and \\',
      },
      numbers: { before: [0, -1, 1.5, 0.1 + 0.2, 1e21, 1e-7, 2 ** 53, -0], after: 5e-324 },
      nested: {
        before: { z: 1, a: { y: [1, { b: 2, a: 1 }], x: null } },
        after: { '10': 'ten', '9': 'nine', '': 'empty key' },
      },
      date: { before: new Date('2026-01-01T00:00:00.000Z'), after: null },
      lossy: {
        before: [undefined, Number.NaN, Number.POSITIVE_INFINITY],
        after: { gone: undefined, kept: true },
      },
    };
    const event = await db
      .transaction()
      .execute((tx) => recordAudit(tx, context(), entry(org, 'risk.updated', awkward)));
    const row = await db
      .selectFrom('audit_events')
      .select('changes')
      .where('id', '=', event.id)
      .executeTakeFirstOrThrow();
    expect(row.changes).toEqual(event.changes);
    expect(event.changes).toMatchObject({
      date: { before: '2026-01-01T00:00:00.000Z' },
      lossy: { before: [null, null, null], after: { kept: true } },
    });
    const report = (await verifyAuditChains(db)).find((r) => r.organisationId === org);
    expect(report).toMatchObject({ events: 1, firstBrokenSeq: null });
  });

  it('rolls back both the change and the event when the transaction fails afterwards', async () => {
    const org = '0190f3a0-0000-7000-8000-0000000000af';
    await db.transaction().execute((tx) => recordAudit(tx, context(), entry(org)));
    const headBefore = await db
      .selectFrom('audit_chain_heads')
      .selectAll()
      .where('chain_key', '=', chainKey(org))
      .executeTakeFirstOrThrow();

    await expect(
      db.transaction().execute(async (tx) => {
        await insertOrganisation(tx, org, 'rolled-back');
        const event = await recordAudit(tx, context(), entry(org, 'organisation.created'));
        expect(event.seq).toBe(2);
        throw new Error('something failed after the audit event was written');
      }),
    ).rejects.toThrow(/something failed/);

    expect(await db.selectFrom('organisations').selectAll().where('id', '=', org).execute()).toEqual([]);
    expect(await chainSeqs(db, org)).toEqual([1]);
    expect(
      await db
        .selectFrom('audit_chain_heads')
        .selectAll()
        .where('chain_key', '=', chainKey(org))
        .executeTakeFirstOrThrow(),
    ).toEqual(headBefore);

    // The next event takes the number the rolled-back one had: no gap, and the chain verifies.
    const next = await db.transaction().execute((tx) => recordAudit(tx, context(), entry(org)));
    expect(next.seq).toBe(2);
    expect((await verifyAuditChains(db)).find((r) => r.organisationId === org)).toMatchObject({
      events: 2,
      firstBrokenSeq: null,
    });
  });

  it('rolls back the first event of a new chain entirely, head included', async () => {
    const org = '0190f3a0-0000-7000-8000-0000000000b0';
    await expect(
      db.transaction().execute(async (tx) => {
        await insertOrganisation(tx, org, 'never-created');
        await recordAudit(tx, context(), entry(org, 'organisation.created'));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await db.selectFrom('organisations').selectAll().where('id', '=', org).execute()).toEqual([]);
    expect(await chainSeqs(db, org)).toEqual([]);
    expect(
      await db.selectFrom('audit_chain_heads').selectAll().where('chain_key', '=', chainKey(org)).execute(),
    ).toEqual([]);
  });

  it('rolls back the change when the audit event cannot be written', async () => {
    const org = '0190f3a0-0000-7000-8000-0000000000b1';
    await expect(
      db.transaction().execute(async (tx) => {
        await insertOrganisation(tx, org, 'bad-audit');
        await recordAudit(tx, context(), entry(org, 'not-an-action'));
      }),
    ).rejects.toThrow(/subject\.verb/);
    expect(await db.selectFrom('organisations').selectAll().where('id', '=', org).execute()).toEqual([]);
  });

  it('appends safely when given the database rather than a transaction', async () => {
    const fresh = own.noTransaction;
    const events = await Promise.all(
      range(1, 20).map(() => recordAudit(fresh, context(), entry(null, 'instance.checked'))),
    );
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(range(1, 20));
    expect(await verifyAuditChains(fresh)).toEqual([
      { organisationId: null, events: 20, firstBrokenSeq: null, problem: null },
    ]);
  });

  it('serialises 50 concurrent transactions on one chain: seq 1..50, no gap, no duplicate, verifies', async () => {
    const fresh = own.concurrent;
    const events = await Promise.all(
      range(1, 50).map((i) =>
        fresh.transaction().execute(async (tx) => {
          const id = uuidv7();
          await insertOrganisation(tx, id, `org-${i}`);
          // Hold the transaction open a moment so that the appends really contend for the chain head.
          await sleep(i % 5);
          return recordAudit(tx, context(), {
            organisationId: null,
            action: 'organisation.created',
            subject: { type: 'organisation', id },
            changes: diffChanges(null, { slug: `org-${i}` }),
          });
        }),
      ),
    );
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(range(1, 50));
    expect(await chainSeqs(fresh, null)).toEqual(range(1, 50));
    expect(
      await fresh
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    ).toEqual({ n: 50 });
    const head = await fresh.selectFrom('audit_chain_heads').selectAll().executeTakeFirstOrThrow();
    expect(head.seq).toBe(50);
    expect(await verifyAuditChains(fresh)).toEqual([
      { organisationId: null, events: 50, firstBrokenSeq: null, problem: null },
    ]);
  });

  it('keeps chains independent under concurrent appends to several of them', async () => {
    const fresh = own.concurrentChains;
    const orgs = [ORG_A, ORG_B, null];
    await Promise.all(
      range(0, 59).map((i) =>
        fresh.transaction().execute(async (tx) => {
          await sleep(i % 3);
          return recordAudit(tx, context(), entry(orgs[i % 3] ?? null));
        }),
      ),
    );
    for (const org of orgs) expect(await chainSeqs(fresh, org)).toEqual(range(1, 20));
    const reports = await verifyAuditChains(fresh);
    expect(reports.map((r) => [r.organisationId, r.events, r.firstBrokenSeq])).toEqual([
      [null, 20, null],
      [ORG_A, 20, null],
      [ORG_B, 20, null],
    ]);
  });

  // A PostgreSQL setting; SQLite stores the ISO text as given.
  if (dialect === 'postgres') {
    it('verifies the same from a PostgreSQL session in another time zone', async () => {
      const writer = await openDatabase(timeZoneUrl);
      try {
        await migrateToLatest(writer.db);
        await recordAudit(writer.db, context(), entry(ORG_A));
        await sql`alter database ${sql.id(await currentDatabase(writer.db))} set timezone to 'Asia/Kolkata'`.execute(
          writer.db,
        );
      } finally {
        await writer.close();
      }
      // Vigil's pool pins its sessions to UTC whatever the database's default says.
      const reader = await openDatabase(timeZoneUrl);
      try {
        const tz = await sql<{ TimeZone: string }>`show timezone`.execute(reader.db);
        expect(tz.rows[0]?.TimeZone).toBe('UTC');
        await recordAudit(reader.db, context(), entry(ORG_A));
        expect(await verifyAuditChains(reader.db)).toEqual([
          { organisationId: ORG_A, events: 2, firstBrokenSeq: null, problem: null },
        ]);
      } finally {
        await reader.close();
      }
    });
  }
});

async function currentDatabase(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  return rows[0]?.name ?? '';
}
