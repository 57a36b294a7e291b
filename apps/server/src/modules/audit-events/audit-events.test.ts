import { ROLES, roleCan, type TRole, ZAuditEventPage } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, TEST_PASSWORD } from '../../../test/identity.ts';
import { type AuditContext, recordAudit } from '../../audit/audit.ts';
import type { Database } from '../../db/database.ts';

const T0 = Date.parse('2026-11-28T09:00:00.000Z');
const HOUR = 3_600_000;

describeEachDialect('audit events', (dialect) => {
  let database: Database;
  let app: FastifyInstance;
  let orgA: string;
  let orgB: string;
  let canaryB: string;
  const members = {} as Record<TRole, { userId: string; email: string }>;
  let ip = 0;
  /** Events seeded into organisation A, oldest first. */
  const seeded: { seq: number; action: string; at: string }[] = [];

  async function session(email: string): Promise<Record<string, string>> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: SPA_HEADERS,
      payload: { email, password: TEST_PASSWORD },
      remoteAddress: `10.30.0.${++ip}`,
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === '__Host-vigil_session');
    return { cookie: `${cookie?.name}=${cookie?.value}` };
  }

  const ctx = (at: number, actor: AuditContext['actor']): AuditContext => ({
    actor,
    requestId: 'req-12345678',
    ip: '192.0.2.7',
    userAgent: 'test agent',
    now: () => new Date(at),
  });

  async function record(
    organisationId: string | null,
    at: number,
    actor: AuditContext['actor'],
    action: string,
    subject: { type: string; id: string | null },
    changes: Record<string, unknown> = {},
  ) {
    return database.db
      .transaction()
      .execute((tx) => recordAudit(tx, ctx(at, actor), { organisationId, action, subject, changes }));
  }

  async function list(headers: Record<string, string>, query = '') {
    const res = await app.inject({ method: 'GET', url: `/api/v1/audit-events${query}`, headers });
    expect(res.statusCode).toBe(200);
    return ZAuditEventPage.parse(res.json());
  }

  let owner: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    app = await buildTestApp(dialect, { database });
    orgA = await seedOrganisation(database.db, 'Acme');
    canaryB = `CANARY-${Math.random().toString(36).slice(2)}`;
    orgB = await seedOrganisation(database.db, `Globex ${canaryB}`);
    for (const role of ROLES) {
      members[role] = await seedMember(database.db, orgA, role, { name: `Acme ${role}` });
    }
    const outsider = await seedMember(database.db, orgB, 'owner', { name: `Globex owner ${canaryB}` });

    const token = { type: 'token' as const, id: 'tok-1' };
    await database.db
      .insertInto('api_tokens')
      .values({
        id: 'tok-1',
        organisation_id: orgA,
        user_id: members.admin.userId,
        name: 'CI',
        token_hash: 'x'.repeat(64),
        token_prefix: 'vgl_abcd',
        scopes: JSON.stringify(['organisation:read']),
        expires_at: new Date(T0 + 1000 * HOUR).toISOString(),
        created_at: new Date(T0).toISOString(),
      })
      .execute();
    const ownerActor = { type: 'user' as const, id: members.owner.userId };
    const plan: [number, AuditContext['actor'], string, { type: string; id: string | null }][] = [
      [T0, ownerActor, 'risk.created', { type: 'risk', id: 'risk-1' }],
      [T0 + HOUR, ownerActor, 'risk.updated', { type: 'risk', id: 'risk-1' }],
      [T0 + 2 * HOUR, token, 'risk.created', { type: 'risk', id: 'risk-2' }],
      [T0 + 3 * HOUR, { type: 'system', id: null }, 'risk_review.reminded', { type: 'risk', id: 'risk-2' }],
      [T0 + 4 * HOUR, ownerActor, 'control.created', { type: 'control', id: 'ctl-1' }],
      [T0 + 5 * HOUR, ownerActor, 'risk.deleted', { type: 'risk', id: 'risk-1' }],
      [T0 + 6 * HOUR, ownerActor, 'riskxreview.done', { type: 'other', id: 'o-1' }],
    ];
    for (const [at, actor, action, subject] of plan) {
      const event = await record(orgA, at, actor, action, subject, { title: { before: null, after: 'A' } });
      seeded.push({ seq: event.seq, action, at: new Date(at).toISOString() });
    }
    // organisation B's chain, with its canary everywhere
    for (let i = 0; i < 3; i++) {
      await record(
        orgB,
        T0 + i * HOUR,
        { type: 'user', id: outsider.userId },
        'risk.created',
        { type: 'risk', id: 'risk-1' },
        { title: { before: null, after: canaryB } },
      );
    }
    // and the instance chain
    await record(null, T0, { type: 'system', id: null }, 'instance.setup_completed', {
      type: 'organisation',
      id: orgA,
    });
    owner = await session(members.owner.email);
  });

  it('lists the organisation’s chain newest first, with the acting person’s name', async () => {
    const page = await list(owner, '?limit=200');
    const seqs = page.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(page.nextCursor).toBeNull();
    expect(JSON.stringify(page)).not.toContain(canaryB);
    expect(page.items.some((e) => e.action === 'instance.setup_completed')).toBe(false);

    const byAction = (action: string) => page.items.filter((e) => e.action === action);
    const deleted = byAction('risk.deleted')[0];
    expect(deleted).toEqual({
      id: expect.any(String),
      seq: seeded[5]?.seq,
      occurredAt: new Date(T0 + 5 * HOUR).toISOString(),
      actor: { type: 'user', id: members.owner.userId, name: 'Acme owner', email: members.owner.email },
      action: 'risk.deleted',
      subject: { type: 'risk', id: 'risk-1' },
      changes: { title: { before: null, after: 'A' } },
      requestId: 'req-12345678',
      ip: '192.0.2.7',
      userAgent: 'test agent',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const byToken = page.items.find((e) => e.actor.type === 'token');
    expect(byToken?.actor).toEqual({
      type: 'token',
      id: 'tok-1',
      name: 'Acme admin',
      email: members.admin.email,
    });
    expect(byAction('risk_review.reminded')[0]?.actor).toEqual({
      type: 'system',
      id: null,
      name: null,
      email: null,
    });
    // the owner's sign-in is in the chain too
    expect(page.items[0]?.action).toBe('auth.login_succeeded');
  });

  it('filters by subject, actor, exact action, action prefix and time', async () => {
    const actions = async (query: string) => (await list(owner, query)).items.map((e) => e.action);
    expect(await actions('?subjectType=risk&subjectId=risk-1')).toEqual([
      'risk.deleted',
      'risk.updated',
      'risk.created',
    ]);
    expect(await actions('?subjectType=control')).toEqual(['control.created']);
    expect(await actions('?actorId=tok-1')).toEqual(['risk.created']);
    expect(await actions(`?actorId=${members.owner.userId}&subjectType=risk`)).toEqual([
      'risk.deleted',
      'risk.updated',
      'risk.created',
    ]);
    expect(await actions('?action=risk.created')).toEqual(['risk.created', 'risk.created']);
    // a prefix matches whole segments only, and `_` is no wildcard
    expect(await actions('?action=risk.')).toEqual([
      'risk.deleted',
      'risk.created',
      'risk.updated',
      'risk.created',
    ]);
    expect(await actions('?action=risk_review.')).toEqual(['risk_review.reminded']);
    expect(await actions('?action=riskxreview.')).toEqual(['riskxreview.done']);
    expect(await actions('?action=auth.')).toEqual(['auth.login_succeeded']);
    const from = new Date(T0 + HOUR).toISOString();
    const to = new Date(T0 + 3 * HOUR).toISOString();
    expect(await actions(`?subjectType=risk&from=${from}&to=${to}`)).toEqual([
      'risk_review.reminded',
      'risk.created',
      'risk.updated',
    ]);
    // a time with an offset is the same instant
    expect(await actions(`?subjectType=risk&to=${encodeURIComponent('2026-11-28T10:00:00+01:00')}`)).toEqual([
      'risk.created',
    ]);
    expect(await actions('?subjectType=risk&subjectId=nothing')).toEqual([]);
  });

  it('pages by sequence number: stable while new events arrive, no gaps or repeats', async () => {
    const all = (await list(owner, '?limit=200')).items.map((e) => e.seq);
    const walked: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(
        owner,
        `?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      walked.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
      if (pages === 0)
        await record(orgA, T0 + 9 * HOUR, { type: 'system', id: null }, 'risk.created', {
          type: 'risk',
          id: 'late',
        });
      pages += 1;
    } while (cursor !== null && pages < 50);
    expect(walked).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
    const newest = await list(owner, '?limit=1');
    expect(newest.items[0]?.subject.id).toBe('late');
    expect(newest.nextCursor).toBe(newest.items[0]?.seq);
  });

  it('refuses roles without audit_event:read with 403 and anonymous callers with 401', async () => {
    for (const role of ROLES) {
      const headers = await session(members[role].email);
      const res = await app.inject({ method: 'GET', url: '/api/v1/audit-events', headers });
      expect({ role, status: res.statusCode }).toEqual({
        role,
        status: roleCan(role, 'audit_event:read') ? 200 : 403,
      });
    }
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/audit-events' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('shows another organisation only its own chain', async () => {
    const globex = await database.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select('users.email')
      .where('memberships.organisation_id', '=', orgB)
      .executeTakeFirstOrThrow();
    const page = await list(await session(globex.email), '?limit=200');
    expect(page.items.map((e) => e.action)).toEqual([
      'auth.login_succeeded',
      'risk.created',
      'risk.created',
      'risk.created',
    ]);
    expect(JSON.stringify(page)).toContain(canaryB);
    expect(JSON.stringify(page)).not.toContain(members.owner.userId);
    expect(JSON.stringify(page)).not.toContain('tok-1');
  });

  it('validates its filters', async () => {
    for (const query of [
      '?limit=0',
      '?limit=201',
      '?cursor=abc',
      '?action=Risk Created',
      '?from=yesterday',
    ]) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/audit-events${query}`, headers: owner });
      expect({ query, status: res.statusCode }).toEqual({ query, status: 422 });
    }
  });
});
