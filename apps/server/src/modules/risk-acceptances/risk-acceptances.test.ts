import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import type { DB } from '../../db/types.ts';
import { staleReasons } from './risk-acceptances.presenter.ts';
import type { AcceptanceRow } from './risk-acceptances.repo.ts';

const LOW = { key: 'low', label: 'Low', colour: '#2b8a3e' };

describe('staleReasons', () => {
  const accepted = {
    residual_likelihood: 2,
    residual_impact: 2,
    residual_level: 'low',
    methodology_version: 1,
    expires_on: '2026-06-30',
  } as AcceptanceRow;
  const same = { methodologyVersion: 1, likelihood: 2, impact: 2, level: 'low' };

  it('is empty while the risk is as accepted, up to and including the expiry date', () => {
    expect(staleReasons(accepted, same, '2026-06-30')).toEqual([]);
  });

  it('names each way the acceptance stopped covering the risk', () => {
    expect(staleReasons(accepted, { ...same, impact: 1 }, '2026-01-01')).toEqual(['rating_changed']);
    expect(staleReasons(accepted, same, '2026-07-01')).toEqual(['expired']);
    expect(staleReasons(accepted, { ...same, methodologyVersion: 2 }, '2026-01-01')).toEqual([
      'methodology_changed',
    ]);
    expect(staleReasons(accepted, { ...same, methodologyVersion: 2, level: 'medium' }, '2027-01-01')).toEqual(
      ['rating_changed', 'expired', 'methodology_changed'],
    );
  });
});

