import { DEFAULT_METHODOLOGY, type TMethodologyInput } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.ts';
import { toJson } from '../../db/dialect.ts';
import type { DB } from '../../db/types.ts';
import * as methodologyRepo from './risk-methodology.repo.ts';
import { loadMethodologies } from './risk-methodology.service.ts';

type Headers = Awaited<ReturnType<typeof signIn>>;

/** Version 2 of the tests: a 4-point likelihood scale, and High renamed Severe. */
const V2: TMethodologyInput = {
  ...DEFAULT_METHODOLOGY,
  likelihood: DEFAULT_METHODOLOGY.likelihood.slice(0, 4),
  levels: DEFAULT_METHODOLOGY.levels.map((l) => (l.key === 'high' ? { ...l, label: 'Severe' } : l)),
  matrix: [1, 2, 3, 4].map((l) =>
    [1, 2, 3, 4, 5].map((i) => (l * i >= 12 ? 'high' : l * i >= 5 ? 'medium' : 'low')),
  ),
};

describeEachDialect('risk methodology', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  const h: Record<string, Headers> = {};
  const members: Record<string, { userId: string; membershipId: string }> = {};
  const risk: Record<string, { id: string; key: string }> = {};
  let globexRisk: string;

  const as = (key: string) => {
    const headers = h[key];
    if (!headers) throw new Error(`no session ${key}`);
    return headers;
  };
  const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: as(who) });
  const put = (who: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'PUT', url: '/api/v1/risk-methodology', headers: as(who), payload });
  const rerate = (who: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/risk-methodology/rerate', headers: as(who), payload });
  const readRisk = async (key: string) => (await get('officer', `/api/v1/risks/${risk[key]?.id}`)).json();
  const auditCount = async (organisationId: string, action: string) =>
    Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', organisationId)
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const ratingCount = async () =>
    Number(
      (
        await db
          .selectFrom('risk_ratings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', acme)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const versions = async () =>
    (await get('officer', '/api/v1/risk-methodology/versions')).json().items as Array<{
      version: number;
      current: boolean;
    }>;

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database });
    acme = await seedOrganisation(db, 'Acme');
    const globex = await seedOrganisation(db, 'Globex canary-globex-0b7e');
    for (const [key, role] of [
      ['officer', 'security_officer'],
      ['top', 'top_management'],
      ['auditor', 'external_auditor'],
      ['carl', 'contributor'],
      ['eve', 'employee'],
    ] as const) {
      const expiresAt = role === 'external_auditor' ? new Date(Date.now() + 86_400_000).toISOString() : null;
      members[key] = await seedMember(db, acme, role, { email: `${key}@acme.example`, name: key, expiresAt });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    const gina = await seedMember(db, globex, 'admin', { email: 'gina@globex.example' });
    h.globex = await signIn(app, 'gina@globex.example');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/risks',
      headers: as('globex'),
      payload: {
        title: 'Globex canary-globex-0b7e',
        ownerId: gina.membershipId,
        inherent: { likelihood: 1, impact: 1 },
      },
    });
    globexRisk = created.json().id;
  });

  it('starts with the default 5x5 methodology as version 1, created once even when first read many times at once', async () => {
    const fresh = await seedOrganisation(db, 'Fresh');
    await seedMember(db, fresh, 'internal_auditor', { email: 'ivy@fresh.example' });
    h.ivy = await signIn(app, 'ivy@fresh.example');
    // warm the connection pool first, so that the first reads really run side by side on PostgreSQL
    await Promise.all(Array.from({ length: 8 }, () => get('ivy', '/api/v1/organisation')));
    const reads = await Promise.all(Array.from({ length: 8 }, () => get('ivy', '/api/v1/risk-methodology')));
    expect(reads.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const first = reads[0]?.json();
    expect(new Set(reads.map((r) => r.json().id))).toEqual(new Set([first.id]));
    expect(first).toEqual({
      id: expect.any(String),
      version: 1,
      current: true,
      createdAt: expect.any(String),
      createdBy: null,
      ...DEFAULT_METHODOLOGY,
    });
    const list = (await get('ivy', '/api/v1/risk-methodology/versions')).json();
    expect(list).toEqual({
      items: [{ version: 1, current: true, createdAt: first.createdAt, createdBy: null }],
    });
    expect(await auditCount(fresh, 'risk_methodology.versioned')).toBe(1);
  });

  it('saves a new version with the old one kept; existing risks keep their ratings and version', async () => {
    const seedRisk = async (key: string, payload: Record<string, unknown>) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/risks',
        headers: as('officer'),
        payload: { title: `Risk ${key}`, ownerId: members.carl?.membershipId, ...payload },
      });
      expect(res.statusCode, res.body).toBe(201);
      risk[key] = res.json();
    };
    await seedRisk('a', { inherent: { likelihood: 5, impact: 5 } });
    await seedRisk('b', { inherent: { likelihood: 4, impact: 4 }, residual: { likelihood: 3, impact: 3 } });
    await seedRisk('c', { inherent: { likelihood: 2, impact: 2 } });
    await seedRisk('d', { inherent: { likelihood: 2, impact: 2 } });
    const before = await readRisk('a');
    expect(before.level).toEqual({ key: 'high', label: 'High', colour: '#c92a2a' });
    const audited = await auditCount(acme, 'risk_methodology.versioned');

    const res = await put('officer', { ...V2, basedOnVersion: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      id: expect.any(String),
      version: 2,
      current: true,
      createdAt: expect.any(String),
      createdBy: { id: members.officer?.userId, name: 'officer' },
      ...V2,
    });
    expect((await get('carl', '/api/v1/risk-methodology')).json()).toEqual(res.json());
    expect((await versions()).map((v) => [v.version, v.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const v1 = (await get('officer', '/api/v1/risk-methodology/versions/1')).json();
    expect(v1).toMatchObject({ version: 1, current: false, ...DEFAULT_METHODOLOGY });
    expect(await auditCount(acme, 'risk_methodology.versioned')).toBe(audited + 1);
    const event = await db
      .selectFrom('audit_events')
      .select('changes')
      .where('organisation_id', '=', acme)
      .where('action', '=', 'risk_methodology.versioned')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(Object.keys(event.changes as object).sort()).toEqual([
      'levels',
      'likelihood',
      'matrix',
      'version',
    ]);
    expect((event.changes as { version: unknown }).version).toEqual({ before: 1, after: 2 });

    // untouched: the risk keeps version 1, its likelihood of 5 and the label of version 1
    expect(await readRisk('a')).toEqual(before);
    const outdated = (await get('officer', '/api/v1/risks?outdated=true')).json();
    expect(outdated.items.map((r: { key: string }) => r.key)).toEqual([
      'RISK-1',
      'RISK-2',
      'RISK-3',
      'RISK-4',
    ]);

    // saving the same definition again is no new version
    const same = await put('officer', { ...V2, basedOnVersion: 2 });
    expect(same.json().version).toBe(2);
    expect(await auditCount(acme, 'risk_methodology.versioned')).toBe(audited + 1);
  });

  it('refuses a stale base version with the current methodology, and lets one of two concurrent editors win', async () => {
    const current = (await get('officer', '/api/v1/risk-methodology')).json();
    const stale = await put('officer', { ...DEFAULT_METHODOLOGY, basedOnVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toBe(
      'The risk methodology was changed by someone else (it is now version 2): review it and try again',
    );
    expect(stale.json().current).toEqual(current);
    expect(await versions()).toHaveLength(2);

    const edits = [1, 2].map((n) => ({
      ...V2,
      impactDimensions: [...V2.impactDimensions.slice(0, 4), `Service ${n}`],
      basedOnVersion: 2,
    }));
    const results = await Promise.all(edits.map((edit) => put('officer', edit)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await versions()).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await get('officer', '/api/v1/risk-methodology')).json().version).toBe(3);
  });

  it('refuses an invalid methodology with the path of each field at fault, and saves nothing', async () => {
    const refused = async (change: (m: TMethodologyInput) => unknown, fields: string[]) => {
      const body = structuredClone(V2);
      const payload = (change(body) ?? body) as Record<string, unknown>;
      const res = await put('officer', { basedOnVersion: 3, ...payload });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    };
    await refused(
      (m) => {
        (m.matrix[0] as string[])[1] = 'high';
      },
      ['body.matrix.0.2', 'body.matrix.1.1'],
    );
    await refused(
      (m) => {
        (m.matrix[1] as string[])[1] = 'extreme';
      },
      ['body.matrix.1.1'],
    );
    await refused(
      (m) => {
        m.levels.push({ ...(m.levels[2] as TMethodologyInput['levels'][number]), label: 'Another high' });
      },
      ['body.levels'],
    );
    // too short a scale, and then the matrix has a row too many for it
    await refused(
      (m) => ({ ...m, likelihood: m.likelihood.slice(0, 2) }),
      ['body.likelihood', 'body.matrix'],
    );
    await refused((m) => ({ ...m, matrix: m.matrix.slice(0, 3) }), ['body.matrix']);
    await refused(
      (m) => {
        (m.levels[2] as { colour: string }).colour = 'red';
      },
      ['body.levels.2.colour'],
    );
    const missing = await app.inject({
      method: 'PUT',
      url: '/api/v1/risk-methodology',
      headers: as('officer'),
      payload: V2,
    });
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.basedOnVersion']);
    expect(await versions()).toHaveLength(3);
  });

  it('rates an edited risk on the current version: its scales, its levels, the rating history keeps both', async () => {
    const { id } = risk.d ?? { id: '' };
    const offScale = await app.inject({
      method: 'PATCH',
      url: `/api/v1/risks/${id}`,
      headers: as('officer'),
      payload: { version: 1, inherent: { likelihood: 5, impact: 3 }, ratingReason: 'New evidence' },
    });
    expect(offScale.statusCode).toBe(422);
    expect(offScale.json().errors).toEqual([
      {
        field: 'body.inherent.likelihood',
        message: "Rate the likelihood from 1 to 4, on the current methodology's scale",
      },
    ]);
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/v1/risks/${id}`,
      headers: as('officer'),
      payload: { version: 1, inherent: { likelihood: 4, impact: 3 }, ratingReason: 'New evidence' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      methodologyVersion: 3,
      inherent: { likelihood: 4, impact: 3, level: { key: 'high', label: 'Severe', colour: '#c92a2a' } },
    });
    expect(
      res
        .json()
        .ratingHistory.map((r: { methodologyVersion: number; inherent: { level: { label: string } } }) => [
          r.methodologyVersion,
          r.inherent.level.label,
        ]),
    ).toEqual([
      [3, 'Severe'],
      [1, 'Low'],
    ]);
  });

  it('re-rates all listed risks or none: a stale, missing or off-scale one stops the batch', async () => {
    const keys = ['a', 'b', 'c'] as const;
    const snapshot = await Promise.all(keys.map(readRisk));
    const ratings = await ratingCount();
    const rerated = await auditCount(acme, 'risk.rerated');
    const batch = [
      { riskId: risk.a?.id, inherentLikelihood: 4, inherentImpact: 5, version: 1 },
      {
        riskId: risk.b?.id,
        inherentLikelihood: 3,
        inherentImpact: 4,
        residualLikelihood: 1,
        residualImpact: 2,
        version: 1,
      },
      { riskId: risk.c?.id, inherentLikelihood: 1, inherentImpact: 1, version: 1 },
    ];
    const refused = async (ratingsSent: unknown[], status: number) => {
      const res = await rerate('officer', { ratings: ratingsSent, reason: 'Methodology version 3' });
      expect(res.statusCode, res.body).toBe(status);
      return res.json();
    };
    const stale = await refused([batch[0], batch[1], { ...batch[2], version: 7 }], 409);
    expect(stale.detail).toBe(
      `${risk.c?.key} was changed by someone else since you read it: nothing was re-rated; review ${risk.c?.key} and try again`,
    );
    expect(stale.riskId).toBe(risk.c?.id);
    const missing = await refused([{ ...batch[0], riskId: globexRisk }, batch[1]], 404);
    expect(missing.errors).toEqual([
      { field: 'body.ratings.0.riskId', message: 'No risk with this id in this organisation' },
    ]);
    expect(JSON.stringify(missing)).not.toContain('canary-globex');
    const offScale = await refused([{ ...batch[0], inherentLikelihood: 5 }, batch[1], batch[2]], 422);
    expect(offScale.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.ratings.0.inherentLikelihood',
    ]);
    const noResidual = await refused(
      [batch[0], { ...batch[1], residualLikelihood: null, residualImpact: null }],
      422,
    );
    expect(noResidual.errors).toEqual([
      {
        field: 'body.ratings.1.residualLikelihood',
        message: `${risk.b?.key} has a residual rating: rate it on the new scales too`,
      },
    ]);
    const half = await refused([batch[0], { ...batch[1], residualImpact: undefined }], 422);
    expect(half.errors.map((e: { field: string }) => e.field)).toEqual(['body.ratings.1.residualImpact']);
    const twice = await refused([batch[0], batch[0]], 422);
    expect(twice.errors.map((e: { field: string }) => e.field)).toEqual(['body.ratings.1.riskId']);
    expect(await Promise.all(keys.map(readRisk))).toEqual(snapshot);
    expect(await ratingCount()).toBe(ratings);
    expect(await auditCount(acme, 'risk.rerated')).toBe(rerated);

    const res = await rerate('officer', { ratings: batch, reason: 'Methodology version 3' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.methodologyVersion).toBe(3);
    expect(
      body.items.map((r: { key: string; methodologyVersion: number; level: { label: string } }) => [
        r.key,
        r.methodologyVersion,
        r.level.label,
      ]),
    ).toEqual([
      [risk.a?.key, 3, 'Severe'],
      [risk.b?.key, 3, 'Low'],
      [risk.c?.key, 3, 'Low'],
    ]);
    const after = await readRisk('a');
    expect(after.version).toBe(2);
    expect(after.ratingHistory[0]).toMatchObject({ methodologyVersion: 3, reason: 'Methodology version 3' });
    expect(after.ratingHistory[1]).toMatchObject({ methodologyVersion: 1, reason: 'First rating' });
    expect(await ratingCount()).toBe(ratings + 3);
    expect(await auditCount(acme, 'risk.rerated')).toBe(rerated + 3);
    expect((await get('officer', '/api/v1/risks?outdated=true')).json().items).toEqual([]);
  });

  it('lets risk readers read it and only risk_methodology:update change it or re-rate', async () => {
    for (const who of ['carl', 'top', 'auditor']) {
      expect((await get(who, '/api/v1/risk-methodology')).statusCode, who).toBe(200);
      expect((await get(who, '/api/v1/risk-methodology/versions/1')).statusCode, who).toBe(200);
      expect((await put(who, { ...V2, basedOnVersion: 3 })).statusCode, who).toBe(403);
      const res = await rerate(who, {
        ratings: [{ riskId: risk.a?.id, inherentLikelihood: 1, inherentImpact: 1, version: 2 }],
        reason: 'x',
      });
      expect(res.statusCode, who).toBe(403);
    }
    expect((await get('eve', '/api/v1/risk-methodology')).statusCode).toBe(403);
    expect((await get('eve', '/api/v1/risk-methodology/versions')).statusCode).toBe(403);
    expect((await get('officer', '/api/v1/risk-methodology/versions/99')).statusCode).toBe(404);
    expect((await get('officer', '/api/v1/risk-methodology/versions/0')).statusCode).toBe(422);
    // another organisation's versions are its own
    expect((await get('globex', '/api/v1/risk-methodology')).json().version).toBe(1);
  });

  it('keeps versions read in memory, yet sees a new version at once and never another organisation’s', async () => {
    const one = await seedOrganisation(db, 'Cache One');
    const two = await seedOrganisation(db, 'Cache Two');
    const audit = SYSTEM_CONTEXT();
    const load = (organisationId: string, on: Kysely<DB> = db) =>
      loadMethodologies(on, audit, organisationId);
    /** A new current version written straight to the database, as another node's edit would be. */
    const writeVersion = async (
      organisationId: string,
      version: number,
      definition: TMethodologyInput,
      on: Kysely<DB> = db,
    ) => {
      expect(await methodologyRepo.retireCurrent(on, organisationId, version - 1)).toBe(true);
      const row = {
        id: uuidv7(),
        version,
        definition: toJson(definition),
        createdBy: null,
        createdAt: new Date().toISOString(),
      };
      expect(await methodologyRepo.insertVersionIfAbsent(on, organisationId, row)).toBe(true);
    };
    const minor: TMethodologyInput = {
      ...DEFAULT_METHODOLOGY,
      levels: DEFAULT_METHODOLOGY.levels.map((l) => (l.key === 'low' ? { ...l, label: 'Minor' } : l)),
    };

    expect((await load(one)).current).toEqual({ version: 1, definition: DEFAULT_METHODOLOGY });
    expect((await load(two)).current).toEqual({ version: 1, definition: DEFAULT_METHODOLOGY });
    await writeVersion(one, 2, V2);
    const after = await load(one);
    expect(after.current).toEqual({ version: 2, definition: V2 });
    expect(after.versions).toEqual([1, 2]);
    expect(after.of(1)).toEqual(DEFAULT_METHODOLOGY);
    expect(Object.isFrozen(after.of(2)?.levels[0])).toBe(true);

    // both organisations have a version 2, each its own
    await writeVersion(two, 2, minor);
    expect((await load(two)).current).toEqual({ version: 2, definition: minor });
    expect((await load(one)).current).toEqual({ version: 2, definition: V2 });
    expect((await load(two)).of(2)).toEqual(minor);
    expect((await load(one)).of(3)).toBeUndefined();

    // a version is read once: its row is not read again (versions are never changed once written)
    await db
      .updateTable('risk_methodologies')
      .set({ definition: toJson(minor) })
      .where('organisation_id', '=', one)
      .where('version', '=', 1)
      .execute();
    expect((await load(one)).of(1)).toEqual(DEFAULT_METHODOLOGY);

    // a version written by a transaction that rolled back never existed: the one written after it counts
    await expect(
      db.transaction().execute(async (tx) => {
        await writeVersion(one, 3, minor, tx);
        expect((await load(one, tx)).current).toEqual({ version: 3, definition: minor });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await load(one)).current.version).toBe(2);
    await writeVersion(one, 3, DEFAULT_METHODOLOGY);
    expect((await load(one)).current).toEqual({ version: 3, definition: DEFAULT_METHODOLOGY });
  });
});
