import type { TSoa, TSoaCurrentEntry, TSoaEntry, TSoaVersion, TSoaWarning } from '@vigil/contracts';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import { pdfText } from '../../../test/pdf-text.ts';
import { ANNEX_A } from '../../catalogue/annex-a.ts';
import type { DB } from '../../db/types.ts';
import { STANDARD_FONTS } from '../risk-files/pdf-report.ts';
import { renderSoaPdf } from './soa-pdf.ts';

/** The text of every row of a worksheet, by row number (1-based), cells 1-based as text. */
function sheetRows(sheet: ExcelJS.Worksheet): Map<number, string[]> {
  const rows = new Map<number, string[]>();
  sheet.eachRow({ includeEmpty: false }, (row, n) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.set(
      n,
      Array.from(values, (v) => (v === null || v === undefined ? '' : String(v))),
    );
  });
  return rows;
}

const HEADER = [
  'Control',
  'Title',
  'Theme',
  'Applicable',
  'Justification',
  'Status',
  'Description',
  'Owner',
  'Linked risks',
  'Last check',
];

/** The entry of a current row: what a version freezes. */
const frozen = ({ controlVersion: _, ...entry }: TSoaCurrentEntry): TSoaEntry => entry;

describeEachDialect('statement of applicability', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  const clock = new Date('2026-03-15T12:00:00.000Z');
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  const { member, send } = cast;
  const risk: Record<string, { id: string; key: string; title: string }> = {};
  let globexVersion: string;
  let v1: TSoaVersion;
  let v2: TSoaVersion;

  const soaNow = async (who = 'officer') => {
    const res = await send(who, 'GET', '/api/v1/soa');
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TSoa;
  };
  const entry = async (key: string) => {
    const found = (await soaNow()).items.find((e) => e.key === key);
    if (!found) throw new Error(`no control ${key}`);
    return found;
  };
  const edit = async (key: string, payload: Record<string, unknown>) => {
    const current = await entry(key);
    const res = await send('officer', 'PATCH', `/api/v1/controls/${current.controlId}`, {
      version: current.controlVersion,
      ...payload,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const link = async (key: string, riskIds: string[]) => {
    const current = await entry(key);
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/controls/${current.controlId}/risks`,
      headers: cast.as('officer'),
      payload: { version: current.controlVersion, riskIds },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const kindsOf = async (key: string) =>
    (await soaNow()).warnings.filter((w) => w.subject.key === key).map((w) => w.kind);
  const publish = (who: string, payload: Record<string, unknown>) =>
    send(who, 'POST', '/api/v1/soa/versions', payload);
  const versionCount = async () =>
    Number(
      (
        await db
          .selectFrom('soa_versions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', acme)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = (action: string) =>
    db
      .selectFrom('audit_events')
      .select(['changes', 'subject_id', 'actor_id'])
      .where('organisation_id', '=', acme)
      .where('action', '=', action)
      .orderBy('seq')
      .execute();
  const download = async (who: string, url: string) => {
    const res = await send(who, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };
  const workbook = async (payload: Buffer) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(payload as unknown as Parameters<typeof book.xlsx.load>[0]);
    return book;
  };

  /** What the organisation decided for each Annex A control once the SoA is complete (see below). */
  const decision = (ref: string, index: number) => {
    if (ref === '5.1' || ref === '5.2') return null; // decided by the warnings test
    if (index % 10 === 3)
      return { kind: 'excluded' as const, text: `Excluded A.${ref}: Acme has no such activity` };
    if (ref.startsWith('7.') && index % 2 === 0)
      return { kind: 'inherited' as const, text: 'Hosting provider' };
    return { kind: 'implemented' as const, text: `Acme note A.${ref}: required by the municipal contract` };
  };

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => clock });
    acme = await seedOrganisation(db, 'Acme Engagement');
    await db
      .updateTable('organisations')
      .set({ time_zone: 'Europe/Amsterdam' })
      .where('id', '=', acme)
      .execute();
    const globex = await seedOrganisation(db, 'Globex canary-globex-50a7');
    for (const [key, role, name] of [
      ['officer', 'security_officer', 'Sam Officer'],
      ['top', 'top_management', 'Tia Top'],
      ['auditor', 'external_auditor', 'Ian Auditor'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['eve', 'employee', 'Eve Employee'],
    ] as const) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'admin', { name: 'Gina canary-globex-50a7' });
    h.globex = await signIn(app, m.globex.email);

    for (const [key, title, treatment] of [
      ['portal', 'Broken access control exposes citizens’ submissions', 'mitigate'],
      ['outage', 'Hosting provider outage during a consultation', 'mitigate'],
      ['phishing', 'Phishing of support staff', 'accept'],
      ['closed', 'Old file server', 'mitigate'],
    ] as const) {
      const res = await send('officer', 'POST', '/api/v1/risks', {
        title,
        ownerId: member('officer'),
        inherent: { likelihood: 3, impact: 3 },
        treatment,
      });
      expect(res.statusCode, res.body).toBe(201);
      risk[key] = { ...res.json(), title };
    }
    const closed = await send('officer', 'POST', `/api/v1/risks/${risk.closed?.id}/close`, { version: 1 });
    expect(closed.statusCode, closed.body).toBe(200);

    const theirs = await send('globex', 'POST', '/api/v1/controls', {
      title: 'Globex control canary-globex-50a7',
      theme: 'people',
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const published = await publish('globex', {
      approvalNote: 'canary-globex-50a7',
      acknowledgeWarnings: true,
    });
    expect(published.statusCode, published.body).toBe(201);
    globexVersion = published.json().id;
  });

  describe('the current SoA', () => {
    it('lists every control in key order, undecided at first, with the counts and a warning for each gap', async () => {
      const soa = await soaNow('auditor');
      expect(soa.latestVersion).toBeNull();
      expect(soa.items.map((e) => e.key)).toEqual(ANNEX_A.map((c) => `A.${c.ref}`));
      expect(soa.items.map((e) => e.title)).toEqual(ANNEX_A.map((c) => c.title));
      expect(soa.items[0]).toEqual({
        controlId: soa.items[0]?.controlId,
        key: 'A.5.1',
        source: 'annex_a',
        title: 'Policies for information security',
        theme: 'organisational',
        description: '',
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
        health: null,
        controlVersion: 1,
      });
      expect(soa.summary).toEqual({
        controls: 93,
        annexA: 93,
        custom: 0,
        applicable: 0,
        notApplicable: 0,
        undecided: 93,
        implementation: {
          not_started: 0,
          planned: 0,
          partially_implemented: 0,
          implemented: 0,
          inherited: 0,
        },
        warnings: 95,
      });
      expect(soa.warnings.slice(0, 93).map((w) => [w.kind, w.subject.key])).toEqual(
        ANNEX_A.map((c) => ['undecided', `A.${c.ref}`]),
      );
      // the open risks treated by mitigation, by key; not the accepted one, not the closed one
      expect(soa.warnings.slice(93)).toEqual([
        {
          kind: 'risk_without_control',
          subject: { type: 'risk', id: risk.portal?.id, key: risk.portal?.key },
          message: `${risk.portal?.key} (Broken access control exposes citizens’ submissions) is treated by mitigation, but no applicable control treats it: link the controls that mitigate it`,
        },
        expect.objectContaining({
          kind: 'risk_without_control',
          subject: expect.objectContaining({ key: risk.outage?.key }),
        }),
      ]);
      expect(JSON.stringify(soa)).not.toContain('canary-globex');
    });

    it('shows each completeness warning until its gap is fixed', async () => {
      expect(await kindsOf('A.5.1')).toEqual(['undecided']);
      await edit('A.5.1', { applicability: 'applicable' });
      expect(await kindsOf('A.5.1')).toEqual(['inclusion_unjustified', 'implementation_unscheduled']);
      await edit('A.5.1', { inclusionReasons: ['risk_treatment'], implementationStatus: 'planned' });
      expect(await kindsOf('A.5.1')).toEqual(['risk_treatment_without_risks', 'implementation_unscheduled']);
      expect((await soaNow()).warnings.find((w) => w.subject.key === 'A.5.1')?.message).toBe(
        'A.5.1 is included for risk treatment but treats no risk: link the risks it treats, or choose another reason',
      );
      expect(await kindsOf(risk.portal?.key ?? '')).toEqual(['risk_without_control']);
      await link('A.5.1', [risk.portal?.id ?? '']);
      expect(await kindsOf('A.5.1')).toEqual(['implementation_unscheduled']);
      expect((await soaNow()).warnings.find((w) => w.subject.key === 'A.5.1')?.message).toBe(
        'A.5.1 is planned and has no target date: set when it will be implemented',
      );
      expect(await kindsOf(risk.portal?.key ?? '')).toEqual([]);
      await edit('A.5.1', { targetDate: '2026-06-30' });
      expect(await kindsOf('A.5.1')).toEqual([]);

      // The API refuses an exclusion without a justification; a register written otherwise (an older
      // release, the database directly) may still hold one, and the SoA must say so.
      await db
        .updateTable('controls')
        .set({ applicability: 'not_applicable', exclusion_justification: null })
        .where('organisation_id', '=', acme)
        .where('annex_ref', '=', '5.2')
        .execute();
      expect(await kindsOf('A.5.2')).toEqual(['exclusion_unjustified']);
      // a risk treated only by an excluded control is still without a control
      await link('A.5.2', [risk.outage?.id ?? '']);
      expect(await kindsOf(risk.outage?.key ?? '')).toEqual(['risk_without_control']);
      await edit('A.5.2', { exclusionJustification: 'Roles are set by the parent ministry' });
      expect(await kindsOf('A.5.2')).toEqual([]);
      expect(await kindsOf(risk.outage?.key ?? '')).toEqual(['risk_without_control']);
      await edit('A.5.2', {
        applicability: 'applicable',
        inclusionReasons: ['risk_treatment', 'legal_regulatory'],
        inclusionNote: 'Municipal security regulation, article 4',
        implementationStatus: 'partially_implemented',
        exclusionJustification: null,
      });
      expect(await kindsOf('A.5.2')).toEqual([]);
      expect(await kindsOf(risk.outage?.key ?? '')).toEqual([]);

      // not started without a date is unscheduled too
      await edit('A.5.3', { applicability: 'applicable', inclusionReasons: ['business_need'] });
      expect((await soaNow()).warnings.find((w) => w.subject.key === 'A.5.3')?.message).toBe(
        'A.5.3 is not started and has no target date: set when it will be implemented',
      );

      const soa = await soaNow();
      expect(soa.summary).toMatchObject({
        applicable: 3,
        notApplicable: 0,
        undecided: 90,
        implementation: {
          not_started: 1,
          planned: 1,
          partially_implemented: 1,
          implemented: 0,
          inherited: 0,
        },
        warnings: 91,
      });
      expect((await entry('A.5.1')).risks).toEqual([
        {
          id: risk.portal?.id,
          key: risk.portal?.key,
          title: risk.portal?.title,
          status: 'identified',
          treatment: 'mitigate',
        },
      ]);
    });

    it('is read with control:read only', async () => {
      expect((await send('carl', 'GET', '/api/v1/soa')).statusCode).toBe(200);
      expect((await send('eve', 'GET', '/api/v1/soa')).statusCode).toBe(403);
      expect((await send('eve', 'GET', '/api/v1/soa/versions')).statusCode).toBe(403);
      expect((await send('eve', 'GET', '/api/v1/soa/export?format=pdf')).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/v1/soa', headers: SPA_HEADERS })).statusCode).toBe(
        401,
      );
    });
  });

  describe('versions', () => {
    it('refuses to publish with completeness warnings unless they are acknowledged, and only to soa:publish', async () => {
      const soa = await soaNow();
      const refused = await publish('officer', { approvalNote: 'First' });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json()).toMatchObject({
        code: 'validation_failed',
        detail: `The SoA has ${soa.warnings.length} completeness warnings: fix them, or acknowledge them to publish anyway`,
        errors: [
          {
            field: 'body.acknowledgeWarnings',
            message: `Acknowledge the ${soa.warnings.length} completeness warnings to publish this version with them`,
          },
        ],
        warnings: soa.warnings,
      });
      expect((await publish('officer', { acknowledgeWarnings: false })).statusCode).toBe(422);
      for (const who of ['carl', 'auditor', 'eve'])
        expect((await publish(who, { acknowledgeWarnings: true })).statusCode, who).toBe(403);
      const bad = await publish('officer', { approvalNote: 'x'.repeat(4001), acknowledgeWarnings: 'yes' });
      expect(bad.statusCode).toBe(422);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['body.acknowledgeWarnings', 'body.approvalNote']);
      expect(await versionCount()).toBe(0);
      expect(await audits('soa_version.published')).toEqual([]);
    });

    it('freezes a numbered version with its approver, which later edits never change', async () => {
      const before = await soaNow();
      const res = await publish('top', {
        approvalNote: '  Interim SoA for the stage 1 audit ',
        acknowledgeWarnings: true,
      });
      expect(res.statusCode, res.body).toBe(201);
      v1 = res.json();
      expect(v1).toEqual({
        id: v1.id,
        number: 1,
        approvedBy: { id: m.top?.userId, name: 'Tia Top', role: 'top_management' },
        approvedAt: clock.toISOString(),
        approvalNote: 'Interim SoA for the stage 1 audit',
        summary: before.summary,
        acknowledgedWarnings: before.warnings,
        items: before.items.map(frozen),
      });
      expect(
        (await audits('soa_version.published')).map((e) => [e.subject_id, e.actor_id, e.changes]),
      ).toEqual([
        [
          v1.id,
          m.top?.userId,
          {
            number: { before: null, after: 1 },
            approverRole: { before: null, after: 'top_management' },
            approvalNote: { before: null, after: 'Interim SoA for the stage 1 audit' },
            controls: { before: null, after: 93 },
            acknowledgedWarnings: { before: null, after: before.warnings.length },
          },
        ],
      ]);
      expect((await soaNow()).latestVersion).toBe(1);

      // edits after publishing: justification, status, owner, links, a renamed risk, a new control
      await edit('A.5.1', {
        inclusionReasons: ['risk_treatment', 'contractual'],
        inclusionNote: 'Changed after version 1',
        implementationStatus: 'implemented',
        ownerId: member('carl'),
      });
      await link('A.5.1', [risk.portal?.id ?? '', risk.outage?.id ?? '']);
      const renamed = await send('officer', 'PATCH', `/api/v1/risks/${risk.portal?.id}`, {
        version: 1,
        title: 'Renamed after version 1',
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      const added = await send('officer', 'POST', '/api/v1/controls', {
        title: '=HYPERLINK("http://evil.example","Click")',
        description: 'Screening of volunteers who moderate consultations',
        theme: 'people',
        applicability: 'applicable',
        inclusionReasons: ['business_need'],
        implementationStatus: 'implemented',
        implementationDescription: '@SUM(1+1) background checks by HR',
      });
      expect(added.statusCode, added.body).toBe(201);

      const again = await send('auditor', 'GET', `/api/v1/soa/versions/${v1.id}`);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual(v1);
      expect(again.body).not.toContain('Changed after version 1');
      expect(again.body).not.toContain('Renamed after version 1');
    });

    it('publishes a complete SoA without acknowledgement, lists versions newest first and compares them', async () => {
      // the organisation decides every other control (the demo's kind of SoA)
      const soa = await soaNow();
      for (const [index, control] of ANNEX_A.entries()) {
        const d = decision(control.ref, index);
        if (!d) continue;
        await edit(
          `A.${control.ref}`,
          d.kind === 'excluded'
            ? { applicability: 'not_applicable', exclusionJustification: d.text }
            : d.kind === 'inherited'
              ? {
                  applicability: 'applicable',
                  inclusionReasons: ['contractual'],
                  implementationStatus: 'inherited',
                  inheritedFrom: d.text,
                }
              : {
                  applicability: 'applicable',
                  inclusionReasons: ['legal_regulatory', 'business_need'],
                  inclusionNote: d.text,
                  implementationStatus: 'implemented',
                  implementationDescription: `How Acme does A.${control.ref}`,
                  ownerId: member('officer'),
                },
        );
      }
      expect(soa.items).toHaveLength(94);
      const complete = await soaNow();
      expect(complete.warnings).toEqual([]);

      const res = await publish('officer', {});
      expect(res.statusCode, res.body).toBe(201);
      v2 = res.json();
      expect(v2).toMatchObject({
        number: 2,
        approvedBy: { id: m.officer?.userId, name: 'Sam Officer', role: 'security_officer' },
        approvalNote: '',
        acknowledgedWarnings: [],
        summary: { ...complete.summary, warnings: 0 },
      });
      expect(v2.items).toEqual(complete.items.map(frozen));

      const list = await send('auditor', 'GET', '/api/v1/soa/versions');
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((v: { number: number }) => v.number)).toEqual([2, 1]);
      const { items: _v1Items, ...v1Summary } = v1;
      expect(list.json().items[1]).toEqual(v1Summary);
      expect(list.body).not.toContain('canary-globex');

      const compared = await send('auditor', 'GET', `/api/v1/soa/versions/compare?from=${v1.id}&to=${v2.id}`);
      expect(compared.statusCode, compared.body).toBe(200);
      const comparison = compared.json();
      const { items: _v2Items, ...v2Summary } = v2;
      expect(comparison.from).toEqual(v1Summary);
      expect(comparison.to).toEqual(v2Summary);
      expect(comparison.added.map((e: TSoaEntry) => [e.key, e.source])).toEqual([['VC-1', 'custom']]);
      expect(comparison.removed).toEqual([]);
      const a51 = comparison.changed.find((c: { key: string }) => c.key === 'A.5.1');
      expect(a51).toEqual({
        controlId: v1.items[0]?.controlId,
        key: 'A.5.1',
        fields: ['inclusionReasons', 'inclusionNote', 'implementationStatus', 'owner', 'risks'],
        from: v1.items[0],
        to: v2.items[0],
      });
      // A.5.2 kept its decision; every other Annex A control was decided since version 1
      expect(comparison.unchanged).toBe(1);
      expect(comparison.changed).toHaveLength(92);
      expect(comparison.changed.find((c: { key: string }) => c.key === 'A.5.4')?.fields).toEqual([
        'applicability',
        'exclusionJustification',
      ]);
    });

    it("answers another organisation's version with 404 and bad queries with 422", async () => {
      expect((await send('officer', 'GET', `/api/v1/soa/versions/${globexVersion}`)).statusCode).toBe(404);
      for (const [from, to] of [
        [v1.id, globexVersion],
        [globexVersion, v1.id],
      ]) {
        const res = await send('officer', 'GET', `/api/v1/soa/versions/compare?from=${from}&to=${to}`);
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain('canary-globex');
      }
      const bad = await send('officer', 'GET', '/api/v1/soa/versions/compare?from=nope');
      expect(bad.statusCode).toBe(422);
      expect(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['querystring.from', 'querystring.to']);
      expect((await send('officer', 'GET', '/api/v1/soa/export?format=csv')).statusCode).toBe(422);
      expect(
        (await send('officer', 'GET', `/api/v1/soa/versions/${globexVersion}/export?format=pdf`)).statusCode,
      ).toBe(404);
    });
  });

  describe('exports', () => {
    /** The Justification cell the organisation's decisions give an Annex A control. */
    const justification = (ref: string, index: number) => {
      const d = decision(ref, index);
      if (!d) return null;
      if (d.kind === 'excluded') return d.text;
      if (d.kind === 'inherited') return 'Contractual requirement';
      return `Legal or regulatory requirement; Business need\n${d.text}`;
    };

    it('writes the current SoA as an XLSX draft an auditor can filter: every control, title and justification', async () => {
      const res = await download('auditor', '/api/v1/soa/export?format=xlsx');
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="statement-of-applicability-draft-2026-03-15.xlsx"; filename*=UTF-8''statement-of-applicability-draft-2026-03-15.xlsx`,
      );
      expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      const book = await workbook(res.rawPayload);
      const sheet = book.getWorksheet('Statement of Applicability');
      if (!sheet) throw new Error('no SoA sheet');
      const rows = sheetRows(sheet);
      expect(rows.get(1)).toEqual(['Statement of Applicability']);
      expect(rows.get(2)).toEqual(['Acme Engagement']);
      expect(rows.get(3)).toEqual(['Draft — not published']);
      expect(rows.get(4)).toEqual(['Generated 2026-03-15 13:00 (Europe/Amsterdam) by Ian Auditor']);
      const headerRow = [...rows].find(([, cells]) => cells[0] === 'Control')?.[0] ?? 0;
      expect(rows.get(headerRow)).toEqual(HEADER);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
      expect(sheet.autoFilter).toBe(`A${headerRow}:J${headerRow + 94}`);
      expect(sheet.getRow(headerRow + 1).getCell(5).alignment).toMatchObject({ wrapText: true });
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });

      const body = [...rows].filter(([n]) => n > headerRow).map(([, cells]) => cells);
      expect(body).toHaveLength(94);
      for (const [index, control] of ANNEX_A.entries()) {
        const row = body[index] ?? [];
        expect(row.slice(0, 2)).toEqual([`A.${control.ref}`, control.title]);
        const expected = justification(control.ref, index);
        if (expected !== null) expect(row[4]).toBe(expected);
      }
      const a51 = body[0] ?? [];
      expect(a51).toEqual([
        'A.5.1',
        'Policies for information security',
        'Organisational',
        'Yes',
        'Risk treatment; Contractual requirement\nChanged after version 1',
        'Implemented',
        '',
        'Carl Contributor',
        `${risk.portal?.key} Renamed after version 1\n${risk.outage?.key} Hosting provider outage during a consultation`,
        // the last check stays empty until control checks exist
        '',
      ]);
      const inherited = ANNEX_A.findIndex((c, i) => decision(c.ref, i)?.kind === 'inherited');
      expect(body[inherited]?.[5]).toBe('Inherited from Hosting provider');
      // text that starts like a formula stays text
      const custom = body[93] ?? [];
      expect(custom.slice(0, 7)).toEqual([
        'VC-1',
        `'=HYPERLINK("http://evil.example","Click")`,
        'People',
        'Yes',
        'Business need',
        'Implemented',
        'Screening of volunteers who moderate consultations\n@SUM(1+1) background checks by HR',
      ]);
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        }),
      );
      const warnings = book.getWorksheet('Completeness warnings');
      expect(warnings && sheetRows(warnings).get(1)).toEqual(['Warning', 'Control or risk', 'What to do']);
      expect(warnings?.rowCount).toBe(1);
      expect(JSON.stringify([...rows])).not.toContain('canary-globex');
    });

    it('writes a version as a landscape PDF with its number, approver, every control and repeated headers', async () => {
      const res = await download('auditor', `/api/v1/soa/versions/${v2.id}/export?format=pdf`);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="statement-of-applicability-v2.pdf"; filename*=UTF-8''statement-of-applicability-v2.pdf`,
      );
      expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(res.rawPayload.toString('latin1')).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
      // a line may break after a hyphen ("non-" / "disclosure"): the reader joins lines with a space
      const text = pdfText(res.rawPayload).replaceAll('- ', '-');
      expect(text).toContain('Statement of Applicability Acme Engagement');
      expect(text).toContain(
        'Version 2, approved by Sam Officer (security officer) on 2026-03-15 13:00 (Europe/Amsterdam)',
      );
      expect(text).toContain('Generated 2026-03-15 13:00 (Europe/Amsterdam) by Ian Auditor');
      expect(text).not.toContain('Draft');
      for (const [index, control] of ANNEX_A.entries()) {
        expect(text).toContain(`A.${control.ref} ${control.title} `);
        const expected = justification(control.ref, index);
        if (expected !== null) expect(text).toContain(expected.replace('\n', ' '));
      }
      expect(text).toContain('Risk treatment; Contractual requirement Changed after version 1');
      expect(text).toContain('Inherited from Hosting provider');
      const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
      expect(pages).toBeGreaterThan(2);
      expect(text).toContain(`Page ${pages} of ${pages}`);
      // the table's header is drawn again at the top of every page it continues on
      const headers = text.split(HEADER.join(' ')).length - 1;
      expect(headers).toBeGreaterThanOrEqual(pages - 1);
      expect(text).not.toContain('canary-globex');
    });

    it('exports a version as it was published, not as edited since, and the draft as a draft', async () => {
      const v1Xlsx = await download('officer', `/api/v1/soa/versions/${v1.id}/export?format=xlsx`);
      expect(v1Xlsx.headers['content-disposition']).toBe(
        `attachment; filename="statement-of-applicability-v1.xlsx"; filename*=UTF-8''statement-of-applicability-v1.xlsx`,
      );
      const book = await workbook(v1Xlsx.rawPayload);
      const rows = sheetRows(book.getWorksheet('Statement of Applicability') as ExcelJS.Worksheet);
      expect(rows.get(3)).toEqual([
        'Version 1, approved by Tia Top (top management) on 2026-03-15 13:00 (Europe/Amsterdam)',
      ]);
      expect(rows.get(4)).toEqual(['Approval note: Interim SoA for the stage 1 audit']);
      const body = [...rows.values()].filter((cells) => /^(A\.|VC-)/.test(cells[0] ?? ''));
      expect(body).toHaveLength(93);
      expect(body[0]?.slice(0, 9)).toEqual([
        'A.5.1',
        'Policies for information security',
        'Organisational',
        'Yes',
        'Risk treatment',
        'Planned',
        '',
        '',
        `${risk.portal?.key} Broken access control exposes citizens’ submissions`,
      ]);
      expect(body[3]?.[3]).toBe('Undecided');
      // the warnings the approver acknowledged travel with the version
      const warnings = sheetRows(book.getWorksheet('Completeness warnings') as ExcelJS.Worksheet);
      expect(warnings.get(1)).toEqual(['Warning', 'Control or risk', 'Acknowledged by the approver']);
      expect([...warnings.values()].slice(1).map((r) => r[1])).toEqual(
        v1.acknowledgedWarnings.map((w: TSoaWarning) => w.subject.key),
      );

      const draft = pdfText((await download('officer', '/api/v1/soa/export?format=pdf')).rawPayload);
      expect(draft).toContain('Draft — not published');
      expect(draft).toContain('Completeness warnings: 0');
      expect(draft).toContain('VC-1');
    });
  });
});

describe('the SoA PDF', () => {
  it('continues a row taller than a page on the next page, never cutting text off', async () => {
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const entry: TSoaEntry = {
      controlId: '0190f0a0-0000-7000-8000-000000000001',
      key: 'A.5.1',
      source: 'annex_a',
      title: 'Policies for information security',
      theme: 'organisational',
      description: '',
      applicability: 'applicable',
      inclusionReasons: ['business_need'],
      inclusionNote: null,
      exclusionJustification: null,
      implementationStatus: 'implemented',
      inheritedFrom: null,
      implementationDescription: words,
      owner: null,
      targetDate: null,
      risks: [],
      health: { status: 'partly_effective', lastCheckedOn: '2026-02-01' },
    };
    const pdf = await renderSoaPdf(
      {
        organisationName: 'Acme Überprüfung',
        timeZone: 'UTC',
        generatedAt: new Date('2026-03-15T12:00:00.000Z'),
        generatedBy: 'Ian Auditor',
        version: null,
        summary: {
          controls: 2,
          annexA: 2,
          custom: 0,
          applicable: 2,
          notApplicable: 0,
          undecided: 0,
          implementation: {
            not_started: 0,
            planned: 0,
            partially_implemented: 0,
            implemented: 2,
            inherited: 0,
          },
          warnings: 0,
        },
        warnings: [],
        entries: [
          entry,
          { ...entry, key: 'A.5.2', title: 'Information security roles and responsibilities' },
        ],
      },
      { compress: false, fonts: STANDARD_FONTS },
    );
    expect(pdf.toString('latin1')).not.toContain('/FlateDecode');
    const text = pdfText(pdf);
    // the standard fonts write Windows-1252: Latin-1 letters read back as they are
    expect(text).toContain('Statement of Applicability Acme Überprüfung Draft');
    // every word of both descriptions, in order, across the pages
    const [first = '', second = ''] = text.split('A.5.2 Information security roles');
    expect(first.match(/word\d+/g)).toEqual(words.split(' '));
    expect(second.match(/word\d+/g)).toEqual(words.split(' '));
    expect(text).toContain('A.5.1 (cont.)');
    expect(text).toContain('Partly effective on 2026-02-01');
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text.split(HEADER.join(' ')).length - 1).toBe(pages);
  });
});