describeEachDialect('risk acceptances', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  let clock = new Date('2026-03-15T12:00:00.000Z');
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  let globexRisk: string;
  let globexAcceptance: string;

  const { member, send } = cast;
  const risk = async (who: string, payload: Record<string, unknown>) => {
    const res = await send(who, 'POST', '/api/v1/risks', { title: 'A risk', ...payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; key: string; version: number };
  };
  /** A risk owned by `owner` with treatment accept and the given inherent rating. */
  const toAccept = (owner: string, likelihood: number, impact: number) =>
    risk('officer', { ownerId: member(owner), inherent: { likelihood, impact }, treatment: 'accept' });
  const accept = (who: string, riskId: string, payload: Record<string, unknown>) =>
    send(who, 'POST', `/api/v1/risks/${riskId}/acceptances`, {
      justification: 'Cost of treatment exceeds the harm',
      expiresOn: '2027-03-15',
      version: 1,
      ...payload,
    });
  const history = async (riskId: string) =>
    (await send('officer', 'GET', `/api/v1/risks/${riskId}/acceptances`)).json();
  const readRisk = async (riskId: string) => (await send('officer', 'GET', `/api/v1/risks/${riskId}`)).json();
  const audits = (action: string, subjectId: string) =>
    db
      .selectFrom('audit_events')
      .select(['changes'])
      .where('action', '=', action)
      .where('subject_id', '=', subjectId)
      .execute();
  const auditTotal = async () =>
    Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const acceptanceRows = async (riskId: string) =>
    db.selectFrom('risk_acceptances').selectAll().where('risk_id', '=', riskId).execute();
  /** Asserts that a refused request left the risk, its acceptances and the audit trail as they were. */
  const unchanged = async (riskId: string, action: () => Promise<void>) => {
    const before = {
      risk: await readRisk(riskId),
      rows: await acceptanceRows(riskId),
      audited: await auditTotal(),
    };
    await action();
    expect(await readRisk(riskId)).toEqual(before.risk);
    expect(await acceptanceRows(riskId)).toEqual(before.rows);
    expect(await auditTotal()).toBe(before.audited);
  };

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => clock });
    acme = await seedOrganisation(db, 'Acme');
    globex = await seedOrganisation(db, 'Globex canary-globex-77c2');
    for (const [key, role, name] of [
      ['admin', 'admin', 'Adam Admin'],
      ['officer', 'security_officer', 'Sam Officer'],
      ['top', 'top_management', 'Tia Top'],
      ['auditor', 'internal_auditor', 'Ian Auditor'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['cora', 'contributor', 'Cora Contributor'],
    ] as const) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'top_management', { name: 'Gina canary-globex-77c2' });
    m.globexAdmin = await seedMember(db, globex, 'admin', { name: 'Gus canary-globex-77c2' });
    h.globex = await signIn(app, m.globex.email);
    h.globexAdmin = await signIn(app, m.globexAdmin.email);
    const theirs = await risk('globexAdmin', {
      title: 'Globex risk canary-globex-77c2',
      ownerId: m.globexAdmin.membershipId,
      inherent: { likelihood: 1, impact: 1 },
      treatment: 'accept',
    });
    globexRisk = theirs.id;
    const accepted = await accept('globex', globexRisk, {});
    expect(accepted.statusCode, accepted.body).toBe(201);
    globexAcceptance = accepted.json().items[0].id;
  });

  describe('accepting', () => {
    it('lets a contributor accept a Low risk they own, freezing the rating; the risk is accepted; audited once', async () => {
      const { id } = await toAccept('carl', 2, 2);
      const res = await accept('carl', id, { justification: '  Cheap to live with  ' });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toEqual({
        id: expect.any(String),
        riskId: id,
        acceptedBy: { id: member('carl'), name: 'Carl Contributor' },
        acceptorRole: 'contributor',
        justification: 'Cheap to live with',
        methodologyVersion: 1,
        rating: { likelihood: 2, impact: 2, level: LOW },
        acceptedAt: clock.toISOString(),
        expiresOn: '2027-03-15',
        withdrawnAt: null,
      });
      expect(body.state).toEqual({ current: body.items[0], stale: false, staleReasons: [] });
      expect(await readRisk(id)).toMatchObject({ status: 'accepted', version: 2 });
      const events = await audits('risk.accepted', id);
      expect(events).toHaveLength(1);
      expect(events[0]?.changes).toEqual({
        status: { before: 'identified', after: 'accepted' },
        acceptanceId: { before: null, after: body.items[0].id },
        justification: { before: null, after: 'Cheap to live with' },
        expiresOn: { before: null, after: '2027-03-15' },
        acceptedRating: { before: null, after: { likelihood: 2, impact: 2, level: 'low' } },
        methodologyVersion: { before: null, after: 1 },
      });
    });

    it("refuses a contributor a Medium risk they own, and someone else's Low risk, changing nothing", async () => {
      const medium = await toAccept('carl', 3, 3);
      await unchanged(medium.id, async () => {
        const res = await accept('carl', medium.id, {});
        expect(res.statusCode).toBe(403);
        expect(res.json().detail).toBe(
          `Only a security officer or top management may accept a Medium risk such as ${medium.key} (methodology version 1)`,
        );
      });
      const coras = await toAccept('cora', 1, 1);
      await unchanged(coras.id, async () => {
        const res = await accept('carl', coras.id, {});
        expect(res.statusCode).toBe(403);
        expect(res.json().detail).toBe(
          `Only the risk owner, a security officer or top management may accept a Low risk such as ${coras.key} (methodology version 1)`,
        );
      });
    });

    it('accepts the residual level: High only by top management', async () => {
      const { id, key } = await risk('officer', {
        ownerId: member('carl'),
        inherent: { likelihood: 5, impact: 5 },
        treatment: 'mitigate',
        residual: { likelihood: 4, impact: 4 },
      });
      for (const who of ['officer', 'admin']) {
        await unchanged(id, async () => {
          const res = await accept(who, id, {});
          expect(res.statusCode).toBe(403);
          expect(res.json().detail).toBe(
            `Only top management may accept a High risk such as ${key} (methodology version 1)`,
          );
        });
      }
      const res = await accept('top', id, {});
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().items[0]).toMatchObject({
        acceptorRole: 'top_management',
        rating: { likelihood: 4, impact: 4, level: { key: 'high' } },
      });
    });

    it('needs a residual rating or the accept treatment', async () => {
      const { id, key } = await risk('officer', {
        ownerId: member('carl'),
        inherent: { likelihood: 1, impact: 1 },
        treatment: 'mitigate',
      });
      await unchanged(id, async () => {
        const res = await accept('officer', id, {});
        expect(res.statusCode).toBe(409);
        expect(res.json().detail).toBe(
          `${key} has no residual rating and its treatment is not "accept": rate the residual risk or choose accept as the treatment first`,
        );
      });
    });

    it('refuses a stale version with the current risk, changing nothing', async () => {
      const { id } = await toAccept('carl', 1, 1);
      const edited = await send('officer', 'PATCH', `/api/v1/risks/${id}`, {
        version: 1,
        category: 'People',
      });
      expect(edited.statusCode).toBe(200);
      await unchanged(id, async () => {
        const res = await accept('officer', id, { version: 1 });
        expect(res.statusCode).toBe(409);
        expect(res.json().current).toEqual(await readRisk(id));
      });
    });

    it('names the fields at fault: justification, expiry after today and within three years', async () => {
      const { id } = await toAccept('carl', 1, 1);
      await unchanged(id, async () => {
        const short = await accept('officer', id, { justification: 'Fine', expiresOn: '2026-3-1' });
        expect(short.statusCode).toBe(422);
        expect(
          short
            .json()
            .errors.map((e: { field: string }) => e.field)
            .sort(),
        ).toEqual(['body.expiresOn', 'body.justification']);
        for (const expiresOn of ['2026-03-15', '2029-03-16']) {
          const res = await accept('officer', id, { expiresOn });
          expect(res.statusCode).toBe(422);
          expect(res.json().errors).toEqual([
            {
              field: 'body.expiresOn',
              message: 'Choose a date after 2026-03-15 and no later than 2029-03-15',
            },
          ]);
        }
      });
      expect((await accept('officer', id, { expiresOn: '2029-03-15' })).statusCode).toBe(201);
    });
  });

  describe('staleness and withdrawal', () => {
    it('goes stale by itself when the residual rating changes', async () => {
      const { id } = await risk('officer', {
        ownerId: member('carl'),
        inherent: { likelihood: 3, impact: 3 },
        treatment: 'mitigate',
        residual: { likelihood: 1, impact: 2 },
      });
      expect((await accept('officer', id, {})).statusCode).toBe(201);
      const rows = await acceptanceRows(id);
      const rerated = await send('officer', 'PATCH', `/api/v1/risks/${id}`, {
        version: 2,
        residual: { likelihood: 2, impact: 2 },
        ratingReason: 'Control weaker than hoped',
      });
      expect(rerated.statusCode, rerated.body).toBe(200);
      const { state } = await history(id);
      expect(state.stale).toBe(true);
      expect(state.staleReasons).toEqual(['rating_changed']);
      expect(state.current.rating).toEqual({ likelihood: 1, impact: 2, level: LOW });
      expect(await acceptanceRows(id)).toEqual(rows);
    });

    it('withdraws: the risk goes back to assessed; only the acceptor or an editor of the risk may', async () => {
      const { id } = await toAccept('carl', 2, 2);
      const accepted = await accept('carl', id, {});
      const acceptanceId = accepted.json().items[0].id;
      const url = `/api/v1/risks/${id}/acceptances/${acceptanceId}/withdraw`;
      await unchanged(id, async () => {
        expect((await send('top', 'POST', url, {})).statusCode).toBe(403);
        expect((await send('cora', 'POST', url, {})).statusCode).toBe(403);
      });
      const res = await send('officer', 'POST', url, { reason: 'Treatment after all' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items[0]).toMatchObject({ id: acceptanceId, withdrawnAt: clock.toISOString() });
      expect(res.json().state).toEqual({ current: null, stale: false, staleReasons: [] });
      expect(await readRisk(id)).toMatchObject({ status: 'assessed', version: 3 });
      const events = await audits('risk_acceptance.withdrawn', acceptanceId);
      expect(events.map((e) => e.changes)).toEqual([
        {
          riskId: { before: id, after: id },
          withdrawnAt: { before: null, after: clock.toISOString() },
          riskStatus: { before: 'accepted', after: 'assessed' },
          reason: { before: null, after: 'Treatment after all' },
        },
      ]);
      await unchanged(id, async () => {
        expect((await send('officer', 'POST', url, {})).statusCode).toBe(409);
      });
    });

    it("answers another organisation's risk or acceptance with 404, changing nothing", async () => {
      const own = await toAccept('carl', 1, 1);
      const audited = await auditTotal();
      const theirRows = await acceptanceRows(globexRisk);
      expect((await send('officer', 'GET', `/api/v1/risks/${globexRisk}/acceptances`)).statusCode).toBe(404);
      expect((await accept('top', globexRisk, { version: 2 })).statusCode).toBe(404);
      for (const riskId of [globexRisk, own.id])
        expect(
          (
            await send(
              'officer',
              'POST',
              `/api/v1/risks/${riskId}/acceptances/${globexAcceptance}/withdraw`,
              {},
            )
          ).statusCode,
        ).toBe(404);
      expect(await auditTotal()).toBe(audited);
      expect(await acceptanceRows(globexRisk)).toEqual(theirRows);
      const theirs = await send('globex', 'GET', `/api/v1/risks/${globexRisk}/acceptances`);
      expect(theirs.json().state).toMatchObject({ stale: false, current: { id: globexAcceptance } });
    });

    it('goes stale by itself when the expiry date passes (in the organisation time zone)', async () => {
      const { id } = await toAccept('carl', 1, 1);
      expect((await accept('officer', id, { expiresOn: '2026-03-20' })).statusCode).toBe(201);
      const rows = await acceptanceRows(id);
      const started = clock;
      try {
        clock = new Date('2026-03-20T23:00:00.000Z');
        h.late = await signIn(app, 'auditor@acme.example');
        const onTheDay = (await send('late', 'GET', `/api/v1/risks/${id}/acceptances`)).json();
        expect(onTheDay.state).toMatchObject({ stale: false, staleReasons: [] });
        clock = new Date('2026-03-21T00:30:00.000Z');
        h.late = await signIn(app, 'auditor@acme.example');
        const after = (await send('late', 'GET', `/api/v1/risks/${id}/acceptances`)).json();
        expect(after.state).toMatchObject({ stale: true, staleReasons: ['expired'] });
        // Auckland is 13 hours ahead: the 20th there ended at 11:00 UTC that day
        await db
          .updateTable('organisations')
          .set({ time_zone: 'Pacific/Auckland' })
          .where('id', '=', acme)
          .execute();
        clock = new Date('2026-03-20T12:00:00.000Z');
        h.late = await signIn(app, 'auditor@acme.example');
        const inAuckland = (await send('late', 'GET', `/api/v1/risks/${id}/acceptances`)).json();
        expect(inAuckland.state).toMatchObject({ stale: true, staleReasons: ['expired'] });
        expect(await acceptanceRows(id)).toEqual(rows);
      } finally {
        clock = started;
        await db.updateTable('organisations').set({ time_zone: 'UTC' }).where('id', '=', acme).execute();
      }
    });
  });

  describe('the acceptance state on the risk and in the register', () => {
    const NONE = { current: null, stale: false, staleReasons: [] };
    /** The register's rows whose title has `word`, by id. */
    const rows = async (word: string, who = 'officer') => {
      const res = await send(who, 'GET', `/api/v1/risks?q=${word}&limit=50`);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { id: string; acceptance: unknown }[];
      return new Map(items.map((r) => [r.id, r.acceptance]));
    };

    it('shows none, then who accepted it, when and until when; the register rows carry the same', async () => {
      const { id } = await risk('officer', {
        title: 'Quokka survey spam',
        ownerId: member('carl'),
        inherent: { likelihood: 2, impact: 3 },
        treatment: 'mitigate',
        residual: { likelihood: 1, impact: 2 },
      });
      expect((await readRisk(id)).acceptance).toEqual(NONE);
      expect((await rows('Quokka')).get(id)).toEqual(NONE);

      const accepted = await accept('carl', id, { expiresOn: '2026-09-30' });
      expect(accepted.statusCode, accepted.body).toBe(201);
      const acceptance = (await readRisk(id)).acceptance;
      expect(acceptance).toEqual({
        current: {
          id: accepted.json().items[0].id,
          riskId: id,
          acceptedBy: { id: member('carl'), name: 'Carl Contributor' },
          acceptorRole: 'contributor',
          justification: 'Cost of treatment exceeds the harm',
          methodologyVersion: 1,
          rating: { likelihood: 1, impact: 2, level: LOW },
          acceptedAt: clock.toISOString(),
          expiresOn: '2026-09-30',
          withdrawnAt: null,
        },
        stale: false,
        staleReasons: [],
      });
      expect(acceptance).toEqual(accepted.json().state);
      expect((await rows('Quokka', 'auditor')).get(id)).toEqual(acceptance);
    });

    it('needs re-acceptance once the residual rating changes: the edit, the risk and its register row say so', async () => {
      const { id } = await risk('officer', {
        title: 'Quokka moderation backlog',
        ownerId: member('carl'),
        inherent: { likelihood: 3, impact: 3 },
        treatment: 'mitigate',
        residual: { likelihood: 2, impact: 2 },
      });
      const other = await risk('officer', {
        title: 'Quokka mailing delays',
        ownerId: member('carl'),
        inherent: { likelihood: 1, impact: 1 },
        treatment: 'accept',
      });
      expect((await accept('officer', id, {})).statusCode).toBe(201);
      expect((await accept('officer', other.id, {})).statusCode).toBe(201);
      const edited = await send('officer', 'PATCH', `/api/v1/risks/${id}`, {
        version: 2,
        residual: { likelihood: 3, impact: 2 },
        ratingReason: 'Moderators left',
      });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json().acceptance).toMatchObject({
        current: { rating: { likelihood: 2, impact: 2, level: LOW } },
        stale: true,
        staleReasons: ['rating_changed'],
      });
      expect((await readRisk(id)).acceptance).toEqual(edited.json().acceptance);
      expect((await readRisk(id)).acceptance).toEqual((await history(id)).state);
      const listed = await rows('Quokka');
      expect(listed.get(id)).toEqual(edited.json().acceptance);
      expect(listed.get(other.id)).toMatchObject({ stale: false, staleReasons: [] });
      // an edit that leaves the accepted rating as it was leaves the acceptance standing
      const recategorised = await send('officer', 'PATCH', `/api/v1/risks/${other.id}`, {
        version: 2,
        category: 'Suppliers',
      });
      expect(recategorised.json().acceptance).toMatchObject({ stale: false });
    });

    it('needs re-acceptance after the expiry date, by the clock alone', async () => {
      const { id } = await risk('officer', {
        title: 'Quokka archive retention',
        ownerId: member('carl'),
        inherent: { likelihood: 1, impact: 2 },
        treatment: 'accept',
      });
      expect((await accept('officer', id, { expiresOn: '2026-04-01' })).statusCode).toBe(201);
      const version = (await readRisk(id)).version;
      const started = clock;
      try {
        clock = new Date('2026-04-02T08:00:00.000Z');
        h.late = await signIn(app, 'auditor@acme.example');
        const later = (await send('late', 'GET', `/api/v1/risks/${id}`)).json();
        expect(later.acceptance).toMatchObject({
          current: { expiresOn: '2026-04-01' },
          stale: true,
          staleReasons: ['expired'],
        });
        expect(later.version).toBe(version);
        expect((await rows('Quokka', 'late')).get(id)).toEqual(later.acceptance);
      } finally {
        clock = started;
      }
    });

    it('tells expiry by the organisation’s time zone in the register rows too', async () => {
      const { id } = await risk('officer', {
        title: 'Quokka time zones',
        ownerId: member('carl'),
        inherent: { likelihood: 1, impact: 1 },
        treatment: 'accept',
      });
      expect((await accept('officer', id, { expiresOn: '2026-03-20' })).statusCode).toBe(201);
      const started = clock;
      const zone = (timeZone: string) =>
        db.updateTable('organisations').set({ time_zone: timeZone }).where('id', '=', acme).execute();
      const stateAt = async (time: string) => {
        clock = new Date(time);
        h.late = await signIn(app, 'auditor@acme.example');
        return (await rows('Quokka', 'late')).get(id);
      };
      try {
        // 20 March, 12:00 UTC: still the 20th in UTC, already the 21st in Auckland (13 hours ahead)
        expect(await stateAt('2026-03-20T12:00:00.000Z')).toMatchObject({ stale: false });
        await zone('Pacific/Auckland');
        expect(await stateAt('2026-03-20T12:00:00.000Z')).toMatchObject({
          stale: true,
          staleReasons: ['expired'],
        });
        expect(await stateAt('2026-03-19T12:00:00.000Z')).toMatchObject({ stale: false });
        // 21 March, 05:00 UTC: already the 21st in UTC, still the 20th in Honolulu (10 hours behind)
        await zone('Pacific/Honolulu');
        expect(await stateAt('2026-03-21T05:00:00.000Z')).toMatchObject({ stale: false });
        expect(await stateAt('2026-03-22T05:00:00.000Z')).toMatchObject({ stale: true });
      } finally {
        clock = started;
        await zone('UTC');
      }
    });

    it('shows none again once the acceptance is withdrawn', async () => {
      const { id } = await risk('officer', {
        title: 'Quokka office keys',
        ownerId: member('carl'),
        inherent: { likelihood: 1, impact: 1 },
        treatment: 'accept',
      });
      const acceptanceId = (await accept('officer', id, {})).json().items[0].id;
      const withdrawn = await send(
        'officer',
        'POST',
        `/api/v1/risks/${id}/acceptances/${acceptanceId}/withdraw`,
        {},
      );
      expect(withdrawn.statusCode).toBe(200);
      expect((await readRisk(id)).acceptance).toEqual(NONE);
      expect((await rows('Quokka')).get(id)).toEqual(NONE);
    });
  });
});
