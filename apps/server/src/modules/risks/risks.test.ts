import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import type { DB } from '../../db/types.ts';

const HIGH = { key: 'high', label: 'High', colour: '#c92a2a' };
const MEDIUM = { key: 'medium', label: 'Medium', colour: '#e67700' };
const LOW = { key: 'low', label: 'Low', colour: '#2b8a3e' };

describeEachDialect('risks', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  // just before midnight: a move of 20 minutes (inside the sessions' idle timeout) rates on the next day
  const clock = new Date('2026-03-15T23:50:00.000Z');
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  const asset: Record<string, string> = {};
  let globexRisk: string;

  const { member, send } = cast;
  const create = (who: string, payload: Record<string, unknown>) =>
    send(who, 'POST', '/api/v1/risks', payload);
  const edit = (who: string, id: string, payload: Record<string, unknown>) =>
    send(who, 'PATCH', `/api/v1/risks/${id}`, payload);
  const read = async (id: string, who = 'officer') => (await send(who, 'GET', `/api/v1/risks/${id}`)).json();
  const count = async (table: 'risks' | 'risk_ratings' | 'risk_assets', organisationId = acme) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', organisationId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = (action: string, subjectId?: string) => {
    let query = db
      .selectFrom('audit_events')
      .select(['changes', 'subject_id', 'actor_id'])
      .where('organisation_id', '=', acme)
      .where('action', '=', action);
    if (subjectId) query = query.where('subject_id', '=', subjectId);
    return query.orderBy('seq').execute();
  };
  const auditTotal = async () =>
    Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', acme)
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** A plain risk owned by `owner`, created by the security officer. */
  const plainRisk = async (owner: string, title = 'Plain risk') => {
    const res = await create('officer', {
      title,
      ownerId: member(owner),
      inherent: { likelihood: 2, impact: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; version: number; key: string };
  };

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => clock });
    acme = await seedOrganisation(db, 'Acme');
    globex = await seedOrganisation(db, 'Globex canary-globex-93d1');
    const seeds = [
      ['admin', 'admin', 'Adam Admin'],
      ['officer', 'security_officer', 'Sam Officer'],
      ['top', 'top_management', 'Tia Top'],
      ['auditor', 'internal_auditor', 'Ian Auditor'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['cora', 'contributor', 'Cora Contributor'],
      ['eve', 'employee', 'Eve Employee'],
    ] as const;
    for (const [key, role, name] of seeds) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'admin', { name: 'Gina canary-globex-93d1' });
    h.globex = await signIn(app, m.globex.email);

    for (const [key, who, name] of [
      ['portal', 'officer', 'Consultation portal'],
      ['db', 'officer', 'Submissions database'],
      ['old', 'officer', 'Old file server'],
      ['globex', 'globex', 'Globex CRM canary-globex-93d1'],
    ] as const) {
      const res = await send(who, 'POST', '/api/v1/assets', {
        name,
        kind: 'system',
        classification: 'confidential',
        confidentiality: 3,
        integrity: 2,
        availability: 2,
      });
      expect(res.statusCode, res.body).toBe(201);
      asset[key] = res.json().id;
    }
    const old = await send('officer', 'POST', `/api/v1/assets/${asset.old}/archive`, { version: 1 });
    expect(old.statusCode).toBe(200);
    const risk = await create('globex', {
      title: 'Globex risk canary-globex-93d1',
      ownerId: m.globex.membershipId,
      inherent: { likelihood: 3, impact: 3 },
    });
    expect(risk.statusCode, risk.body).toBe(201);
    globexRisk = risk.json().id;
  });

  describe('creating', () => {
    it('registers a risk with its key, levels computed by the server, review date and first rating, audited once', async () => {
      const res = await create('officer', {
        title: ' Broken access control exposes citizens’ submissions ',
        threat: 'An attacker guesses submission ids',
        vulnerability: 'Missing object-level authorisation on the export endpoint',
        consequence: 'Personal data of citizens exposed',
        category: 'Application security',
        assetIds: [asset.portal, asset.db, asset.portal],
        ownerId: member('carl'),
        affects: { confidentiality: true, integrity: false, availability: false },
        inherent: { likelihood: 4, impact: 4 },
        treatment: 'mitigate',
        residual: { likelihood: 2, impact: 3 },
        tags: ['access', 'web', 'access'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body).toEqual({
        id: expect.any(String),
        key: 'RISK-1',
        title: 'Broken access control exposes citizens’ submissions',
        threat: 'An attacker guesses submission ids',
        vulnerability: 'Missing object-level authorisation on the export endpoint',
        consequence: 'Personal data of citizens exposed',
        category: 'Application security',
        owner: { id: member('carl'), name: 'Carl Contributor' },
        affects: { confidentiality: true, integrity: false, availability: false },
        methodologyVersion: 1,
        inherent: { likelihood: 4, impact: 4, level: HIGH },
        treatment: 'mitigate',
        residual: { likelihood: 2, impact: 3, level: MEDIUM },
        level: MEDIUM,
        status: 'identified',
        // medium: every 6 months from the rating
        nextReviewOn: '2026-09-15',
        reviewOverdue: false,
        tags: ['access', 'web'],
        acceptance: { current: null, stale: false, staleReasons: [] },
        closedAt: null,
        createdAt: clock.toISOString(),
        updatedAt: clock.toISOString(),
        version: 1,
        assets: expect.arrayContaining([
          { id: asset.portal, key: 'ASSET-1', name: 'Consultation portal', archived: false },
          { id: asset.db, key: 'ASSET-2', name: 'Submissions database', archived: false },
        ]),
        ratingHistory: [
          {
            id: expect.any(String),
            methodologyVersion: 1,
            inherent: { likelihood: 4, impact: 4, level: HIGH },
            residual: { likelihood: 2, impact: 3, level: MEDIUM },
            reason: 'First rating',
            ratedBy: { id: m.officer?.userId, name: 'Sam Officer' },
            ratedAt: clock.toISOString(),
          },
        ],
        links: { controls: [] },
      });
      expect(body.assets).toHaveLength(2);
      expect(await read(body.id)).toEqual(body);

      const created = await audits('risk.created', body.id);
      expect(created).toHaveLength(1);
      expect(created[0]?.actor_id).toBe(m.officer?.userId);
      expect(created[0]?.changes).toMatchObject({
        key: { before: null, after: 'RISK-1' },
        inherentLevel: { before: null, after: 'high' },
        residualLevel: { before: null, after: 'medium' },
        ownerId: { before: null, after: member('carl') },
        ratingReason: { before: null, after: 'First rating' },
      });
    });

    it('numbers keys per organisation and never takes a level from the client', async () => {
      const res = await create('admin', {
        title: 'Phishing of support staff',
        ownerId: member('cora'),
        inherent: { likelihood: 1, impact: 1, level: 'high' },
        level: HIGH,
        nextReviewOn: '2030-01-01',
        ratingReason: 'Training in place',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.key).toBe('RISK-2');
      expect(body.inherent).toEqual({ likelihood: 1, impact: 1, level: LOW });
      expect(body.residual).toBeNull();
      expect(body.level).toEqual(LOW);
      // low: every 12 months
      expect(body.nextReviewOn).toBe('2027-03-15');
      expect(body.ratingHistory.map((r: { reason: string }) => r.reason)).toEqual(['Training in place']);
      // Globex counts on its own
      const other = await create('globex', {
        title: 'Second Globex risk',
        ownerId: m.globex?.membershipId,
        inherent: { likelihood: 1, impact: 1 },
      });
      expect(other.json().key).toBe('RISK-2');
    });

    it('refuses ratings off the scales, owners and assets from elsewhere, each on its field, and creates nothing', async () => {
      const risks = await count('risks');
      const audited = await auditTotal();
      const refused = async (payload: Record<string, unknown>, fields: string[]) => {
        const res = await create('officer', {
          title: 'Refused',
          ownerId: member('carl'),
          inherent: { likelihood: 3, impact: 3 },
          ...payload,
        });
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
        return res.json();
      };
      const offScale = await refused({ inherent: { likelihood: 6, impact: 3 } }, [
        'body.inherent.likelihood',
      ]);
      expect(offScale.detail).toBe("Rate the likelihood from 1 to 5, on the current methodology's scale");
      await refused({ residual: { likelihood: 3, impact: 7 } }, ['body.residual.impact']);
      await refused({ inherent: { likelihood: 8, impact: 3 } }, ['body.inherent.likelihood']);
      await refused({ ownerId: m.globex?.membershipId }, ['body.ownerId']);
      await refused({ assetIds: [asset.portal, asset.globex] }, ['body.assetIds.1']);
      const archived = await refused({ assetIds: [asset.old] }, ['body.assetIds.0']);
      expect(archived.detail).toBe('ASSET-3 is archived: restore it before linking it');
      await refused({ status: 'accepted' }, ['body.status']);
      await refused({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, ['body.tags']);
      await refused({ tags: ['x'.repeat(41)] }, ['body.tags.0']);
      await refused({ title: 'x'.repeat(201) }, ['body.title']);
      await refused({ ownerId: undefined }, ['body.ownerId']);
      expect(await count('risks')).toBe(risks);
      expect(await auditTotal()).toBe(audited);
      // no key number was used up
      expect((await plainRisk('cora')).key).toBe(`RISK-${risks + 1}`);
    });

    it('needs risk:create: contributors, top management, auditors and employees get 403, anonymous 401', async () => {
      const payload = {
        title: 'Not mine to add',
        ownerId: member('carl'),
        inherent: { likelihood: 1, impact: 1 },
      };
      for (const who of ['carl', 'top', 'auditor', 'eve']) {
        expect((await create(who, payload)).statusCode, who).toBe(403);
      }
      const anonymous = await app.inject({
        method: 'POST',
        url: '/api/v1/risks',
        headers: SPA_HEADERS,
        payload,
      });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe('editing', () => {
    it('needs a reason to change a rating, keeps it in the history, recomputes levels and review date, one event', async () => {
      const { id } = await plainRisk('carl', 'Hosting provider outage during a consultation');
      const before = await read(id);
      expect(before.level).toEqual(LOW);
      const ratings = await count('risk_ratings');

      const noReason = await edit('officer', id, { version: 1, inherent: { likelihood: 5, impact: 4 } });
      expect(noReason.statusCode).toBe(422);
      expect(noReason.json().errors).toEqual([
        {
          field: 'body.ratingReason',
          message: 'Say why the rating changes: the reason is kept in the rating history',
        },
      ]);
      expect(await read(id)).toEqual(before);

      clock.setTime(clock.getTime() + 20 * 60_000);
      const res = await edit('officer', id, {
        version: 1,
        title: 'Hosting provider outage during a live consultation',
        inherent: { likelihood: 5, impact: 4 },
        treatment: 'transfer',
        residual: { likelihood: 2, impact: 2 },
        ratingReason: 'The provider had two outages this quarter',
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        title: 'Hosting provider outage during a live consultation',
        inherent: { likelihood: 5, impact: 4, level: HIGH },
        residual: { likelihood: 2, impact: 2, level: LOW },
        level: LOW,
        treatment: 'transfer',
        nextReviewOn: '2027-03-16',
        updatedAt: clock.toISOString(),
        version: 2,
      });
      expect(body.ratingHistory.map((r: { reason: string }) => r.reason)).toEqual([
        'The provider had two outages this quarter',
        'First rating',
      ]);
      expect(body.ratingHistory[0]).toMatchObject({
        methodologyVersion: 1,
        inherent: { likelihood: 5, impact: 4, level: HIGH },
        residual: { likelihood: 2, impact: 2, level: LOW },
        ratedBy: { id: m.officer?.userId, name: 'Sam Officer' },
        ratedAt: clock.toISOString(),
      });
      expect(await count('risk_ratings')).toBe(ratings + 1);

      const events = await audits('risk.updated', id);
      expect(events).toHaveLength(1);
      expect(events[0]?.changes).toEqual({
        title: {
          before: 'Hosting provider outage during a consultation',
          after: 'Hosting provider outage during a live consultation',
        },
        inherentLikelihood: { before: 2, after: 5 },
        inherentImpact: { before: 2, after: 4 },
        inherentLevel: { before: 'low', after: 'high' },
        treatment: { before: null, after: 'transfer' },
        residualLikelihood: { before: null, after: 2 },
        residualImpact: { before: null, after: 2 },
        residualLevel: { before: null, after: 'low' },
        nextReviewOn: { before: '2027-03-15', after: '2027-03-16' },
        ratingReason: { before: null, after: 'The provider had two outages this quarter' },
      });

      // an edit that rates nothing adds no rating; clearing the residual is a rating change
      const text = await edit('officer', id, { version: 2, consequence: 'A consultation is cancelled' });
      expect(text.statusCode).toBe(200);
      expect(text.json().ratingHistory).toHaveLength(2);
      const cleared = await edit('officer', id, {
        version: 3,
        residual: null,
        ratingReason: 'Contract ended',
      });
      expect(cleared.json()).toMatchObject({ residual: null, level: HIGH, nextReviewOn: '2026-06-16' });
      expect(cleared.json().ratingHistory[0].residual).toBeNull();
      expect(await audits('risk.updated', id)).toHaveLength(3);

      // the same values again change nothing, not even the version
      const same = await edit('officer', id, {
        version: 4,
        title: body.title,
        inherent: { likelihood: 5, impact: 4 },
      });
      expect(same.statusCode).toBe(200);
      expect(same.json().version).toBe(4);
      expect(await audits('risk.updated', id)).toHaveLength(3);

      const offScale = await edit('officer', id, {
        version: 4,
        inherent: { likelihood: 3, impact: 6 },
        ratingReason: 'Try',
      });
      expect(offScale.statusCode).toBe(422);
      expect(offScale.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.inherent.impact']);
    });

    it('refuses a stale edit with the current risk and changes nothing', async () => {
      const { id } = await plainRisk('carl');
      expect((await edit('officer', id, { version: 1, category: 'People' })).statusCode).toBe(200);
      const current = await read(id);
      const audited = await auditTotal();
      const ratings = await count('risk_ratings');
      const res = await edit('admin', id, {
        version: 1,
        title: 'Overwritten',
        inherent: { likelihood: 5, impact: 5 },
        ratingReason: 'Stale',
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('conflict');
      expect(res.json().detail).toBe(
        `${current.key} was changed by someone else: review the current values and try again`,
      );
      expect(res.json().current).toEqual(current);
      expect(await read(id)).toEqual(current);
      expect(await auditTotal()).toBe(audited);
      expect(await count('risk_ratings')).toBe(ratings);
    });

    it('replaces the linked assets, and the assets count their risks', async () => {
      const { id } = await plainRisk('carl');
      const riskCount = async (key: string) =>
        (await send('officer', 'GET', `/api/v1/assets/${asset[key]}`)).json().riskCount as number;
      const portal = await riskCount('portal');
      const linked = await edit('officer', id, { version: 1, assetIds: [asset.db, asset.portal] });
      expect(
        linked
          .json()
          .assets.map((a: { key: string }) => a.key)
          .sort(),
      ).toEqual(['ASSET-1', 'ASSET-2']);
      expect(await riskCount('portal')).toBe(portal + 1);
      const replaced = await edit('officer', id, { version: 2, assetIds: [asset.db] });
      expect(replaced.json().assets.map((a: { key: string }) => a.key)).toEqual(['ASSET-2']);
      expect(await riskCount('portal')).toBe(portal);
      const event = (await audits('risk.updated', id)).at(-1);
      expect(event?.changes).toEqual({
        assetIds: { before: [asset.db, asset.portal].sort(), after: [asset.db] },
      });
    });

    it('keeps statuses accepted and closed for their own actions', async () => {
      const { id } = await plainRisk('carl');
      const moved = await edit('officer', id, { version: 1, status: 'treatment_planned' });
      expect(moved.json().status).toBe('treatment_planned');
      for (const status of ['accepted', 'closed']) {
        const res = await edit('officer', id, { version: 2, status });
        expect(res.statusCode).toBe(422);
        expect(res.json().errors[0].field).toBe('body.status');
      }
    });
  });

  describe('closing', () => {
    it('closes and reopens a risk, each audited once; a closed risk is not edited', async () => {
      const { id } = await plainRisk('carl');
      const stale = await send('officer', 'POST', `/api/v1/risks/${id}/close`, { version: 9 });
      expect(stale.statusCode).toBe(409);
      const closed = await send('officer', 'POST', `/api/v1/risks/${id}/close`, {
        version: 1,
        reason: 'The service was retired',
      });
      expect(closed.statusCode).toBe(200);
      expect(closed.json()).toMatchObject({
        status: 'closed',
        closedAt: clock.toISOString(),
        reviewOverdue: false,
        version: 2,
      });
      const again = await send('officer', 'POST', `/api/v1/risks/${id}/close`, { version: 2 });
      expect(again.json().version).toBe(2);
      const edited = await edit('officer', id, { version: 2, title: 'Changed' });
      expect(edited.statusCode).toBe(409);
      expect(edited.json().detail).toMatch(/is closed: reopen it before editing it$/);

      const reopened = await send('officer', 'POST', `/api/v1/risks/${id}/reopen`, { version: 2 });
      expect(reopened.json()).toMatchObject({ status: 'assessed', closedAt: null, version: 3 });
      const closedEvents = await audits('risk.closed', id);
      expect(closedEvents.map((e) => e.changes)).toEqual([
        {
          status: { before: 'identified', after: 'closed' },
          closedAt: { before: null, after: clock.toISOString() },
          reason: { before: null, after: 'The service was retired' },
        },
      ]);
      expect(await audits('risk.reopened', id)).toHaveLength(1);
    });
  });

  describe('authorization', () => {
    it('answers 404 for another organisation’s risk on every route and changes nothing there', async () => {
      const globexBefore = (await send('globex', 'GET', `/api/v1/risks/${globexRisk}`)).json();
      const attempts = [
        await send('admin', 'GET', `/api/v1/risks/${globexRisk}`),
        await edit('admin', globexRisk, { version: 1, title: 'Taken over' }),
        await send('admin', 'POST', `/api/v1/risks/${globexRisk}/close`, { version: 1 }),
        await send('admin', 'POST', `/api/v1/risks/${globexRisk}/reopen`, { version: 1 }),
        // a contributor, who would get 403 on a risk of their own organisation they do not own
        await edit('carl', globexRisk, { version: 1, title: 'Taken over' }),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain('canary-globex');
      }
      expect((await send('globex', 'GET', `/api/v1/risks/${globexRisk}`)).json()).toEqual(globexBefore);
      const list = await send('admin', 'GET', '/api/v1/risks?limit=200');
      expect(list.body).not.toContain('canary-globex');
      expect(list.json().items.map((r: { id: string }) => r.id)).not.toContain(globexRisk);
    });

    it('refuses another organisation’s owner or asset on an edit (422) and changes nothing', async () => {
      const { id } = await plainRisk('carl');
      const before = await read(id);
      const owner = await edit('officer', id, { version: 1, ownerId: m.globex?.membershipId });
      expect(owner.statusCode).toBe(422);
      expect(owner.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.ownerId']);
      const linked = await edit('officer', id, { version: 1, assetIds: [asset.globex] });
      expect(linked.statusCode).toBe(422);
      expect(linked.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.assetIds.0']);
      expect(linked.body).not.toContain('canary-globex');
      expect(await read(id)).toEqual(before);
    });

    it('lets a contributor edit, close and reopen only the risks they own', async () => {
      const carls = await plainRisk('carl', 'Carl’s risk');
      const coras = await plainRisk('cora', 'Cora’s risk');
      const own = await edit('carl', carls.id, {
        version: 1,
        residual: { likelihood: 1, impact: 1 },
        ratingReason: 'Patched',
      });
      expect(own.statusCode).toBe(200);
      expect(own.json().ratingHistory[0].ratedBy.name).toBe('Carl Contributor');
      expect((await send('carl', 'POST', `/api/v1/risks/${carls.id}/close`, { version: 2 })).statusCode).toBe(
        200,
      );
      expect(
        (await send('carl', 'POST', `/api/v1/risks/${carls.id}/reopen`, { version: 3 })).statusCode,
      ).toBe(200);

      const before = await read(coras.id);
      const others = [
        await edit('carl', coras.id, { version: 1, title: 'Not mine' }),
        await send('carl', 'POST', `/api/v1/risks/${coras.id}/close`, { version: 1 }),
        await send('carl', 'POST', `/api/v1/risks/${coras.id}/reopen`, { version: 1 }),
      ];
      for (const res of others) {
        expect(res.statusCode).toBe(403);
        expect(res.json().detail).toBe(
          `Your role lets you edit only the risks you own: ask the owner of ${coras.key} or a security officer`,
        );
      }
      expect(await read(coras.id)).toEqual(before);
      // reading is not limited to one's own risks
      expect((await send('carl', 'GET', `/api/v1/risks/${coras.id}`)).statusCode).toBe(200);
    });

    it('shows employees nothing; auditors and top management read but do not edit', async () => {
      const { id } = await plainRisk('carl');
      expect((await send('eve', 'GET', '/api/v1/risks')).statusCode).toBe(403);
      expect((await send('eve', 'GET', `/api/v1/risks/${id}`)).statusCode).toBe(403);
      expect((await edit('eve', id, { version: 1, title: 'x' })).statusCode).toBe(403);
      for (const who of ['auditor', 'top']) {
        expect((await send(who, 'GET', `/api/v1/risks/${id}`)).statusCode).toBe(200);
        expect((await edit(who, id, { version: 1, title: 'x' })).statusCode).toBe(403);
      }
      expect((await app.inject({ method: 'GET', url: `/api/v1/risks/${id}` })).statusCode).toBe(401);
    });
  });
});
