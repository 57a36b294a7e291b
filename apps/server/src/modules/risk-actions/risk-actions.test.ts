import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import type { DB } from '../../db/types.ts';

describeEachDialect('risk actions (treatment plans)', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  // 23:50 UTC on 15 March is already 12:50 on 16 March in Auckland, Acme's time zone
  const clock = new Date('2026-03-15T23:50:00.000Z');
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  let globexRisk: string;
  let globexAction: string;

  const { member, send } = cast;
  const risk = async (who: string, owner: string, title = 'A risk') => {
    const res = await send(who, 'POST', '/api/v1/risks', {
      title,
      ownerId: owner,
      inherent: { likelihood: 2, impact: 2 },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const plan = (who: string, riskId: string, payload: Record<string, unknown>) =>
    send(who, 'POST', `/api/v1/risks/${riskId}/actions`, payload);
  const edit = (who: string, riskId: string, actionId: string, payload: Record<string, unknown>) =>
    send(who, 'PATCH', `/api/v1/risks/${riskId}/actions/${actionId}`, payload);
  const actionsOf = async (riskId: string) =>
    (await send('officer', 'GET', `/api/v1/risks/${riskId}/actions`)).json().items as { id: string }[];
  const audits = (action: string, subjectId: string) =>
    db
      .selectFrom('audit_events')
      .select(['changes', 'organisation_id'])
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
  const fields = (res: { json(): { errors: { field: string }[] } }) => res.json().errors.map((e) => e.field);

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => clock });
    acme = await seedOrganisation(db, 'Acme');
    await db
      .updateTable('organisations')
      .set({ time_zone: 'Pacific/Auckland' })
      .where('id', '=', acme)
      .execute();
    globex = await seedOrganisation(db, 'Globex canary-globex-5a1e');
    for (const [key, role, name] of [
      ['officer', 'security_officer', 'Sam Officer'],
      ['top', 'top_management', 'Tia Top'],
      ['auditor', 'internal_auditor', 'Ian Auditor'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['cora', 'contributor', 'Cora Contributor'],
      ['eve', 'employee', 'Eve Employee'],
    ] as const) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'admin', { name: 'Gina canary-globex-5a1e' });
    h.globex = await signIn(app, m.globex.email);
    globexRisk = await risk('globex', m.globex.membershipId, 'Globex risk canary-globex-5a1e');
    const res = await plan('globex', globexRisk, {
      title: 'Globex action canary-globex-5a1e',
      ownerId: m.globex.membershipId,
      dueOn: '2026-01-01',
    });
    expect(res.statusCode, res.body).toBe(201);
    globexAction = res.json().id;
  });

  describe('planning', () => {
    it('creates an action, overdue against today in the organisation time zone, audited once', async () => {
      const riskId = await risk('officer', member('carl'));
      const res = await plan('officer', riskId, {
        title: 'Enforce MFA for support staff',
        description: 'All support accounts',
        ownerId: member('cora'),
        dueOn: '2026-03-15',
      });
      expect(res.statusCode, res.body).toBe(201);
      const action = res.json();
      expect(action).toMatchObject({
        riskId,
        title: 'Enforce MFA for support staff',
        description: 'All support accounts',
        owner: { id: member('cora'), name: 'Cora Contributor' },
        dueOn: '2026-03-15',
        status: 'planned',
        completionNote: null,
        evidenceUrl: null,
        completedAt: null,
        // 15 March has passed in Auckland (16 March there), though not yet in UTC
        overdue: true,
        version: 1,
      });
      const due16 = await plan('officer', riskId, {
        title: 'Later',
        ownerId: member('cora'),
        dueOn: '2026-03-16',
      });
      expect(due16.json().overdue).toBe(false);
      expect((await actionsOf(riskId)).map((a) => a.id)).toEqual([action.id, due16.json().id]);
      const events = await audits('risk_action.created', action.id);
      expect(events).toHaveLength(1);
      expect(events[0]?.organisation_id).toBe(acme);
      expect(events[0]?.changes).toMatchObject({
        riskId: { before: null, after: riskId },
        title: { before: null, after: 'Enforce MFA for support staff' },
        ownerId: { before: null, after: member('cora') },
        dueOn: { before: null, after: '2026-03-15' },
        status: { before: null, after: 'planned' },
      });
    });

    it('names the fields at fault and changes nothing', async () => {
      const riskId = await risk('officer', member('carl'));
      const audited = await auditTotal();
      const shape = await plan('officer', riskId, {
        title: '',
        ownerId: member('cora'),
        dueOn: '15/03/2026',
        evidenceUrl: 'ftp://files.example/evidence',
      });
      expect(shape.statusCode).toBe(422);
      expect(fields(shape).sort()).toEqual(['body.dueOn', 'body.evidenceUrl', 'body.title']);
      const foreignOwner = await plan('officer', riskId, {
        title: 'Done already',
        ownerId: m.globex?.membershipId,
        dueOn: '2026-04-01',
        status: 'done',
      });
      expect(foreignOwner.statusCode).toBe(422);
      expect(fields(foreignOwner)).toEqual(['body.ownerId', 'body.completionNote']);
      expect(await actionsOf(riskId)).toEqual([]);
      expect(await auditTotal()).toBe(audited);
    });

    it('lets a contributor plan only for the risks they own', async () => {
      const carls = await risk('officer', member('carl'));
      const coras = await risk('officer', member('cora'));
      const payload = { title: 'Patch', ownerId: member('carl'), dueOn: '2026-05-01' };
      expect((await plan('carl', carls, payload)).statusCode).toBe(201);
      const refused = await plan('carl', coras, payload);
      expect(refused.statusCode).toBe(403);
      expect(await actionsOf(coras)).toEqual([]);
      expect((await plan('top', carls, payload)).statusCode).toBe(403);
      expect((await send('eve', 'GET', `/api/v1/risks/${carls}/actions`)).statusCode).toBe(403);
      expect((await send('auditor', 'GET', `/api/v1/risks/${carls}/actions`)).statusCode).toBe(200);
    });

    it('refuses to plan on a closed risk', async () => {
      const riskId = await risk('officer', member('carl'));
      expect(
        (await send('officer', 'POST', `/api/v1/risks/${riskId}/close`, { version: 1 })).statusCode,
      ).toBe(200);
      const res = await plan('officer', riskId, {
        title: 'Late',
        ownerId: member('carl'),
        dueOn: '2026-05-01',
      });
      expect(res.statusCode).toBe(409);
      expect(await actionsOf(riskId)).toEqual([]);
    });
  });

  describe('editing', () => {
    const planned = async (riskOwner: string, actionOwner: string) => {
      const riskId = await risk('officer', member(riskOwner));
      const res = await plan('officer', riskId, {
        title: 'Review access',
        ownerId: member(actionOwner),
        dueOn: '2026-04-01',
      });
      expect(res.statusCode, res.body).toBe(201);
      return { riskId, action: res.json() as { id: string; version: number } };
    };

    it('completes an action with a note and evidence, audited once with exactly the changes', async () => {
      const { riskId, action } = await planned('carl', 'cora');
      const noNote = await edit('officer', riskId, action.id, { version: 1, status: 'done' });
      expect(noNote.statusCode).toBe(422);
      expect(fields(noNote)).toEqual(['body.completionNote']);
      const res = await edit('officer', riskId, action.id, {
        version: 1,
        status: 'done',
        completionNote: 'Access reviewed; 3 accounts removed',
        evidenceUrl: 'https://tickets.example/T-42',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'done',
        completionNote: 'Access reviewed; 3 accounts removed',
        evidenceUrl: 'https://tickets.example/T-42',
        completedAt: clock.toISOString(),
        overdue: false,
        version: 2,
      });
      const events = await audits('risk_action.updated', action.id);
      expect(events).toHaveLength(1);
      expect(events[0]?.changes).toEqual({
        status: { before: 'planned', after: 'done' },
        completionNote: { before: null, after: 'Access reviewed; 3 accounts removed' },
        evidenceUrl: { before: null, after: 'https://tickets.example/T-42' },
      });
      const reopened = await edit('officer', riskId, action.id, { version: 2, status: 'in_progress' });
      expect(reopened.json()).toMatchObject({ status: 'in_progress', completedAt: null, version: 3 });
    });

    it('refuses a stale edit with the current action and changes nothing', async () => {
      const { riskId, action } = await planned('carl', 'cora');
      expect((await edit('officer', riskId, action.id, { version: 1, title: 'First' })).statusCode).toBe(200);
      const current = (await actionsOf(riskId))[0];
      const audited = await auditTotal();
      const res = await edit('officer', riskId, action.id, { version: 1, title: 'Overwritten' });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('conflict');
      expect(res.json().current).toEqual(current);
      expect((await actionsOf(riskId))[0]).toEqual(current);
      expect(await auditTotal()).toBe(audited);
    });

    it('lets a contributor edit the actions they own or of the risks they own, nothing else', async () => {
      const ownRisk = await planned('carl', 'officer');
      const ownAction = await planned('cora', 'carl');
      const neither = await planned('cora', 'cora');
      expect(
        (await edit('carl', ownRisk.riskId, ownRisk.action.id, { version: 1, status: 'in_progress' }))
          .statusCode,
      ).toBe(200);
      expect(
        (await edit('carl', ownAction.riskId, ownAction.action.id, { version: 1, status: 'in_progress' }))
          .statusCode,
      ).toBe(200);
      const refused = await edit('carl', neither.riskId, neither.action.id, {
        version: 1,
        status: 'cancelled',
      });
      expect(refused.statusCode).toBe(403);
      expect((await actionsOf(neither.riskId))[0]).toMatchObject({ status: 'planned', version: 1 });
    });

    it('validates the owner and the evidence link on edit', async () => {
      const { riskId, action } = await planned('carl', 'cora');
      const res = await edit('officer', riskId, action.id, {
        version: 1,
        ownerId: m.globex?.membershipId,
        evidenceUrl: 'javascript:alert(1)',
      });
      expect(res.statusCode).toBe(422);
      expect(fields(res)).toEqual(['body.evidenceUrl']);
      const owner = await edit('officer', riskId, action.id, { version: 1, ownerId: m.globex?.membershipId });
      expect(fields(owner)).toEqual(['body.ownerId']);
      expect((await actionsOf(riskId))[0]).toMatchObject({ owner: { id: member('cora') }, version: 1 });
    });
  });

  describe('across the organisation', () => {
    it('lists overdue actions with their risks, filtered by owner', async () => {
      const riskId = await risk('officer', member('carl'), 'Phishing of support staff');
      const late = await plan('officer', riskId, {
        title: 'Training',
        ownerId: member('top'),
        dueOn: '2026-02-01',
      });
      await plan('officer', riskId, { title: 'Not yet', ownerId: member('top'), dueOn: '2026-12-01' });
      const done = await plan('officer', riskId, {
        title: 'Done late',
        ownerId: member('top'),
        dueOn: '2026-01-01',
        status: 'done',
        completionNote: 'Done',
      });
      expect(done.statusCode, done.body).toBe(201);
      const res = await send('auditor', 'GET', `/api/v1/risk-actions?overdue=true&ownerId=${member('top')}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([
        expect.objectContaining({
          id: late.json().id,
          overdue: true,
          risk: { id: riskId, key: expect.stringMatching(/^RISK-\d+$/), title: 'Phishing of support staff' },
        }),
      ]);
      const all = await send('auditor', 'GET', `/api/v1/risk-actions?ownerId=${member('top')}`);
      expect(all.json().items.map((a: { title: string }) => a.title)).toEqual([
        'Done late',
        'Training',
        'Not yet',
      ]);
      expect(all.body).not.toContain('canary-globex');
    });

    it("answers another organisation's risk or action with 404 and changes nothing", async () => {
      const audited = await auditTotal();
      const own = await risk('officer', member('carl'));
      const after = await auditTotal();
      expect(after).toBe(audited + 1);
      expect((await send('officer', 'GET', `/api/v1/risks/${globexRisk}/actions`)).statusCode).toBe(404);
      const create = await plan('officer', globexRisk, {
        title: 'X',
        ownerId: member('carl'),
        dueOn: '2026-05-01',
      });
      expect(create.statusCode).toBe(404);
      const cross = await edit('officer', globexRisk, globexAction, { version: 1, title: 'Taken' });
      expect(cross.statusCode).toBe(404);
      const mixed = await edit('officer', own, globexAction, { version: 1, title: 'Taken' });
      expect(mixed.statusCode).toBe(404);
      expect(await auditTotal()).toBe(after);
      const theirs = await send('globex', 'GET', `/api/v1/risks/${globexRisk}/actions`);
      expect(theirs.json().items).toEqual([
        expect.objectContaining({ id: globexAction, title: 'Globex action canary-globex-5a1e', version: 1 }),
      ]);
    });
  });
});
