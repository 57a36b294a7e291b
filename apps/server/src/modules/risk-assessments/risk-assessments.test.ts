import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import type { DB } from '../../db/types.ts';

const LOW = { key: 'low', label: 'Low', colour: '#2b8a3e' };
const MEDIUM = { key: 'medium', label: 'Medium', colour: '#e67700' };
const HIGH = { key: 'high', label: 'High', colour: '#c92a2a' };

describeEachDialect('risk assessments', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  const clock = new Date('2026-03-15T12:00:00.000Z');
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  let globexAssessment: string;

  const { member, send } = cast;
  const risk = async (who: string, payload: Record<string, unknown>) => {
    const res = await send(who, 'POST', '/api/v1/risks', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; key: string; version: number };
  };
  const run = (who: string, payload: Record<string, unknown>) =>
    send(who, 'POST', '/api/v1/risk-assessments', payload);
  const audits = (action: string, subjectId: string) =>
    db
      .selectFrom('audit_events')
      .select(['changes'])
      .where('action', '=', action)
      .where('subject_id', '=', subjectId)
      .execute();
  const assessmentCount = async () =>
    Number(
      (
        await db
          .selectFrom('risk_assessments')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', acme)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => clock });
    acme = await seedOrganisation(db, 'Acme');
    const globex = await seedOrganisation(db, 'Globex canary-globex-3b9f');
    for (const [key, role, name] of [
      ['officer', 'security_officer', 'Sam Officer'],
      ['auditor', 'internal_auditor', 'Ian Auditor'],
      ['carl', 'contributor', 'Carl Contributor'],
    ] as const) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'admin', { name: 'Gina canary-globex-3b9f' });
    h.globex = await signIn(app, m.globex.email);
    await risk('globex', {
      title: 'Globex risk canary-globex-3b9f',
      ownerId: m.globex.membershipId,
      inherent: { likelihood: 3, impact: 3 },
    });
    const theirs = await run('globex', { title: 'Globex Q1 canary-globex-3b9f' });
    expect(theirs.statusCode, theirs.body).toBe(201);
    globexAssessment = theirs.json().id;
  });

  describe('running and comparing', () => {
    it('freezes every open risk, numbered per organisation, unaffected by later edits, and compares exactly', async () => {
      const stays = await risk('officer', {
        title: 'Phishing of support staff',
        ownerId: member('carl'),
        inherent: { likelihood: 2, impact: 2 },
        treatment: 'accept',
      });
      const accepted = await send('carl', 'POST', `/api/v1/risks/${stays.id}/acceptances`, {
        justification: 'Training is in place',
        expiresOn: '2026-12-31',
        version: 1,
      });
      expect(accepted.statusCode, accepted.body).toBe(201);
      const rerated = await risk('officer', {
        title: 'Hosting outage during a consultation',
        ownerId: member('carl'),
        inherent: { likelihood: 3, impact: 3 },
        treatment: 'mitigate',
        residual: { likelihood: 2, impact: 2 },
      });
      const closing = await risk('officer', {
        title: 'Old file server',
        ownerId: member('carl'),
        inherent: { likelihood: 1, impact: 1 },
      });
      const alreadyClosed = await risk('officer', {
        title: 'Closed before',
        ownerId: member('carl'),
        inherent: { likelihood: 1, impact: 1 },
      });
      expect(
        (await send('officer', 'POST', `/api/v1/risks/${alreadyClosed.id}/close`, { version: 1 })).statusCode,
      ).toBe(200);

      const first = await run('officer', { title: '  Q1 assessment ', notes: 'Annual review' });
      expect(first.statusCode, first.body).toBe(201);
      const q1 = first.json();
      expect(q1).toMatchObject({
        number: 1,
        title: 'Q1 assessment',
        notes: 'Annual review',
        methodologyVersion: 1,
        riskCount: 3,
        runBy: { id: m.officer?.userId, name: 'Sam Officer' },
        runAt: clock.toISOString(),
      });
      expect(q1.items.map((s: { key: string }) => s.key)).toEqual([stays.key, rerated.key, closing.key]);
      expect(q1.items[0]).toEqual({
        riskId: stays.id,
        key: stays.key,
        title: 'Phishing of support staff',
        owner: { id: member('carl'), name: 'Carl Contributor' },
        status: 'accepted',
        treatment: 'accept',
        methodologyVersion: 1,
        inherent: { likelihood: 2, impact: 2, level: LOW },
        residual: null,
        level: LOW,
        nextReviewOn: '2027-03-15',
        acceptance: {
          acceptanceId: accepted.json().items[0].id,
          acceptedBy: 'Carl Contributor',
          expiresOn: '2026-12-31',
          stale: false,
          staleReasons: [],
        },
      });
      expect(q1.items[1]).toMatchObject({
        inherent: { likelihood: 3, impact: 3, level: MEDIUM },
        residual: { likelihood: 2, impact: 2, level: LOW },
        acceptance: null,
      });
      const events = await audits('risk_assessment.run', q1.id);
      expect(events.map((e) => e.changes)).toEqual([
        {
          number: { before: null, after: 1 },
          title: { before: null, after: 'Q1 assessment' },
          methodologyVersion: { before: null, after: 1 },
          riskCount: { before: null, after: 3 },
        },
      ]);

      // later edits: a new rating, a closed risk, a new risk, a renamed one
      const edit = await send('officer', 'PATCH', `/api/v1/risks/${rerated.id}`, {
        version: 1,
        title: 'Hosting outage (renamed)',
        inherent: { likelihood: 4, impact: 4 },
        ratingReason: 'Second region not ready',
      });
      expect(edit.statusCode, edit.body).toBe(200);
      expect(
        (await send('officer', 'POST', `/api/v1/risks/${closing.id}/close`, { version: 1 })).statusCode,
      ).toBe(200);
      const added = await risk('officer', {
        title: 'Vote stuffing in a survey',
        ownerId: member('carl'),
        inherent: { likelihood: 2, impact: 3 },
      });
      expect((await send('auditor', 'GET', `/api/v1/risk-assessments/${q1.id}`)).json()).toEqual(q1);

      const second = await run('officer', { title: 'Q2 assessment' });
      expect(second.statusCode).toBe(201);
      const q2 = second.json();
      expect(q2).toMatchObject({ number: 2, riskCount: 3, notes: '' });

      const list = await send('auditor', 'GET', '/api/v1/risk-assessments');
      expect(list.json().items.map((a: { number: number }) => a.number)).toEqual([2, 1]);
      expect(list.body).not.toContain('canary-globex');

      const compared = await send(
        'auditor',
        'GET',
        `/api/v1/risk-assessments/compare?from=${q1.id}&to=${q2.id}`,
      );
      expect(compared.statusCode, compared.body).toBe(200);
      const { items: _q1Items, ...q1Summary } = q1;
      const { items: q2Items, ...q2Summary } = q2;
      expect(compared.json()).toEqual({
        from: q1Summary,
        to: q2Summary,
        added: [q2Items.find((s: { riskId: string }) => s.riskId === added.id)],
        removed: [q1.items[2]],
        ratingChanged: [
          {
            riskId: rerated.id,
            key: rerated.key,
            from: {
              methodologyVersion: 1,
              inherent: { likelihood: 3, impact: 3, level: MEDIUM },
              residual: { likelihood: 2, impact: 2, level: LOW },
              level: LOW,
            },
            to: {
              methodologyVersion: 1,
              inherent: { likelihood: 4, impact: 4, level: HIGH },
              residual: { likelihood: 2, impact: 2, level: LOW },
              level: LOW,
            },
          },
        ],
        unchanged: 1,
      });
    });
  });

  describe('refusing', () => {
    it('names the fields at fault and runs nothing', async () => {
      const before = await assessmentCount();
      const res = await run('officer', { title: '', notes: 'x'.repeat(4001) });
      expect(res.statusCode).toBe(422);
      expect(
        res
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['body.notes', 'body.title']);
      const bad = await send('officer', 'GET', '/api/v1/risk-assessments/compare?from=nope');
      expect(bad.statusCode).toBe(422);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['querystring.from', 'querystring.to']);
      expect(await assessmentCount()).toBe(before);
    });

    it('lets only those with risk_assessment:run run one', async () => {
      const before = await assessmentCount();
      expect((await run('carl', { title: 'Mine' })).statusCode).toBe(403);
      expect((await run('auditor', { title: 'Mine' })).statusCode).toBe(403);
      expect(await assessmentCount()).toBe(before);
    });

    it("answers another organisation's assessment with 404", async () => {
      const own = (await run('officer', { title: 'Own' })).json().id;
      expect((await send('officer', 'GET', `/api/v1/risk-assessments/${globexAssessment}`)).statusCode).toBe(
        404,
      );
      for (const [from, to] of [
        [own, globexAssessment],
        [globexAssessment, own],
      ]) {
        const res = await send('officer', 'GET', `/api/v1/risk-assessments/compare?from=${from}&to=${to}`);
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain('canary-globex');
      }
    });
  });
});
