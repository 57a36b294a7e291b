import { DEFAULT_METHODOLOGY, RISK_SORTS, SORT_DIRECTIONS, type TRiskSummary } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import { levelOf, rankOf } from './risk-scoring.ts';

type Headers = Awaited<ReturnType<typeof signIn>>;

const SIZE = 120;
const WORDS = ['Phishing', 'Outage', 'Injection', 'Leak', 'Stuffing', 'Dependency'];
const PLACES = [
  'portal',
  'survey',
  'backend',
  'mailer',
  'archive',
  'helpdesk',
  'export',
  'login',
  'api',
  'cdn',
];
const TREATMENTS = ['mitigate', 'accept', 'avoid', 'transfer'] as const;
const STATUSES = ['identified', 'assessed', 'treatment_planned', 'in_treatment'] as const;
const CATEGORIES = ['People', 'Technology', 'Suppliers'];

/** The seed of risk number i: every filter and sort meets a mix of values and ties. */
function seed(i: number, owners: string[], portal: string) {
  const title = `${WORDS[i % WORDS.length]} ${PLACES[Math.floor(i / WORDS.length) % PLACES.length]}`;
  const residual = i % 3 === 0 ? null : { likelihood: 1 + (i % 2), impact: 1 + (i % 4) };
  return {
    title: i % 8 === 0 ? title.toLowerCase() : title,
    threat: i % 10 === 0 ? 'Ransomware gang targets the consultation backend' : 'Someone somewhere',
    vulnerability: i % 15 === 0 ? 'Unpatched library, 100% exposed' : 'Unknown',
    consequence: 'Harm',
    category: CATEGORIES[i % 3],
    ownerId: owners[Math.floor(i / 7) % owners.length],
    inherent: { likelihood: 1 + (i % 5), impact: 1 + (Math.floor(i / 5) % 5) },
    treatment: residual === null ? null : TREATMENTS[i % 4],
    residual,
    status: STATUSES[i % 4],
    tags: i % 6 === 0 ? ['gdpr'] : i % 6 === 1 ? ['gdpr', 'web'] : [],
    assetIds: i % 10 === 0 ? [portal] : [],
  };
}

