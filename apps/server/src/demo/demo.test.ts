import { createHash } from 'node:crypto';
import type {
  TControlCheckRunList,
  TControlChecksDue,
  TControlList,
  TEvidenceList,
  TRiskActionOverview,
  TRiskAssessmentComparison,
  TRiskAssessmentList,
  TRiskList,
  TSoa,
  TSoaComparison,
  TSoaVersionList,
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
import { DEMO_CHECKS, DEMO_EVIDENCE, HOSTING_PROVIDER } from './demo-controls-content.ts';

const OWNER = {
  organisationName: DEMO_ORGANISATION_NAME,
  name: 'Dana Demo',
  email: 'dana@example.org',
  password: 'the demo owner password 5',
};
// the demo is made "today": its dates count back from here
const CLOCK = new Date('2026-06-15T10:30:00.000Z');
/** The date `days` before the demo is made. */
const daysAgo = (days: number) => new Date(CLOCK.getTime() - days * 86_400_000).toISOString().slice(0, 10);

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
  let madeInMs: number;
  const get = async <T>(url: string): Promise<T> => {
    const res = await app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };

  beforeAll(async () => {
    ({ app, database, token } = await setUp(dialect));
    const started = performance.now();
    const res = await setup(app, { token, demo: true });
    madeInMs = performance.now() - started;
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

  it('is made in a few seconds', () => {
    // about a second on either database on a developer's machine; the bound leaves room for a busy CI runner
    expect(madeInMs).toBeLessThan(15_000);
  });

  it('has decided every Annex A control: most apply with reasons, two are excluded with a justification, the data centres’ physical controls are inherited', async () => {
    const { items } = await get<TControlList>('/api/v1/controls');
    const annexA = items.filter((c) => c.source === 'annex_a');
    expect(annexA).toHaveLength(93);
    expect(items.filter((c) => c.applicability === 'undecided')).toEqual([]);

    const excluded = items.filter((c) => c.applicability === 'not_applicable');
    expect(excluded.map((c) => c.key)).toEqual(['A.7.6', 'A.8.30']);
    for (const control of excluded) expect(control.exclusionJustification?.length).toBeGreaterThan(100);

    const applicable = items.filter((c) => c.applicability === 'applicable');
    expect(applicable.every((c) => c.inclusionReasons.length > 0 && c.inclusionNote !== null)).toBe(true);
    expect(applicable.every((c) => c.implementationDescription.length > 50)).toBe(true);
    const inherited = applicable.filter((c) => c.implementationStatus === 'inherited');
    expect(inherited.map((c) => c.key)).toEqual([
      'A.7.1',
      'A.7.4',
      'A.7.5',
      'A.7.8',
      'A.7.11',
      'A.7.12',
      'A.7.13',
    ]);
    expect(inherited.every((c) => c.theme === 'physical' && c.inheritedFrom === HOSTING_PROVIDER)).toBe(true);
    expect(
      applicable.filter((c) => c.implementationStatus !== 'inherited').every((c) => c.inheritedFrom === null),
    ).toBe(true);
    // mostly implemented; what is not has a target date
    const implemented = applicable.filter((c) => c.implementationStatus === 'implemented');
    expect(implemented.length).toBeGreaterThan(applicable.length / 2);
    const underway = applicable.filter((c) =>
      ['planned', 'partially_implemented'].includes(c.implementationStatus),
    );
    expect(underway.length).toBeGreaterThanOrEqual(10);
    expect(underway.every((c) => c.targetDate !== null)).toBe(true);
    expect(implemented.every((c) => c.targetDate === null)).toBe(true);

    const people = new Set([OWNER.name, ...DEMO_PEOPLE.map((p) => p.name)]);
    expect(items.every((c) => c.owner !== null && people.has(c.owner.name))).toBe(true);
    expect(items.find((c) => c.key === 'A.8.13')?.risks.map((r) => r.title)).toEqual([
      'Hosting provider outage during a live consultation',
      'Backups never restored in a test',
    ]);
    expect(items.filter((c) => c.source === 'custom').map((c) => [c.key, c.title])).toEqual([
      ['VC-1', 'Integrity of surveys and votes'],
      ['VC-2', 'Human review of AI-generated consultation summaries'],
    ]);
  });

  it('links a control to every open risk treated by mitigation but the newest, the one completeness warning', async () => {
    const soa = await get<TSoa>('/api/v1/soa');
    expect(soa.latestVersion).toBe(2);
    expect(soa.summary).toMatchObject({
      controls: 95,
      annexA: 93,
      custom: 2,
      applicable: 93,
      notApplicable: 2,
      undecided: 0,
      implementation: { inherited: 7, not_started: 0 },
      warnings: 1,
    });
    expect(soa.warnings.map((w) => [w.kind, w.subject.type, w.subject.key])).toEqual([
      ['risk_without_control', 'risk', 'RISK-26'],
    ]);
    // the register and the risks agree
    const controls = await get<TControlList>('/api/v1/controls?applicability=applicable');
    const treated = new Set(controls.items.flatMap((c) => c.risks.map((r) => r.id)));
    const { items } = await get<TRiskList>('/api/v1/risks?limit=100');
    const unlinked = items.filter(
      (r) => r.treatment === 'mitigate' && r.status !== 'closed' && !treated.has(r.id),
    );
    expect(unlinked.map((r) => [r.key, r.title])).toEqual([
      ['RISK-26', 'Client data not returned or deleted when a contract ends'],
    ]);
  });

  it('has evidence links and small files, reused across controls, two of them stale', async () => {
    const { items } = await get<TEvidenceList>('/api/v1/evidence?limit=100');
    expect(items.map((e) => e.title).sort()).toEqual(DEMO_EVIDENCE.map((e) => e.title).sort());
    expect(items.every((e) => e.controls.length > 0 && e.archivedAt === null)).toBe(true);
    expect(items.filter((e) => e.stale).map((e) => [e.title, e.validUntil])).toEqual([
      ['Security awareness training completion, last year', daysAgo(10)],
      ['Cirrus Cloud Services ISO/IEC 27001 certificate', daysAgo(18)],
    ]);
    const certificate = items.find((e) => e.title.startsWith('Cirrus Cloud Services'));
    expect(certificate?.controls.map((c) => c.key)).toContain('A.7.11');
    // the files are stored as written, under the digest of their bytes
    const files = items.filter((e) => e.kind === 'file');
    expect(files.map((e) => e.file?.type).sort()).toEqual(['csv', 'csv', 'md', 'md', 'txt']);
    for (const item of DEMO_EVIDENCE.filter((e) => e.file)) {
      const stored = files.find((e) => e.title === item.title);
      const text = item.file?.text(daysAgo(item.collected)) ?? '';
      expect(stored?.file).toMatchObject({
        name: item.file?.name,
        size: Buffer.byteLength(text),
        sha256: createHash('sha256').update(text).digest('hex'),
      });
    }
  });

  it('has checks with a year of runs by their assignees, a failed restore test still open, one check overdue and one due this week', async () => {
    const { items: checks } = await get<TControlChecksDue>('/api/v1/control-checks');
    expect(checks.map((c) => c.title).sort()).toEqual(DEMO_CHECKS.map((c) => c.title).sort());
    const overdue = await get<TControlChecksDue>('/api/v1/control-checks?due=overdue');
    expect(overdue.items.map((c) => [c.control.key, c.title, c.lastRun?.result])).toEqual([
      ['A.8.13', 'Monthly backup restore test', 'partly_effective'],
    ]);
    expect(overdue.items[0]?.openFollowUp?.since).toBe(daysAgo(104));
    const soon = await get<TControlChecksDue>('/api/v1/control-checks?due=soon');
    expect(soon.items.map((c) => [c.control.key, c.title])).toEqual([['A.5.18', 'Quarterly access review']]);

    const runs = [];
    for (const check of checks) {
      const { items } = await get<TControlCheckRunList>(
        `/api/v1/controls/${check.control.id}/checks/${check.id}/runs`,
      );
      expect(items.every((r) => r.performedBy.name === check.assignee.name)).toBe(true);
      runs.push(...items.map((run) => ({ ...run, check: check.title })));
    }
    expect(runs).toHaveLength(DEMO_CHECKS.reduce((n, c) => n + c.runs.length, 0));
    const dates = runs.map((r) => r.performedOn).sort();
    expect(dates[0]).toBe(daysAgo(355));
    expect(dates.at(-1)).toBe(daysAgo(8));
    expect(
      runs
        .filter((r) => r.result === 'not_effective')
        .map((r) => [r.check, r.performedOn, r.followUpRequired]),
    ).toEqual([['Monthly backup restore test', daysAgo(104), true]]);
    expect(runs.filter((r) => r.evidence.length > 0).length).toBeGreaterThanOrEqual(8);
    // runs before the checks were set up were transcribed then; the later ones were recorded on their day
    const pentest = runs.find((r) => r.check === 'Yearly external penetration test');
    expect(pentest?.recordedAt.slice(0, 10)).toBe(daysAgo(110));
    expect(
      runs.filter((r) => r.performedOn >= daysAgo(110)).every((r) => r.recordedAt.startsWith(r.performedOn)),
    ).toBe(true);

    // health: the restore test is overdue with its follow-up open; a stale certificate tempers an effective review
    const { items: controls } = await get<TControlList>('/api/v1/controls?source=annex_a');
    const health = (key: string) => controls.find((c) => c.key === key)?.health;
    expect(health('A.8.13')).toMatchObject({
      status: 'overdue',
      result: 'partly_effective',
      openFollowUps: 1,
    });
    expect(health('A.5.22')).toMatchObject({
      status: 'partly_effective',
      result: 'partly_effective',
      staleEvidence: 1,
    });
    expect(health('A.5.18')).toMatchObject({ status: 'effective', lastCheckedOn: daysAgo(88) });
  });

  it('has two published SoA versions, approved by the CTO and the security officer, whose comparison shows the changes', async () => {
    const { items } = await get<TSoaVersionList>('/api/v1/soa/versions');
    expect(
      items.map((v) => [v.number, v.approvedBy.name, v.approvedBy.role, v.approvedAt.slice(0, 10)]),
    ).toEqual([
      [2, 'Priya Raman', 'security_officer', daysAgo(12)],
      [1, 'Tomás Reyes', 'top_management', daysAgo(100)],
    ]);
    const [second, first] = items;
    expect(first?.acknowledgedWarnings).toEqual([]);
    expect(second?.acknowledgedWarnings.map((w) => w.subject.key)).toEqual(['RISK-26']);
    expect(items.every((v) => v.approvalNote.length > 100)).toBe(true);

    const compared = await get<TSoaComparison>(
      `/api/v1/soa/versions/compare?from=${first?.id}&to=${second?.id}`,
    );
    expect(compared.added.map((e) => e.key)).toEqual(['VC-2']);
    expect(compared.removed).toEqual([]);
    expect(Object.fromEntries(compared.changed.map((c) => [c.key, c.fields]))).toEqual({
      'A.5.7': ['implementationStatus', 'implementationDescription', 'owner', 'targetDate'],
      'A.5.20': ['implementationDescription'],
      'A.5.23': ['risks'],
      'A.5.30': ['risks'],
      'A.5.34': ['implementationDescription', 'risks'],
      'A.8.1': ['implementationStatus', 'implementationDescription', 'targetDate'],
      'A.8.5': ['implementationDescription', 'targetDate'],
      'A.8.15': ['implementationDescription'],
      'VC-1': ['implementationDescription'],
    });
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
