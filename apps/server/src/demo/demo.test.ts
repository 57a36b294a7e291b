import type {
  TRiskActionOverview,
  TRiskAssessmentComparison,
  TRiskAssessmentList,
  TRiskList,
} from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../test/databases.ts';
import { SPA_HEADERS, signIn } from '../../test/identity.ts';
import { verifyAuditChains } from '../audit/audit-verify.ts';
import type { Database, Dialect } from '../db/database.ts';
import { issueSetupToken } from '../modules/auth/auth.service.ts';
import { DEMO_USER_AGENT, demoSteps } from './demo.ts';
import { DEMO_ASSETS, DEMO_ORGANISATION_NAME, DEMO_PEOPLE, DEMO_RISKS } from './demo-content.ts';

const OWNER = {
  organisationName: DEMO_ORGANISATION_NAME,
  name: 'Dana Demo',
  email: 'dana@example.org',
  password: 'the demo owner password 5',
};
// the demo is made "today": its dates count back from here
const CLOCK = new Date('2026-06-15T10:30:00.000Z');

async function setUp(dialect: Dialect): Promise<{ app: FastifyInstance; database: Database; token: string }> {
  const database = await freshDatabase(dialect);
  const app = await buildTestApp(dialect, { database, now: () => CLOCK });
  const token = await issueSetupToken({ db: database.db, now: () => CLOCK });
  if (!token) throw new Error('a fresh database needs setting up');
  return { app, database, token };
}

