import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TControl, TControlSummary, TCsfCoverage } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { afterTestFile, describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import { SYSTEM_CONTEXT } from '../../audit/audit.ts';
import { createBackup, restoreBackup, tableDigests } from '../../backup/backup.ts';
import { ANNEX_A, CSF_SUBCATEGORIES } from '../../catalogue/annex-a.ts';
import type { DB } from '../../db/types.ts';
import { controlsOfRisks, ensureControlRegister } from './controls.service.ts';

describeEachDialect('controls', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  const { member, send } = cast;
  const byKey: Record<string, TControlSummary> = {};
  const risk: Record<string, { id: string; key: string }> = {};
  let globexControl: string;
  let globexRisk: string;

  const list = async (query = '', who = 'officer') => {
    const res = await send(who, 'GET', `/api/v1/controls${query ? `?${query}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as TControlSummary[];
  };
  const keys = async (query: string) => (await list(query)).map((c) => c.key);
  const read = async (id: string, who = 'officer') =>
    (await send(who, 'GET', `/api/v1/controls/${id}`)).json() as TControl;
  const edit = (who: string, id: string, payload: Record<string, unknown>) =>
    send(who, 'PATCH', `/api/v1/controls/${id}`, payload);
  const link = (who: string, id: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'PUT', url: `/api/v1/controls/${id}/risks`, headers: cast.as(who), payload });
  const idOf = (key: string) => {
    const control = byKey[key];
    if (!control) throw new Error(`no control ${key}`);
    return control.id;
  };
  const audits = (action: string, organisationId = acme) =>
    db
      .selectFrom('audit_events')
      .select(['changes', 'subject_id', 'actor_id'])
      .where('organisation_id', '=', organisationId)
      .where('action', '=', action)
      .orderBy('seq')
      .execute();
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
  const controlCount = async (organisationId: string) =>
    Number(
      (
        await db
          .selectFrom('controls')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', organisationId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database });
    acme = await seedOrganisation(db, 'Acme');
    globex = await seedOrganisation(db, 'Globex canary-globex-5e27');
    const seeds = [
      ['officer', 'security_officer', 'Sam Officer'],
      ['top', 'top_management', 'Tia Top'],
      ['auditor', 'external_auditor', 'Ian Auditor'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['cora', 'contributor', 'Cora Contributor'],
      ['eve', 'employee', 'Eve Employee'],
    ] as const;
    for (const [key, role, name] of seeds) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'admin', { name: 'Gina canary-globex-5e27' });
    h.globex = await signIn(app, m.globex.email);

    for (const [key, who, title] of [
      ['portal', 'officer', 'Broken access control exposes citizens’ submissions'],
      ['outage', 'officer', 'Hosting provider outage during a consultation'],
      ['old', 'officer', 'Old risk'],
      ['globex', 'globex', 'Globex risk canary-globex-5e27'],
    ] as const) {
      const res = await send(who, 'POST', '/api/v1/risks', {
        title,
        ownerId: who === 'globex' ? m.globex.membershipId : member('officer'),
        inherent: { likelihood: 3, impact: 3 },
        treatment: 'mitigate',
      });
      expect(res.statusCode, res.body).toBe(201);
      risk[key] = res.json();
    }
    globexRisk = risk.globex?.id ?? '';
    const closed = await send('officer', 'POST', `/api/v1/risks/${risk.old?.id}/close`, { version: 1 });
    expect(closed.statusCode, closed.body).toBe(200);
    const globexCustom = await send('globex', 'POST', '/api/v1/controls', {
      title: 'Globex control canary-globex-5e27',
      theme: 'organisational',
    });
    expect(globexCustom.statusCode, globexCustom.body).toBe(201);
    globexControl = globexCustom.json().id;
  });

  describe('the Annex A catalogue', () => {
    it('gives the organisation all 93 controls on first use, once, whatever the concurrency', async () => {
      expect(await controlCount(acme)).toBe(0);
      const reads = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          send(i % 2 === 0 ? 'officer' : 'auditor', 'GET', '/api/v1/controls'),
        ),
      );
      expect(reads.map((r) => r.statusCode)).toEqual(Array(6).fill(200));
      const first = reads[0]?.json().items as TControlSummary[];
      for (const r of reads) expect(r.json().items).toEqual(first);
      expect(first).toHaveLength(93);
      expect(await controlCount(acme)).toBe(93);
      const added = await audits('control_register.annex_a_added');
      expect(added).toHaveLength(1);
      expect(added[0]?.changes).toEqual({ annexAControls: { before: 0, after: 93 } });

      const themes: Record<string, number> = {};
      for (const c of first) themes[c.theme] = (themes[c.theme] ?? 0) + 1;
      expect(themes).toEqual({ organisational: 37, people: 8, physical: 14, technological: 34 });
      expect(first.map((c) => c.key)).toEqual(ANNEX_A.map((c) => `A.${c.ref}`));
      expect(first.map((c) => c.key).slice(8, 11)).toEqual(['A.5.9', 'A.5.10', 'A.5.11']);
      for (const c of first) byKey[c.key] = c;
      expect(byKey['A.5.7']).toEqual({
        id: expect.any(String),
        key: 'A.5.7',
        source: 'annex_a',
        title: 'Threat intelligence',
        description: '',
        theme: 'organisational',
        attributes: {
          controlTypes: ['preventive', 'detective', 'corrective'],
          properties: ['confidentiality', 'integrity', 'availability'],
          concepts: ['identify', 'detect', 'respond'],
          capabilities: ['threat_and_vulnerability_management'],
          domains: ['defence', 'resilience'],
        },
        newIn2022: true,
        applicability: 'undecided',
        inclusionReasons: [],
        inclusionNote: null,
        exclusionJustification: null,
        implementationStatus: 'not_started',
        inheritedFrom: null,
        implementationDescription: '',
        owner: null,
        targetDate: null,
        risks: [],
        health: {
          status: 'unchecked',
          result: null,
          lastCheckedOn: null,
          activeChecks: 0,
          overdueChecks: 0,
          openFollowUps: 0,
          evidence: 0,
          staleEvidence: 0,
        },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
    });

    it('adds the catalogue once when many first uses race, directly through the service', async () => {
      const initech = await seedOrganisation(db, 'Initech');
      await Promise.all(
        Array.from({ length: 10 }, () => ensureControlRegister(db, SYSTEM_CONTEXT(), initech)),
      );
      expect(await controlCount(initech)).toBe(93);
      expect(await audits('control_register.annex_a_added', initech)).toHaveLength(1);
    });

    it('adds nothing on later use, and brings back a missing Annex A control', async () => {
      await ensureControlRegister(db, SYSTEM_CONTEXT(), acme);
      expect(await list()).toHaveLength(93);
      expect(await audits('control_register.annex_a_added')).toHaveLength(1);

      await db
        .deleteFrom('controls')
        .where('organisation_id', '=', acme)
        .where('annex_ref', '=', '8.34')
        .execute();
      expect((await list()).map((c) => c.key).at(-1)).toBe('A.8.34');
      const added = await audits('control_register.annex_a_added');
      expect(added.map((a) => a.changes)).toEqual([
        { annexAControls: { before: 0, after: 93 } },
        { annexAControls: { before: 92, after: 93 } },
      ]);
      for (const c of await list()) byKey[c.key] = c;
    });

    it('keeps each organisation’s register apart', async () => {
      const theirs = await list('', 'globex');
      expect(theirs).toHaveLength(94);
      expect(theirs.filter((c) => c.id === byKey['A.5.1']?.id)).toEqual([]);
      expect((await list()).some((c) => c.id === globexControl)).toBe(false);
    });

    it('shows the NIST crosswalk of an Annex A control', async () => {
      const control = await read(idOf('A.5.15'));
      expect(control.crosswalk.sp80053).toContainEqual({ id: 'AC-1', title: 'Policy and Procedures' });
      expect(control.crosswalk.csf.map((s) => s.id)).toEqual(
        CSF_SUBCATEGORIES.filter((s) => s.controls.includes('5.15')).map((s) => s.id),
      );
      expect(control.crosswalk.csf.length).toBeGreaterThan(0);
    });
  });

  describe('custom controls', () => {
    it('adds the organisation’s own controls after Annex A, keyed VC-n, audited once', async () => {
      const res = await send('officer', 'POST', '/api/v1/controls', {
        title: ' Four-eyes review of survey exports ',
        description: 'Every export of citizens’ answers is approved by a second person',
        theme: 'organisational',
        attributes: {
          controlTypes: ['detective', 'preventive', 'detective'],
          properties: ['confidentiality'],
        },
        applicability: 'applicable',
        inclusionReasons: ['business_need', 'risk_treatment'],
        ownerId: member('carl'),
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json() as TControl;
      expect(body).toMatchObject({
        key: 'VC-1',
        source: 'custom',
        title: 'Four-eyes review of survey exports',
        theme: 'organisational',
        attributes: {
          controlTypes: ['preventive', 'detective'],
          properties: ['confidentiality'],
          concepts: [],
          capabilities: [],
          domains: [],
        },
        newIn2022: false,
        applicability: 'applicable',
        inclusionReasons: ['risk_treatment', 'business_need'],
        owner: { id: member('carl'), name: 'Carl Contributor' },
        crosswalk: { csf: [], sp80053: [] },
        version: 1,
      });
      expect(await read(body.id)).toEqual(body);
      const created = await audits('control.created');
      expect(created.at(-1)).toMatchObject({ subject_id: body.id, actor_id: m.officer?.userId });
      expect(created.at(-1)?.changes).toMatchObject({ key: { before: null, after: 'VC-1' } });

      const second = await send('officer', 'POST', '/api/v1/controls', {
        title: 'Badge audit',
        theme: 'physical',
      });
      expect(second.json().key).toBe('VC-2');
      const all = await list();
      expect(all.map((c) => c.key).slice(-3)).toEqual(['A.8.34', 'VC-1', 'VC-2']);
      for (const c of all) byKey[c.key] = c;
    });

    it('lets only control managers add controls, and refuses bad fields adding nothing', async () => {
      const before = await controlCount(acme);
      for (const who of ['carl', 'top', 'auditor', 'eve'])
        expect(
          (await send(who, 'POST', '/api/v1/controls', { title: 'X', theme: 'people' })).statusCode,
          who,
        ).toBe(403);
      const refused = async (payload: Record<string, unknown>, field: string) => {
        const res = await send('officer', 'POST', '/api/v1/controls', {
          title: 'Refused',
          theme: 'people',
          ...payload,
        });
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
      };
      await refused({ theme: 'organizational' }, 'body.theme');
      await refused({ attributes: { domains: ['offence'] } }, 'body.attributes.domains.0');
      await refused({ ownerId: m.globex?.membershipId }, 'body.ownerId');
      await refused({ applicability: 'not_applicable' }, 'body.exclusionJustification');
      await refused({ implementationStatus: 'inherited' }, 'body.inheritedFrom');
      expect(await controlCount(acme)).toBe(before);
    });
  });

  describe('editing the Statement of Applicability', () => {
    it('refuses a not-applicable control without an exclusion justification, and changes nothing', async () => {
      const id = idOf('A.7.1');
      const before = await read(id);
      const total = await auditTotal();
      for (const payload of [
        { version: before.version, applicability: 'not_applicable' },
        { version: before.version, applicability: 'not_applicable', exclusionJustification: null },
      ]) {
        const res = await edit('officer', id, payload);
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().errors).toEqual([
          {
            field: 'body.exclusionJustification',
            message:
              'Say why the control is excluded: the Statement of Applicability must justify every exclusion',
          },
        ]);
      }
      const blank = await edit('officer', id, {
        version: before.version,
        applicability: 'not_applicable',
        exclusionJustification: '   ',
      });
      expect(blank.statusCode).toBe(422);
      expect(await read(id)).toEqual(before);
      expect(await auditTotal()).toBe(total);

      const excluded = await edit('officer', id, {
        version: before.version,
        applicability: 'not_applicable',
        exclusionJustification: 'No premises of our own: we work remotely and host with a provider',
      });
      expect(excluded.statusCode, excluded.body).toBe(200);
      expect(excluded.json()).toMatchObject({ applicability: 'not_applicable', version: before.version + 1 });
      const event = (await audits('control.updated')).at(-1);
      expect(event?.subject_id).toBe(id);
      expect(event?.changes).toEqual({
        applicability: { before: 'undecided', after: 'not_applicable' },
        exclusionJustification: {
          before: null,
          after: 'No premises of our own: we work remotely and host with a provider',
        },
      });
      // clearing the justification of an excluded control is refused too
      const cleared = await edit('officer', id, {
        version: before.version + 1,
        exclusionJustification: null,
      });
      expect(cleared.statusCode).toBe(422);
    });

    it('refuses an inherited control without its supplier, and drops the supplier when it is no longer inherited', async () => {
      const id = idOf('A.7.2');
      const before = await read(id);
      const refused = await edit('officer', id, {
        version: before.version,
        implementationStatus: 'inherited',
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.inheritedFrom']);
      const wrongStatus = await edit('officer', id, {
        version: before.version,
        inheritedFrom: 'Hoster GmbH',
      });
      expect(wrongStatus.statusCode).toBe(422);
      expect(await read(id)).toEqual(before);

      const inherited = await edit('officer', id, {
        version: before.version,
        applicability: 'applicable',
        inclusionReasons: ['contractual'],
        inclusionNote: 'Required by the framework contract with the ministry',
        implementationStatus: 'inherited',
        inheritedFrom: 'Hoster GmbH (ISO 27001 certified data centre)',
        implementationDescription: 'Covered by the hosting provider’s certificate, checked yearly',
        targetDate: '2026-12-31',
      });
      expect(inherited.statusCode, inherited.body).toBe(200);
      expect(inherited.json()).toMatchObject({
        implementationStatus: 'inherited',
        inheritedFrom: 'Hoster GmbH (ISO 27001 certified data centre)',
        inclusionNote: 'Required by the framework contract with the ministry',
        targetDate: '2026-12-31',
      });
      const moved = await edit('officer', id, {
        version: before.version + 1,
        implementationStatus: 'implemented',
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ implementationStatus: 'implemented', inheritedFrom: null });
      expect((await audits('control.updated')).at(-1)?.changes).toEqual({
        implementationStatus: { before: 'inherited', after: 'implemented' },
        inheritedFrom: { before: 'Hoster GmbH (ISO 27001 certified data centre)', after: null },
      });
    });

    it('keeps an Annex A control’s title, theme and attributes, and lets custom controls change theirs', async () => {
      const id = idOf('A.5.1');
      const before = await read(id);
      const res = await edit('officer', id, {
        version: before.version,
        title: 'Our policies',
        theme: 'people',
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.theme', 'body.title']);
      // sending the Annex A values back unchanged (a whole form) is fine
      const same = await edit('officer', id, {
        version: before.version,
        title: before.title,
        attributes: { ...before.attributes, properties: ['availability', 'integrity', 'confidentiality'] },
      });
      expect(same.statusCode, same.body).toBe(200);
      expect(same.json()).toEqual(before);

      const custom = idOf('VC-2');
      const renamed = await edit('officer', custom, {
        version: 1,
        title: 'Badge and visitor log audit',
        attributes: { controlTypes: ['detective'] },
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({
        title: 'Badge and visitor log audit',
        attributes: { controlTypes: ['detective'], properties: [] },
      });
    });

    it('lets contributors edit only the controls they own; readers read, employees see nothing', async () => {
      const owned = idOf('A.5.15');
      const assigned = await edit('officer', owned, { version: 1, ownerId: member('carl') });
      expect(assigned.statusCode, assigned.body).toBe(200);
      const mine = await edit('carl', owned, {
        version: 2,
        applicability: 'applicable',
        inclusionReasons: ['risk_treatment', 'legal_regulatory'],
        implementationStatus: 'partially_implemented',
        implementationDescription: 'Role-based access in the portal; reviews quarterly',
      });
      expect(mine.statusCode, mine.body).toBe(200);
      expect((await audits('control.updated')).at(-1)?.actor_id).toBe(m.carl?.userId);

      const current = await read(owned);
      for (const who of ['cora', 'top', 'auditor', 'eve']) {
        const res = await edit(who, owned, { version: current.version, implementationStatus: 'implemented' });
        expect(res.statusCode, who).toBe(403);
      }
      const unowned = await edit('carl', idOf('A.5.16'), { version: 1, implementationStatus: 'planned' });
      expect(unowned.statusCode).toBe(403);
      expect(unowned.json().detail).toContain('A.5.16');
      expect(await read(owned)).toEqual(current);

      expect((await send('top', 'GET', `/api/v1/controls/${owned}`)).statusCode).toBe(200);
      expect((await send('auditor', 'GET', '/api/v1/controls')).statusCode).toBe(200);
      expect((await send('eve', 'GET', '/api/v1/controls')).statusCode).toBe(403);
      expect((await send('eve', 'GET', `/api/v1/controls/${owned}`)).statusCode).toBe(403);
      expect((await send('eve', 'GET', '/api/v1/controls/coverage/csf')).statusCode).toBe(403);
    });

    it('answers a stale edit with 409 and the current control, and changes nothing', async () => {
      const id = idOf('A.8.5');
      const first = await edit('officer', id, { version: 1, implementationStatus: 'planned' });
      expect(first.statusCode).toBe(200);
      const current = await read(id);
      const total = await auditTotal();
      const stale = await edit('officer', id, { version: 1, implementationStatus: 'implemented' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().current).toEqual(current);
      const staleLink = await link('officer', id, { version: 1, riskIds: [risk.portal?.id] });
      expect(staleLink.statusCode).toBe(409);
      expect(await read(id)).toEqual(current);
      expect(await auditTotal()).toBe(total);
    });

    it('treats another organisation’s control or risk as missing (404) and changes nothing', async () => {
      expect((await send('officer', 'GET', `/api/v1/controls/${globexControl}`)).statusCode).toBe(404);
      expect(
        (await edit('officer', globexControl, { version: 1, implementationStatus: 'planned' })).statusCode,
      ).toBe(404);
      expect((await link('officer', globexControl, { version: 1, riskIds: [] })).statusCode).toBe(404);
      const id = idOf('A.8.2');
      const before = await read(id);
      const foreign = await link('officer', id, {
        version: before.version,
        riskIds: [risk.portal?.id, globexRisk],
      });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().errors).toEqual([
        { field: 'body.riskIds.1', message: 'No risk with this id in this organisation' },
      ]);
      expect(foreign.body).not.toContain('canary-globex');
      expect(await read(id)).toEqual(before);
      expect((await read(globexControl, 'globex')).version).toBe(1);
      expect((await list('', 'officer')).map((c) => c.title).join()).not.toContain('canary-globex');
    });
  });

  describe('linked risks', () => {
    it('links a control to the risks it treats; the control and the risk side both show the link', async () => {
      const id = idOf('A.8.3');
      const other = idOf('A.5.15');
      const portal = risk.portal?.id ?? '';
      const outage = risk.outage?.id ?? '';
      const before = await read(id);
      const res = await link('officer', id, { version: before.version, riskIds: [outage, portal, portal] });
      expect(res.statusCode, res.body).toBe(200);
      const linked = res.json() as TControl;
      expect(linked.risks).toEqual([
        {
          id: portal,
          key: risk.portal?.key,
          title: 'Broken access control exposes citizens’ submissions',
          status: 'identified',
          treatment: 'mitigate',
        },
        {
          id: outage,
          key: risk.outage?.key,
          title: 'Hosting provider outage during a consultation',
          status: 'identified',
          treatment: 'mitigate',
        },
      ]);
      expect(linked.version).toBe(before.version + 1);
      expect((await audits('control.risks_linked')).at(-1)).toMatchObject({
        subject_id: id,
        changes: { riskIds: { before: [], after: [portal, outage].sort() } },
      });
      // the contributor who owns A.5.15 links it too
      const owned = await read(other);
      expect((await link('carl', other, { version: owned.version, riskIds: [portal] })).statusCode).toBe(200);
      expect((await link('cora', other, { version: owned.version + 1, riskIds: [] })).statusCode).toBe(403);

      expect((await list(`riskId=${portal}`)).map((c) => c.key)).toEqual(['A.5.15', 'A.8.3']);
      expect((await list(`riskId=${outage}`)).map((c) => c.key)).toEqual(['A.8.3']);
      expect((await list()).find((c) => c.id === id)?.risks.map((r) => r.key)).toEqual([
        risk.portal?.key,
        risk.outage?.key,
      ]);

      const byRisk = await controlsOfRisks(db, acme, [portal, outage, risk.old?.id ?? '']);
      expect(byRisk.get(portal)).toEqual([
        { controlId: other, key: 'A.5.15', title: 'Access control' },
        { controlId: id, key: 'A.8.3', title: 'Information access restriction' },
      ]);
      expect(byRisk.get(outage)).toEqual([
        { controlId: id, key: 'A.8.3', title: 'Information access restriction' },
      ]);
      expect(byRisk.has(risk.old?.id ?? '')).toBe(false);
      // and the risk itself shows them
      const fromRisk = await send('officer', 'GET', `/api/v1/risks/${portal}`);
      expect(fromRisk.json().links.controls).toEqual(byRisk.get(portal));
      expect((await controlsOfRisks(db, globex, [portal])).size).toBe(0);
      expect((await controlsOfRisks(db, acme, [])).size).toBe(0);

      // the same set again changes nothing; an empty set unlinks
      const again = await link('officer', id, { version: linked.version, riskIds: [portal, outage] });
      expect(again.json().version).toBe(linked.version);
      const unlinked = await link('officer', id, { version: linked.version, riskIds: [] });
      expect(unlinked.json().risks).toEqual([]);
      expect((await controlsOfRisks(db, acme, [outage])).has(outage)).toBe(false);
    });

    it('refuses to newly link a closed risk', async () => {
      const id = idOf('A.8.4');
      const res = await link('officer', id, { version: 1, riskIds: [risk.old?.id] });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        { field: 'body.riskIds.0', message: `${risk.old?.key} is closed: reopen it before linking it` },
      ]);
      expect((await read(id)).risks).toEqual([]);
    });
  });

  describe('filters', () => {
    it('filters by theme, source, applicability, status and owner', async () => {
      expect(await keys('theme=people')).toEqual(
        ANNEX_A.filter((c) => c.theme === 'people').map((c) => `A.${c.ref}`),
      );
      expect(await keys('source=custom')).toEqual(['VC-1', 'VC-2']);
      expect(await keys('applicability=not_applicable')).toEqual(['A.7.1']);
      expect(await keys('status=partially_implemented')).toEqual(['A.5.15']);
      expect(await keys(`ownerId=${member('carl')}`)).toEqual(['A.5.15', 'VC-1']);
      expect(await keys('theme=physical&applicability=applicable')).toEqual(['A.7.2']);
      expect((await send('officer', 'GET', '/api/v1/controls?theme=organizational')).statusCode).toBe(422);
    });

    it('filters by every attribute, alone and together', async () => {
      const annex = (test: (c: (typeof ANNEX_A)[number]) => boolean) =>
        ANNEX_A.filter(test).map((c) => `A.${c.ref}`);
      const detective = annex((c) => c.attributes.controlTypes.includes('detective'));
      expect(detective.length).toBeGreaterThan(5);
      expect(await keys('controlType=detective')).toEqual([...detective, 'VC-1', 'VC-2']);
      expect(await keys('capability=identity_and_access_management')).toEqual(
        annex((c) => c.attributes.capabilities.includes('identity_and_access_management')),
      );
      expect(await keys('domain=resilience&concept=recover')).toEqual(
        annex(
          (c) => c.attributes.domains.includes('resilience') && c.attributes.concepts.includes('recover'),
        ),
      );
      expect(await keys('property=availability&controlType=corrective')).toEqual(
        annex(
          (c) =>
            c.attributes.properties.includes('availability') &&
            c.attributes.controlTypes.includes('corrective'),
        ),
      );
    });

    it('searches keys, titles and implementation descriptions, with LIKE wildcards taken literally', async () => {
      expect(await keys('q=a.5.1')).toEqual(['A.5.1', ...Array.from({ length: 10 }, (_, i) => `A.5.1${i}`)]);
      expect(await keys('q=THREAT')).toEqual(['A.5.7', 'A.7.5']);
      expect(await keys('q=vc-2')).toEqual(['VC-2']);
      expect(await keys('q=quarterly')).toEqual(['A.5.15']);
      expect(await keys('q=%25')).toEqual([]);
      expect(await keys('q=_')).toEqual([]);
    });
  });

  describe('CSF 2.0 coverage', () => {
    it('shows which subcategories the implemented applicable controls cover', async () => {
      const coverage = async () => {
        const res = await send('auditor', 'GET', '/api/v1/controls/coverage/csf');
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as TCsfCoverage;
      };
      const start = await coverage();
      expect(start.items).toHaveLength(106);
      expect(start.items.map((i) => i.id)).toEqual(CSF_SUBCATEGORIES.map((s) => s.id));
      const notMapped = CSF_SUBCATEGORIES.filter((s) => s.controls.length === 0).length;
      expect(start.summary.not_mapped).toBe(notMapped);
      expect(start.summary.covered + start.summary.partial + start.summary.not_covered + notMapped).toBe(106);

      // a subcategory with one mapped control, and one with several
      const single = CSF_SUBCATEGORIES.find(
        (s) => s.controls.length === 1 && !['5.15', '7.1', '7.2', '8.5'].includes(s.controls[0] ?? ''),
      );
      const several = CSF_SUBCATEGORIES.find(
        (s) => s.controls.length >= 3 && s.controls.every((r) => !['5.15', '7.1', '7.2', '8.5'].includes(r)),
      );
      if (!single || !several) throw new Error('the catalogue has no suitable subcategories');
      const implement = async (ref: string) => {
        const control = await read(idOf(`A.${ref}`));
        const res = await edit('officer', control.id, {
          version: control.version,
          applicability: 'applicable',
          implementationStatus: 'implemented',
        });
        expect(res.statusCode, res.body).toBe(200);
      };
      expect(start.items.find((i) => i.id === single.id)?.status).toBe('not_covered');
      await implement(single.controls[0] ?? '');
      await implement(several.controls[0] ?? '');
      const after = await coverage();
      expect(after.items.find((i) => i.id === single.id)).toMatchObject({
        status: 'covered',
        controls: [{ key: `A.${single.controls[0]}` }],
      });
      const mixed = after.items.find((i) => i.id === several.id);
      expect(mixed?.status).toBe('partial');
      expect(mixed?.controls.map((c) => c.key)).toEqual(several.controls.map((r) => `A.${r}`));

      // excluding the other mapped controls leaves the implemented one covering the subcategory
      for (const ref of several.controls.slice(1)) {
        const control = await read(idOf(`A.${ref}`));
        const res = await edit('officer', control.id, {
          version: control.version,
          applicability: 'not_applicable',
          exclusionJustification: 'Not relevant to us',
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      expect((await coverage()).items.find((i) => i.id === several.id)?.status).toBe('covered');
    });
  });

  describe('backup', () => {
    it('restores the register with its links, attributes and justifications exactly', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-controls-backup-'));
      afterTestFile(() => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'controls.vigil.gz');
      await createBackup(db, dialect, file, { vigilVersion: '0.1.0-test' });
      const target = await freshDatabase(dialect);
      await restoreBackup(target.db, dialect, file);
      const mine = (name: string) => name === 'controls' || name === 'control_risks';
      const ours = (await tableDigests(db)).filter((t) => mine(t.name));
      expect(ours.map((t) => t.name).sort()).toEqual(['control_risks', 'controls']);
      expect(ours.every((t) => t.rows > 0)).toBe(true);
      expect((await tableDigests(target.db)).filter((t) => mine(t.name))).toEqual(ours);
      const restoredApp = await buildTestApp(dialect, { database: target });
      const res = await restoredApp.inject({
        method: 'GET',
        url: '/api/v1/controls',
        headers: cast.as('officer'),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual(await list());
    });
  });
});