describeEachDialect('risk register: filters, search, sort and pages', (dialect) => {
  let app: FastifyInstance;
  let headers: Headers;
  const clock = new Date('2026-01-10T10:00:00.000Z');
  const ids: string[] = [];
  const seeds: ReturnType<typeof seed>[] = [];
  const closed = new Set<string>();
  let portal: string;
  let owners: string[];
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  const list = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/risks?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: TRiskSummary[]; nextCursor: string | null };
  };
  /** Every page of a query, `limit` at a time: the ids in order. */
  const walk = async (query: string, limit: number) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = await list(
        `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('more than 100 pages');
  };
  const idsOf = async (query: string) => (await list(`${query}&limit=200`)).items.map((r) => r.id);
  const where = (predicate: (s: ReturnType<typeof seed>, i: number) => boolean) =>
    ids.filter((_, i) => predicate(seeds[i] as ReturnType<typeof seed>, i));
  const levelKey = (s: ReturnType<typeof seed>) => levelOf(DEFAULT_METHODOLOGY, s.residual ?? s.inherent).key;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    app = await buildTestApp(dialect, { database, now: () => clock });
    const acme = await seedOrganisation(database.db, 'Acme');
    const officer = await seedMember(database.db, acme, 'security_officer', {
      email: 'officer@acme.example',
    });
    owners = [officer.membershipId];
    for (const role of ['contributor', 'contributor'] as const)
      owners.push((await seedMember(database.db, acme, role)).membershipId);
    headers = await signIn(app, 'officer@acme.example');
    const asset = await app.inject({
      method: 'POST',
      url: '/api/v1/assets',
      headers,
      payload: {
        name: 'Portal',
        kind: 'system',
        classification: 'internal',
        confidentiality: 2,
        integrity: 2,
        availability: 2,
      },
    });
    portal = asset.json().id;
    for (let i = 0; i < SIZE; i++) {
      // ten risks a minute: updated times with ties
      if (i % 10 === 0) clock.setTime(clock.getTime() + 60_000);
      const payload = seed(i, owners, portal);
      const res = await app.inject({ method: 'POST', url: '/api/v1/risks', headers, payload });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json().id);
      seeds.push(payload);
      if (i % 17 === 0) {
        const done = await app.inject({
          method: 'POST',
          url: `/api/v1/risks/${res.json().id}/close`,
          headers,
          payload: { version: 1 },
        });
        expect(done.statusCode).toBe(200);
        closed.add(res.json().id);
      }
    }
  }, 120_000);

  it('walks every page under each sort and direction with no duplicate or gap, in the order of one big page', async () => {
    for (const sort of RISK_SORTS) {
      for (const direction of SORT_DIRECTIONS) {
        const query = `sort=${sort}&direction=${direction}`;
        const walked = await walk(query, 7);
        expect(new Set(walked).size, query).toBe(SIZE);
        expect([...walked].sort(), query).toEqual([...ids].sort());
        expect(walked, query).toEqual(await idsOf(query));
      }
    }
  });

  it('orders by the sort value, ties by id, in the direction asked', async () => {
    const all = (await list('limit=200')).items;
    const byId = new Map(all.map((r) => [r.id, r]));
    const value: Record<string, (r: TRiskSummary) => string | number> = {
      key: (r) => Number(r.key.slice('RISK-'.length)),
      level: (r) => rankOf(DEFAULT_METHODOLOGY, r.level.key),
      nextReview: (r) => r.nextReviewOn,
      updated: (r) => r.updatedAt,
    };
    for (const [sort, of] of Object.entries(value)) {
      for (const direction of SORT_DIRECTIONS) {
        const sign = direction === 'asc' ? 1 : -1;
        const order = (await idsOf(`sort=${sort}&direction=${direction}`)).map(
          (id) => byId.get(id) as TRiskSummary,
        );
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1] as TRiskSummary, order[i] as TRiskSummary];
          const [va, vb] = [of(a), of(b)];
          const ok = va === vb ? sign * (a.id < b.id ? 1 : -1) > 0 : sign * (va < vb ? 1 : -1) > 0;
          expect(ok, `${sort} ${direction}: ${a.key} (${va}) before ${b.key} (${vb})`).toBe(true);
        }
      }
    }
    // the default is by key, ascending
    expect((await list('limit=3')).items.map((r) => r.key)).toEqual(['RISK-1', 'RISK-2', 'RISK-3']);
    // ties exist, so the id tie-break was exercised
    expect(new Set(all.map((r) => r.updatedAt)).size).toBe(SIZE / 10);
  });

  it('filters by level, status, treatment, owner, category, tag and asset, alone and together', async () => {
    const check = async (query: string, expected: string[]) => {
      expect(expected.length, query).toBeGreaterThan(0);
      expect(await idsOf(query), query).toEqual(expected);
    };
    for (const level of ['low', 'medium', 'high'])
      await check(
        `level=${level}`,
        where((s) => levelKey(s) === level),
      );
    await check(
      'status=closed',
      ids.filter((id) => closed.has(id)),
    );
    await check(
      'status=assessed',
      where((s, i) => s.status === 'assessed' && !closed.has(ids[i] ?? '')),
    );
    await check(
      'treatment=none',
      where((s) => s.treatment === null),
    );
    await check(
      'treatment=avoid',
      where((s) => s.treatment === 'avoid'),
    );
    await check(
      `ownerId=${owners[1]}`,
      where((s) => s.ownerId === owners[1]),
    );
    await check(
      'category=People',
      where((s) => s.category === 'People'),
    );
    await check(
      'tag=gdpr',
      where((s) => s.tags.includes('gdpr')),
    );
    await check(
      'tag=web',
      where((s) => s.tags.includes('web')),
    );
    await check(
      `assetId=${portal}`,
      where((s) => s.assetIds.includes(portal)),
    );
    await check(
      'category=People&tag=gdpr&treatment=none',
      where((s) => s.category === 'People' && s.tags.includes('gdpr') && s.treatment === null),
    );
    expect(await idsOf('tag=none-such')).toEqual([]);
    // a filtered walk pages the same way
    const highs = where((s) => levelKey(s) === 'high');
    expect(await walk('level=high&sort=title&direction=desc', 3)).toEqual(
      await idsOf('level=high&sort=title&direction=desc'),
    );
    expect((await walk('level=high', 3)).length).toBe(highs.length);
  });

  it('filters by a heat-map cell of either rating and by open risks', async () => {
    const isOpen = (i: number) => !closed.has(ids[i] ?? '');
    expect(await idsOf('open=true')).toEqual(where((_, i) => isOpen(i)));
    expect(await idsOf('likelihood=2&impact=3')).toEqual(
      where((s) => s.inherent.likelihood === 2 && s.inherent.impact === 3),
    );
    const residualCell = where((s) => s.residual?.likelihood === 2 && s.residual.impact === 4);
    expect(residualCell.length).toBeGreaterThan(0);
    expect(await idsOf('rating=residual&likelihood=2&impact=4&open=false')).toEqual(residualCell);
    expect(await idsOf('rating=residual&likelihood=2&impact=4&open=true')).toEqual(
      where((s, i) => s.residual?.likelihood === 2 && s.residual.impact === 4 && isOpen(i)),
    );
    const refused = await app.inject({ method: 'GET', url: '/api/v1/risks?likelihood=8', headers });
    expect(refused.statusCode).toBe(422);
  });

  it('counts the risks of each heat-map cell, inherent and residual, under the register filters', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/risks/heat-map?open=true', headers });
    expect(res.statusCode, res.body).toBe(200);
    const map = res.json();
    const open = seeds.filter((_, i) => !closed.has(ids[i] ?? ''));
    const tally = (ratings: ({ likelihood: number; impact: number } | null)[]) => {
      const cells = new Map<string, number>();
      for (const r of ratings)
        if (r) cells.set(`${r.likelihood}:${r.impact}`, (cells.get(`${r.likelihood}:${r.impact}`) ?? 0) + 1);
      return cells;
    };
    const asMap = (cells: { likelihood: number; impact: number; count: number }[]) =>
      new Map(cells.map((c) => [`${c.likelihood}:${c.impact}`, c.count]));
    expect(asMap(map.inherent)).toEqual(tally(open.map((s) => s.inherent)));
    expect(asMap(map.residual)).toEqual(tally(open.map((s) => s.residual)));
    expect(map.total).toBe(open.length);
    expect(map.withoutResidual).toBe(open.filter((s) => s.residual === null).length);
    expect(map.outdated).toBe(0);
    // the same filters as the register
    const gdpr = (
      await app.inject({ method: 'GET', url: '/api/v1/risks/heat-map?tag=gdpr', headers })
    ).json();
    expect(gdpr.total).toBe(seeds.filter((s) => s.tags.includes('gdpr')).length);
  });

  it('counts only its own organisation in the heat map', async () => {
    const other = await seedOrganisation(database.db, 'Other');
    const stranger = await seedMember(database.db, other, 'security_officer', { email: 'so@other.example' });
    const strangerHeaders = await signIn(app, 'so@other.example');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/risks',
      headers: strangerHeaders,
      payload: { title: 'Elsewhere', ownerId: stranger.membershipId, inherent: { likelihood: 5, impact: 5 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const theirs = (
      await app.inject({ method: 'GET', url: '/api/v1/risks/heat-map', headers: strangerHeaders })
    ).json();
    expect(theirs.total).toBe(1);
    expect(theirs.inherent).toEqual([{ likelihood: 5, impact: 5, count: 1 }]);
    const ours = (await app.inject({ method: 'GET', url: '/api/v1/risks/heat-map', headers })).json();
    expect(ours.total).toBe(SIZE);
  });

  it('searches title, threat, vulnerability and consequence by words, any case, wildcards taken literally', async () => {
    const ransomware = where((_, i) => i % 10 === 0);
    expect(await idsOf('q=ransomware')).toEqual(ransomware);
    expect(await idsOf('q=RANSOMWARE%20Consultation')).toEqual(ransomware);
    expect(await idsOf('q=phish')).toEqual(where((s) => s.title.toLowerCase().startsWith('phishing')));
    expect(await idsOf('q=ransomware%20phishing')).toEqual(
      where((s, i) => i % 10 === 0 && s.title.toLowerCase().startsWith('phishing')),
    );
    expect(await idsOf('q=100%25')).toEqual(where((_, i) => i % 15 === 0));
    expect(await idsOf('q=ransomware&category=People')).toEqual(
      where((s, i) => i % 10 === 0 && s.category === 'People'),
    );
    // `_` and `%` are not wildcards: `_` matches nothing here; `%` alone is a literal on SQLite and no word on PostgreSQL
    expect(await idsOf('q=_')).toEqual([]);
    expect(await idsOf('q=%25')).toEqual(dialect === 'sqlite' ? where((_, i) => i % 15 === 0) : []);
    expect(await idsOf('q=nothing-like-this')).toEqual([]);
  });

  it('finds a risk by its key', async () => {
    const page = await list('q=risk-7&limit=200');
    expect(page.items.map((r) => r.key)).toEqual(['RISK-7']);
    expect((await list('q=RISK-100000&limit=200')).items).toEqual([]);
  });

  it('lists open risks whose review is overdue', async () => {
    expect(await idsOf('overdueReview=true')).toEqual([]);
    // four months on: the high risks (every 3 months) are due, medium (6) and low (12) are not
    clock.setTime(clock.getTime() + 122 * 86_400_000);
    headers = await signIn(app, 'officer@acme.example');
    const due = where((s, i) => levelKey(s) === 'high' && !closed.has(ids[i] ?? ''));
    expect(await idsOf('overdueReview=true')).toEqual(due);
    const page = await list('overdueReview=true&limit=1');
    expect(page.items[0]?.reviewOverdue).toBe(true);
    const closedOne = (await list('status=closed&limit=200')).items;
    expect(closedOne.every((r) => !r.reviewOverdue)).toBe(true);
  });

  it('refuses a cursor that is not one, or belongs to another sort', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/v1/risks?cursor=garbage', headers });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('query.cursor');
    const cursor = (await list('limit=5&sort=key')).nextCursor ?? '';
    const other = await app.inject({
      method: 'GET',
      url: `/api/v1/risks?sort=title&cursor=${encodeURIComponent(cursor)}`,
      headers,
    });
    expect(other.statusCode).toBe(422);
    for (const query of ['limit=201', 'sort=owner', 'direction=up', 'level=HIGH', 'overdueReview=maybe']) {
      const res = await app.inject({ method: 'GET', url: `/api/v1/risks?${query}`, headers });
      expect(res.statusCode, query).toBe(422);
    }
  });
});