const setup = (app: FastifyInstance, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/v1/setup', headers: SPA_HEADERS, payload: { ...OWNER, ...body } });

async function count(database: Database, table: 'users' | 'organisations' | 'risks' | 'audit_events') {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('demo steps', () => {
  it('run oldest day first, every one before the day the demo is made', () => {
    const days = demoSteps().map((step) => step.day);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(Math.min(...days)).toBeGreaterThanOrEqual(1);
  });
});

describeEachDialect('the demo organisation, made at first-run setup', (dialect) => {
  let app: FastifyInstance;
  let database: Database;
  let token: string;
  let headers: Awaited<ReturnType<typeof signIn>>;
  const get = async <T>(url: string): Promise<T> => {
    const res = await app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };

  beforeAll(async () => {
    ({ app, database, token } = await setUp(dialect));
    const res = await setup(app, { token, demo: true });
    expect(res.statusCode, res.body).toBe(201);
    headers = await signIn(app, OWNER.email, OWNER.password);
  });

  it('is the first organisation, owned by the person who set it up; the setup link is used up', async () => {
    expect(await get('/api/v1/me')).toMatchObject({
      user: { email: OWNER.email, name: OWNER.name },
      organisation: { name: DEMO_ORGANISATION_NAME, slug: 'agora-civic-ltd' },
      role: 'owner',
    });
    expect((await setup(app, { token, organisationName: 'Another', demo: true })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ required: false });
    expect(await count(database, 'organisations')).toBe(1);
  });

  it('has colleagues in their roles, none of whom has a password or can sign in', async () => {
    const people = await get<{ items: { name: string; role: string; email: string }[] }>(
      '/api/v1/people?limit=100',
    );
    expect(people.items.map((p) => [p.name, p.role]).sort()).toEqual(
      [[OWNER.name, 'owner'], ...DEMO_PEOPLE.map((p) => [p.name, p.role])].sort(),
    );
    const withPassword = await database.db
      .selectFrom('users')
      .select('email')
      .where('password_hash', 'is not', null)
      .execute();
    expect(withPassword).toEqual([{ email: OWNER.email }]);
    const cto = people.items.find((p) => p.role === 'top_management');
    expect(cto?.email).toBe('tomas.reyes@agora-civic-ltd.example');
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: SPA_HEADERS,
      payload: { email: cto?.email, password: OWNER.password },
    });
    expect(login.statusCode).toBe(401);
  });

  it('has the assets and about 25 risks with keys, levels and rating history from the services', async () => {
    const assets = await get<{ items: unknown[] }>('/api/v1/assets?limit=100');
    expect(assets.items).toHaveLength(DEMO_ASSETS.length);
    const register = await get<TRiskList>('/api/v1/risks?limit=100');
    expect(register.items).toHaveLength(DEMO_RISKS.length);
    expect(register.items.map((r) => r.key)).toEqual(DEMO_RISKS.map((_, i) => `RISK-${i + 1}`));
    const open = register.items.filter((r) => r.status !== 'closed');
    expect(open.length).toBeGreaterThanOrEqual(24);
    const phishing = register.items.find((r) => r.title === 'Phishing of citizen support staff');
    expect(phishing).toMatchObject({
      inherent: { likelihood: 5, impact: 4, level: { key: 'high' } },
      residual: { likelihood: 2, impact: 3, level: { key: 'medium' } },
    });
    const detail = await get<{ ratingHistory: { reason: string; ratedAt: string }[] }>(
      `/api/v1/risks/${phishing?.id}`,
    );
    expect(detail.ratingHistory.map((r) => r.reason)).toEqual([
      expect.stringMatching(/^Three agents received lookalike council emails/),
      'First rating',
    ]);
    // dates count back from the day the demo is made
    expect(detail.ratingHistory.every((r) => r.ratedAt < CLOCK.toISOString())).toBe(true);
    expect(detail.ratingHistory.at(-1)?.ratedAt.slice(0, 10)).toBe('2025-12-27');
  });

  it('has accepted risks within authority, and exactly one acceptance that needs re-acceptance', async () => {
    const { items } = await get<TRiskList>('/api/v1/risks?limit=100');
    const accepted = items.filter((r) => r.acceptance.current !== null);
    expect(accepted.length).toBeGreaterThanOrEqual(5);
    const stale = accepted.filter((r) => r.acceptance.stale);
    expect(stale.map((r) => [r.title, r.acceptance.staleReasons])).toEqual([
      ['Vote stuffing in a survey', ['rating_changed']],
    ]);
    expect(stale[0]?.acceptance.current?.rating.level.key).toBe('low');
    expect(stale[0]?.level.key).toBe('medium');
  });

  it('has treatment plans with actions done, open and overdue', async () => {
    const overdue = await get<TRiskActionOverview>('/api/v1/risk-actions?overdue=true');
    expect(overdue.items.length).toBeGreaterThanOrEqual(3);
    expect(overdue.items.every((a) => a.overdue && a.dueOn < '2026-06-15')).toBe(true);
    expect(overdue.items.map((a) => a.title)).toContain(
      'Quarterly restore test into an isolated environment',
    );
    const done = await get<TRiskActionOverview>('/api/v1/risk-actions?status=done');
    expect(done.items.length).toBeGreaterThanOrEqual(10);
    expect(done.items.every((a) => a.completionNote !== null)).toBe(true);
  });

  it('has two risk assessments whose comparison shows new, closed and re-rated risks', async () => {
    const { items } = await get<TRiskAssessmentList>('/api/v1/risk-assessments');
    expect(items.map((a) => a.number).sort()).toEqual([1, 2]);
    const [first, second] = [...items].sort((a, b) => a.number - b.number);
    const compared = await get<TRiskAssessmentComparison>(
      `/api/v1/risk-assessments/compare?from=${first?.id}&to=${second?.id}`,
    );
    expect(compared.added.length).toBeGreaterThanOrEqual(3);
    expect(compared.removed.map((r) => r.title)).toEqual([
      'Analytics tracking participants without valid consent',
    ]);
    expect(compared.ratingChanged.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps an audit trail that verifies, in order of time, every event marked as the demo’s', async () => {
    const reports = await verifyAuditChains(database.db);
    expect(reports.every((r) => r.firstBrokenSeq === null)).toBe(true);
    const organisation = await database.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
    const events = await database.db
      .selectFrom('audit_events')
      .select(['occurred_at', 'user_agent', 'action'])
      .where('organisation_id', '=', organisation.id)
      .orderBy('seq')
      .execute();
    const made = events.filter((e) => e.user_agent === DEMO_USER_AGENT);
    expect(made.length).toBeGreaterThan(100);
    const times = made.map((e) => e.occurred_at);
    expect(times).toEqual([...times].sort());
    expect(times.every((t) => t < CLOCK.toISOString())).toBe(true);
    // the rest is signing in, today
    const rest = events.filter((e) => e.user_agent !== DEMO_USER_AGENT);
    expect(rest.map((e) => e.action)).toContain('session.created');
    expect(
      rest.every((e) => ['session.created', 'auth.login_succeeded', 'auth.login_failed'].includes(e.action)),
    ).toBe(true);
    expect(rest.every((e) => e.occurred_at === CLOCK.toISOString())).toBe(true);
  });
});

describeEachDialect('the demo at first-run setup, all or nothing', (dialect) => {
  it('refuses a bad token, and a demo that cannot be made leaves nothing behind; setup can then be tried again', async () => {
    const { app, database, token } = await setUp(dialect);
    expect((await setup(app, { token: 'not-the-token', demo: true })).statusCode).toBe(403);
    expect(await count(database, 'organisations')).toBe(0);

    // a colleague's address is taken: the demo fails half-way, after the organisation and several people
    const squatter = uuidv7();
    await database.db
      .insertInto('users')
      .values({
        id: squatter,
        email: 'sofia.marin@agora-civic-ltd.example',
        name: 'Someone else',
        password_hash: null,
        created_at: CLOCK.toISOString(),
        updated_at: CLOCK.toISOString(),
      })
      .execute();
    const failed = await setup(app, { token, demo: true });
    expect(failed.statusCode).toBe(409);
    expect(failed.json().detail).toBe('sofia.marin@agora-civic-ltd.example already has a Vigil account');
    expect(await count(database, 'organisations')).toBe(0);
    expect(await count(database, 'users')).toBe(1);
    expect(await count(database, 'risks')).toBe(0);
    expect(await count(database, 'audit_events')).toBe(0);

    await database.db.deleteFrom('users').where('id', '=', squatter).execute();
    const res = await setup(app, { token, demo: true });
    expect(res.statusCode, res.body).toBe(201);
    expect(await count(database, 'risks')).toBe(DEMO_RISKS.length);
  });
});
