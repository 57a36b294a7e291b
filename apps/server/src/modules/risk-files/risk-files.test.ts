import { DEFAULT_METHODOLOGY, type TRiskImportReport, type TRiskSummary } from '@vigil/contracts';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Kysely, KyselyPlugin } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import { pdfText } from '../../../test/pdf-text.ts';
import { permissionsOf } from '../../authz/actor.ts';
import type { DB } from '../../db/types.ts';
import { withRiskReaders } from '../risks/risks.readers.ts';
import { renderRiskReport, STANDARD_FONTS } from './pdf-report.ts';
import { multipartFile } from './risk-files.matrix.ts';
import { importRisks } from './risk-files.service.ts';

const REGISTER_HEADER = [
  'Key',
  'Title',
  'Threat',
  'Vulnerability',
  'Consequence',
  'Category',
  'Owner',
  'Owner email',
  'Assets',
  'Confidentiality',
  'Integrity',
  'Availability',
  'Inherent likelihood',
  'Inherent impact',
  'Inherent level',
  'Treatment',
  'Residual likelihood',
  'Residual impact',
  'Residual level',
  'Status',
  'Next review',
  'Review overdue',
  'Tags',
  'Acceptance',
  'Methodology version',
];

const IMPORT_HEADER = [
  'Title',
  'Threat',
  'Vulnerability',
  'Consequence',
  'Category',
  'Owner email',
  'Assets',
  'Confidentiality',
  'Integrity',
  'Availability',
  'Inherent likelihood',
  'Inherent impact',
  'Treatment',
  'Residual likelihood',
  'Residual impact',
  'Status',
  'Tags',
];

/** A CSV line as a spreadsheet would save it: quotes only where needed. */
const csvLine = (cells: readonly (string | number)[]) =>
  cells
    .map((c) => {
      const text = String(c);
      return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
const csvFile = (rows: readonly (readonly (string | number)[])[]) => `${rows.map(csvLine).join('\r\n')}\r\n`;

const HIGH = { key: 'high', label: 'High', colour: '#c92a2a' };
const LOW = { key: 'low', label: 'Low', colour: '#2b8a3e' };

/** A register row as the risks service lists it, for report tests without a database. */
function summary(i: number, title: string): TRiskSummary {
  return {
    id: `0190f1a2-0000-7000-8000-${String(i).padStart(12, '0')}`,
    key: `RISK-${i}`,
    title,
    threat: '',
    vulnerability: '',
    consequence: '',
    category: null,
    owner: { id: '0190f1a2-0000-7000-8000-000000000000', name: 'Carl Contributor' },
    affects: { confidentiality: true, integrity: false, availability: false },
    methodologyVersion: 1,
    inherent: { likelihood: 4, impact: 4, level: HIGH },
    treatment: 'mitigate',
    residual: { likelihood: 1, impact: 2, level: LOW },
    level: LOW,
    status: 'in_treatment',
    nextReviewOn: '2027-03-15',
    reviewOverdue: false,
    tags: [],
    acceptance: { current: null, stale: false, staleReasons: [] },
    closedAt: null,
    createdAt: '2026-03-15T12:00:00.000Z',
    updatedAt: '2026-03-15T12:00:00.000Z',
    version: 1,
  };
}

describe('the PDF report, rendered', () => {
  const model = (risks: TRiskSummary[]) => ({
    organisationName: 'Acme Engagement',
    generatedAt: new Date('2026-03-15T23:30:00.000Z'),
    timeZone: 'Europe/Amsterdam',
    generatedBy: 'Sam Officer',
    methodology: { version: 1, definition: DEFAULT_METHODOLOGY },
    filters: [],
    risks: risks.map((risk) => ({ risk, actions: [] })),
  });

  it('writes text outside Windows-1252 as "?" with the standard fonts, never failing on it', async () => {
    const pdf = await renderRiskReport(model([summary(1, 'Утечка 数据 in the portal')]), {
      fonts: STANDARD_FONTS,
      compress: false,
    });
    const text = pdfText(pdf);
    expect(text).toContain('RISK-1 ?????? ?? in the portal');
    // 23:30 UTC is past midnight in Amsterdam
    expect(text).toContain('Generated 2026-03-16 00:30 (Europe/Amsterdam) by Sam Officer');
  });

  it('carries the register over pages with its header repeated, numbering every page', async () => {
    const risks = Array.from({ length: 120 }, (_, i) =>
      summary(
        i + 1,
        `Risk ${i + 1} with a title long enough to wrap inside its narrow column of the register table`,
      ),
    );
    const text = pdfText(await renderRiskReport(model(risks), { fonts: STANDARD_FONTS }));
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThan(6);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages}`);
    const headers = text.split('Key Title Owner Inherent Treatment Residual Status Next review').length - 1;
    expect(headers).toBeGreaterThan(2);
    for (const i of [1, 60, 120]) expect(text).toContain(`RISK-${i} Risk ${i} with a title long enough`);
    expect(text).toContain(
      'RISK-120 Risk 120 with a title long enough to wrap inside its narrow column of the register table',
    );
  });

  it('flows long text over page breaks of its own, still numbering every page', async () => {
    const justification = Array.from({ length: 700 }, (_, i) => `reason${i}`).join(' ');
    const risks = Array.from({ length: 4 }, (_, i) => {
      const risk = summary(i + 1, `Accepted risk ${i + 1}`);
      return {
        ...risk,
        acceptance: {
          current: {
            id: risk.id,
            riskId: risk.id,
            acceptedBy: { id: risk.owner.id, name: 'Tia Top' },
            acceptorRole: 'top_management' as const,
            justification,
            methodologyVersion: 1,
            rating: risk.inherent,
            acceptedAt: '2026-03-01T09:00:00.000Z',
            expiresOn: '2027-03-01',
            withdrawnAt: null,
          },
          stale: false,
          staleReasons: [],
        },
      };
    });
    const text = pdfText(await renderRiskReport(model(risks), { fonts: STANDARD_FONTS }));
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages}`);
    expect(text.split('reason699').length - 1).toBe(4);
  });
});

describeEachDialect('risk files', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  const clock = new Date('2026-03-15T12:00:00.000Z');
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  const { member, send } = cast;
  const risk: Record<string, { id: string; key: string; version: number }> = {};
  const asset: Record<string, string> = {};

  const create = async (payload: Record<string, unknown>, who = 'officer') => {
    const res = await send(who, 'POST', '/api/v1/risks', payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; key: string; version: number };
  };
  const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: h[who] ?? {} });
  const upload = (
    who: string | null,
    file: { name: string; content: string | Buffer; type?: string },
    query = '',
    field = 'file',
  ) => {
    const { payload, headers } = multipartFile(file, field);
    return app.inject({
      method: 'POST',
      url: `/api/v1/risks/import${query}`,
      payload,
      headers: { ...headers, ...(who ? cast.as(who) : SPA_HEADERS) },
    });
  };
  const importCsv = (rows: readonly (readonly (string | number)[])[], query = '', who = 'officer') =>
    upload(who, { name: 'risks.csv', content: csvFile(rows), type: 'text/csv' }, query);
  const list = async (query: string): Promise<TRiskSummary[]> => {
    const res = await get('officer', `/api/v1/risks?limit=200&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const count = async (table: 'risks' | 'risk_ratings' | 'risk_assets' | 'audit_events') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', acme)
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** Everything an import may change: the register's tables, the key counter and the audit chain. */
  const snapshot = async () => ({
    risks: await count('risks'),
    ratings: await count('risk_ratings'),
    links: await count('risk_assets'),
    events: await count('audit_events'),
    keys: await db.selectFrom('key_counters').selectAll().where('organisation_id', '=', acme).execute(),
    chain: await db.selectFrom('audit_chain_heads').selectAll().where('organisation_id', '=', acme).execute(),
  });
  const refused = async (res: { statusCode: number; body: string; json: () => unknown }) => {
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json() as { code: string; report: TRiskImportReport; detail: string };
    expect(body.code).toBe('import_invalid');
    expect(body.report).toMatchObject({ valid: false, imported: 0, risks: [] });
    return body;
  };

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => clock });
    acme = await seedOrganisation(db, 'Acme Engagement');
    globex = await seedOrganisation(db, 'Globex canary-globex-5e1f');
    await db
      .updateTable('organisations')
      .set({ time_zone: 'Europe/Amsterdam' })
      .where('id', '=', acme)
      .execute();
    for (const [key, role, name] of [
      ['officer', 'security_officer', 'Sam Officer'],
      ['auditor', 'external_auditor', 'Ext Auditor'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['cora', 'contributor', 'Cora Contributor'],
      ['eve', 'employee', 'Eve Employee'],
    ] as const) {
      m[key] = await seedMember(db, acme, role, {
        name,
        email: `${key}@acme.example`,
        ...(role === 'external_auditor' ? { expiresAt: '2026-12-31T00:00:00.000Z' } : {}),
      });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.gone = await seedMember(db, acme, 'contributor', { name: 'Gone Away', email: 'gone@acme.example' });
    await db
      .updateTable('memberships')
      .set({ status: 'disabled' })
      .where('id', '=', member('gone'))
      .execute();
    m.globex = await seedMember(db, globex, 'admin', {
      name: 'Gina canary-globex-5e1f',
      email: 'gina@globex.example',
    });
    h.globex = await signIn(app, 'gina@globex.example');

    for (const [key, who, name] of [
      ['portal', 'officer', 'Consultation portal'],
      ['db', 'officer', 'Submissions database'],
      ['old', 'officer', 'Old file server'],
      ['g1', 'globex', 'Globex CRM canary-globex-5e1f'],
      ['g2', 'globex', 'Globex mail'],
      ['g3', 'globex', 'Globex wiki'],
      ['g4', 'globex', 'Globex only'],
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
    expect(
      (await send('officer', 'POST', `/api/v1/assets/${asset.old}/archive`, { version: 1 })).statusCode,
    ).toBe(200);

    risk.access = await create({
      title: 'Broken access control exposes citizens’ submissions',
      threat: 'An attacker guesses ids, "sequential"\nand reads submissions',
      vulnerability: 'No object-level checks',
      consequence: 'Citizens’ personal data exposed',
      category: 'Application security',
      assetIds: [asset.portal, asset.db],
      ownerId: member('carl'),
      affects: { confidentiality: true, integrity: false, availability: false },
      inherent: { likelihood: 4, impact: 4 },
      treatment: 'mitigate',
      residual: { likelihood: 2, impact: 3 },
      status: 'in_treatment',
      tags: ['access', 'web'],
    });
    risk.link = await create({
      title: '=HYPERLINK("http://evil.example","Click")',
      ownerId: member('cora'),
      inherent: { likelihood: 2, impact: 2 },
      treatment: 'accept',
    });
    risk.cmd = await create({
      title: '+cmd|calc',
      ownerId: member('carl'),
      inherent: { likelihood: 3, impact: 3 },
    });
    risk.sum = await create({
      title: '@SUM(1+1)',
      ownerId: member('officer'),
      inherent: { likelihood: 1, impact: 1 },
      treatment: 'accept',
    });
    risk.unicode = await create({
      title: 'Утечка данных 数据泄露 Datenleck',
      ownerId: member('carl'),
      inherent: { likelihood: 5, impact: 5 },
      treatment: 'transfer',
      residual: { likelihood: 1, impact: 2 },
    });
    risk.phishing = await create({
      title: '-2+3 Phishing of support staff',
      ownerId: member('cora'),
      inherent: { likelihood: 3, impact: 2 },
      treatment: 'mitigate',
      residual: { likelihood: 1, impact: 1 },
      tags: ['people'],
    });
    risk.closed = await create({
      title: 'Old closed risk',
      ownerId: member('carl'),
      inherent: { likelihood: 1, impact: 2 },
    });

    // accepted, then its rating changes: stale; accepted and in force
    const acceptBody = {
      justification: 'Cheaper to live with than to fix',
      expiresOn: '2027-03-01',
      version: 1,
    };
    expect(
      (await send('cora', 'POST', `/api/v1/risks/${risk.link.id}/acceptances`, acceptBody)).statusCode,
    ).toBe(201);
    const rerated = await send('officer', 'PATCH', `/api/v1/risks/${risk.link.id}`, {
      version: 2,
      inherent: { likelihood: 2, impact: 1 },
      ratingReason: 'Fewer users',
    });
    expect(rerated.statusCode, rerated.body).toBe(200);
    expect(
      (await send('officer', 'POST', `/api/v1/risks/${risk.sum.id}/acceptances`, acceptBody)).statusCode,
    ).toBe(201);
    for (const [riskKey, payload] of [
      ['access', { title: 'Add object-level checks', ownerId: member('carl'), dueOn: '2026-04-30' }],
      [
        'phishing',
        { title: 'Phishing training', ownerId: member('cora'), dueOn: '2026-01-10', status: 'in_progress' },
      ],
      [
        'phishing',
        {
          title: 'Callback before password resets',
          ownerId: member('officer'),
          dueOn: '2026-02-01',
          status: 'done',
          completionNote: 'Helpdesk script changed',
          evidenceUrl: 'https://wiki.acme.example/helpdesk',
        },
      ],
      [
        'closed',
        {
          title: 'Shred the old disks',
          ownerId: member('carl'),
          dueOn: '2026-02-01',
          status: 'done',
          completionNote: 'Shredded',
        },
      ],
    ] as const) {
      const res = await send('officer', 'POST', `/api/v1/risks/${risk[riskKey]?.id}/actions`, payload);
      expect(res.statusCode, res.body).toBe(201);
    }
    const closing = await send('officer', 'POST', `/api/v1/risks/${risk.closed.id}/close`, { version: 1 });
    expect(closing.statusCode, closing.body).toBe(200);

    const theirs = await create(
      {
        title: 'Globex risk canary-globex-5e1f',
        ownerId: m.globex.membershipId,
        inherent: { likelihood: 3, impact: 3 },
        assetIds: [asset.g1],
      },
      'globex',
    );
    const action = await send('globex', 'POST', `/api/v1/risks/${theirs.id}/actions`, {
      title: 'Globex action canary-globex-5e1f',
      ownerId: m.globex.membershipId,
      dueOn: '2026-01-01',
    });
    expect(action.statusCode, action.body).toBe(201);
  });

  describe('exporting the register', () => {
    it('writes every matching risk as CSV: UTF-8 with a BOM, RFC 4180, the list filters and sort, an attachment', async () => {
      const res = await get(
        'auditor',
        '/api/v1/risks/export?format=csv&treatment=mitigate&sort=title&direction=desc',
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="risk-register-2026-03-15.csv"; filename*=UTF-8''risk-register-2026-03-15.csv`,
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(res.body).toContain('\r\n');
      const rows = parse(res.rawPayload, { bom: true }) as string[][];
      expect(rows[0]).toEqual(REGISTER_HEADER);
      const listed = await list('treatment=mitigate&sort=title&direction=desc');
      expect(rows.slice(1).map((r) => r[0])).toEqual(listed.map((r) => r.key));
      expect(listed.map((r) => r.key)).toEqual([risk.access?.key, risk.phishing?.key]);
      expect(rows[1]).toEqual([
        risk.access?.key,
        'Broken access control exposes citizens’ submissions',
        'An attacker guesses ids, "sequential"\nand reads submissions',
        'No object-level checks',
        'Citizens’ personal data exposed',
        'Application security',
        'Carl Contributor',
        'carl@acme.example',
        'ASSET-1; ASSET-2',
        'yes',
        'no',
        'no',
        '4',
        '4',
        'High',
        'Mitigate',
        '2',
        '3',
        'Medium',
        'In treatment',
        '2026-09-15',
        'no',
        'access; web',
        'none',
        '1',
      ]);
      // neutralised: it starts with "-"
      expect(rows[2]?.[1]).toBe("'-2+3 Phishing of support staff");
      expect(res.body).not.toContain('canary-globex');
    });

    it('neutralises formulas (= + - @) with an apostrophe, and shows acceptances: none, accepted, stale', async () => {
      const res = await get('officer', '/api/v1/risks/export?format=csv');
      const rows = parse(res.rawPayload, { bom: true }) as string[][];
      const byKey = new Map(rows.slice(1).map((r) => [r[0], r]));
      const acceptance = REGISTER_HEADER.indexOf('Acceptance');
      expect(byKey.get(risk.link?.key)?.[1]).toBe('\'=HYPERLINK("http://evil.example","Click")');
      expect(byKey.get(risk.cmd?.key)?.[1]).toBe("'+cmd|calc");
      expect(byKey.get(risk.sum?.key)?.[1]).toBe("'@SUM(1+1)");
      expect(byKey.get(risk.link?.key)?.[acceptance]).toBe('stale: rating changed');
      expect(byKey.get(risk.sum?.key)?.[acceptance]).toBe('accepted until 2027-03-01');
      expect(byKey.get(risk.cmd?.key)?.[acceptance]).toBe('none');
      expect(byKey.get(risk.unicode?.key)?.[1]).toBe('Утечка данных 数据泄露 Datenleck');
      // the whole register, closed risks included, in key order
      expect(rows.slice(1).map((r) => r[0])).toEqual((await list('')).map((r) => r.key));
      expect(rows).toHaveLength(8);
    });

    it('writes XLSX: one sheet, bold frozen header, level cells in the level colour, the same values', async () => {
      const res = await get('officer', '/api/v1/risks/export?format=xlsx&level=medium');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="risk-register-2026-03-15.xlsx"; filename*=UTF-8''risk-register-2026-03-15.xlsx`,
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
      expect(workbook.worksheets).toHaveLength(1);
      const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
      expect(sheet.name).toBe('Risk register');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(REGISTER_HEADER);
      expect(sheet.getRow(1).font?.bold).toBe(true);
      // level medium: the residual level, or the inherent one while there is none
      expect((await list('level=medium')).map((r) => r.key)).toEqual([risk.access?.key, risk.cmd?.key]);
      expect(sheet.actualRowCount).toBe(3);
      const row = sheet.getRow(2);
      expect(row.getCell(1).value).toBe(risk.access?.key);
      const inherent = row.getCell(REGISTER_HEADER.indexOf('Inherent level') + 1);
      expect(inherent.value).toBe('High');
      expect(inherent.fill).toMatchObject({
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: 'FFC92A2A' },
      });
      const residual = row.getCell(REGISTER_HEADER.indexOf('Residual level') + 1);
      expect(residual.value).toBe('Medium');
      expect(residual.fill).toMatchObject({ fgColor: { argb: 'FFE67700' } });
      expect(row.getCell(REGISTER_HEADER.indexOf('Inherent likelihood') + 1).value).toBe(4);
      expect(sheet.getRow(3).getCell(REGISTER_HEADER.indexOf('Residual level') + 1).value).toBeNull();
      expect(sheet.getColumn(2).width).toBe(40);
    });

    it('neutralises formulas in XLSX too: the cells are text, never formulas', async () => {
      const res = await get('officer', '/api/v1/risks/export?format=xlsx&q=HYPERLINK');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
      const cell = workbook.worksheets[0]?.getRow(2).getCell(2);
      expect(cell?.type).toBe(ExcelJS.ValueType.String);
      expect(cell?.value).toBe('\'=HYPERLINK("http://evil.example","Click")');
    });

    it('exports the treatment plans with the overview filters, overdue marked', async () => {
      const res = await get('auditor', '/api/v1/risk-actions/export?format=csv');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="risk-treatment-plans-2026-03-15.csv"; filename*=UTF-8''risk-treatment-plans-2026-03-15.csv`,
      );
      const rows = parse(res.rawPayload, { bom: true }) as string[][];
      expect(rows).toEqual([
        [
          'Risk key',
          'Risk title',
          'Action',
          'Description',
          'Owner',
          'Owner email',
          'Due date',
          'Status',
          'Overdue',
          'Completion note',
          'Evidence link',
        ],
        // by due date; the closed risk's action is not in the overview
        [
          risk.phishing?.key,
          "'-2+3 Phishing of support staff",
          'Phishing training',
          '',
          'Cora Contributor',
          'cora@acme.example',
          '2026-01-10',
          'In progress',
          'yes',
          '',
          '',
        ],
        [
          risk.phishing?.key,
          "'-2+3 Phishing of support staff",
          'Callback before password resets',
          '',
          'Sam Officer',
          'officer@acme.example',
          '2026-02-01',
          'Done',
          'no',
          'Helpdesk script changed',
          'https://wiki.acme.example/helpdesk',
        ],
        [
          risk.access?.key,
          'Broken access control exposes citizens’ submissions',
          'Add object-level checks',
          '',
          'Carl Contributor',
          'carl@acme.example',
          '2026-04-30',
          'Planned',
          'no',
          '',
          '',
        ],
      ]);
      const overdue = await get('officer', '/api/v1/risk-actions/export?format=xlsx&overdue=true');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(overdue.rawPayload as unknown as Parameters<typeof workbook.xlsx.load>[0]);
      const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
      expect(sheet.name).toBe('Treatment plans');
      expect(sheet.actualRowCount).toBe(2);
      expect(sheet.getRow(2).getCell(3).value).toBe('Phishing training');
    });

    it('needs risk:read: employees get 403, anonymous 401; a bad format 422', async () => {
      for (const url of [
        '/api/v1/risks/export?format=csv',
        '/api/v1/risk-actions/export?format=csv',
        '/api/v1/risks/report',
      ]) {
        expect((await get('eve', url)).statusCode, url).toBe(403);
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      }
      const bad = await get('officer', '/api/v1/risks/export?format=pdf');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([{ field: 'querystring.format', message: 'Choose csv or xlsx' }]);
    });
  });

  describe('the PDF report', () => {
    it('is a PDF attachment with the organisation, methodology, summary, register, plans and page numbers', async () => {
      const res = await get('auditor', '/api/v1/risks/report');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="risk-report-2026-03-15.pdf"; filename*=UTF-8''risk-report-2026-03-15.pdf`,
      );
      expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = pdfText(res.rawPayload);
      expect(text).toContain('Risk register and treatment plan');
      expect(text).toContain('Acme Engagement');
      // 12:00 UTC is 13:00 in Amsterdam in March
      expect(text).toContain('Generated 2026-03-15 13:00 (Europe/Amsterdam) by Ext Auditor');
      expect(text).toContain('Risk methodology version 1');
      expect(text).toContain('Risks shown: the whole register');
      expect(text).toContain('Risk methodology (version 1)');
      expect(text).toContain('High every 3 months top management');
      for (const key of ['access', 'cmd', 'sum', 'unicode', 'phishing', 'closed'] as const)
        expect(text).toContain(risk[key]?.key);
      expect(text).toContain('Broken access control exposes citizens’ submissions');
      // Cyrillic in DejaVu Sans (or "?" with the standard fonts); no font here has the Chinese glyphs
      expect(text).toMatch(/(Утечка данных|\?{6} \?{6}) \?{4} Datenleck/);
      expect(text).toContain('Phishing training');
      expect(text).toContain('In progress - OVERDUE');
      expect(text).toContain('Shred the old disks');
      expect(text).toContain(
        'Acceptance: needs re-acceptance (rating changed). Accepted by Cora Contributor (contributor) on 2026-03-15 13:00, rating Low (2 x 2) on methodology version 1, expires 2027-03-01.',
      );
      expect(text).toContain(
        'Acceptance: in force until 2027-03-01. Accepted by Sam Officer (security officer)',
      );
      expect(text).toContain('Justification: Cheaper to live with than to fix');
      expect(text).toMatch(/Page 1 of (\d+)/);
      const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1]);
      expect(text).toContain(`Page ${pages} of ${pages}`);
      expect(text).not.toContain('canary-globex');
    });

    it('follows the register filters and says which', async () => {
      const res = await get('officer', `/api/v1/risks/report?ownerId=${member('cora')}&treatment=mitigate`);
      expect(res.statusCode, res.body).toBe(200);
      const text = pdfText(res.rawPayload);
      expect(text).toContain('Risks shown: treatment mitigate; owned by Cora Contributor');
      expect(text).toContain(risk.phishing?.key);
      expect(text).not.toContain('Broken access control');
      expect(text).not.toContain('Shred the old disks');
    });
  });

  describe('importing', () => {
    it('offers a template: the import columns and one example row owned by the caller, which imports as it is', async () => {
      const csv = await get('officer', '/api/v1/risks/import-template?format=csv');
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.headers['content-disposition']).toBe(
        `attachment; filename="risk-import-template.csv"; filename*=UTF-8''risk-import-template.csv`,
      );
      const rows = parse(csv.rawPayload, { bom: true }) as string[][];
      expect(rows[0]).toEqual(IMPORT_HEADER);
      expect(rows).toHaveLength(2);
      expect(rows[1]?.[IMPORT_HEADER.indexOf('Owner email')]).toBe('officer@acme.example');
      const before = await snapshot();
      const dry = await upload('officer', { name: 'template.csv', content: csv.rawPayload }, '?dryRun=true');
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toEqual({
        dryRun: true,
        rowCount: 1,
        valid: true,
        imported: 0,
        problems: [],
        problemCount: 0,
        risks: [],
      });
      expect(await snapshot()).toEqual(before);

      const xlsx = await get('officer', '/api/v1/risks/import-template?format=xlsx');
      expect(xlsx.statusCode).toBe(200);
      const dryXlsx = await upload(
        'officer',
        { name: 'template.xlsx', content: xlsx.rawPayload },
        '?dryRun=true',
      );
      expect(dryXlsx.statusCode, dryXlsx.body).toBe(200);
      expect(dryXlsx.json().valid).toBe(true);
      expect((await get('auditor', '/api/v1/risks/import-template?format=csv')).statusCode).toBe(403);
    });

    it('imports a valid CSV: owners by email, assets by key, levels, review dates, first ratings, one audit event', async () => {
      const before = await snapshot();
      const content = csvFile([
        [
          'title',
          ' Owner Email ',
          'Inherent likelihood',
          'Inherent impact',
          'Assets',
          'Confidentiality',
          'Integrity',
          'Availability',
          'Treatment',
          'Residual likelihood',
          'Residual impact',
          'Status',
          'Tags',
          'Category',
          'Threat',
        ],
        [
          'Hosting provider outage during a consultation',
          'CORA@acme.example',
          5,
          4,
          'asset-1; ASSET-2',
          'Yes',
          'no',
          'y',
          'Transfer',
          2,
          2,
          'Treatment planned',
          'hosting; supplier',
          'Suppliers',
          'The provider fails',
        ],
        ['Vote stuffing in a survey', 'carl@acme.example', 2, 2, '', '', '', '', '', '', '', '', '', '', ''],
      ]);
      const res = await upload('officer', { name: 'exports/new risks.csv', content, type: 'text/csv' });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json() as TRiskImportReport;
      const next = before.risks + 1;
      expect(report).toEqual({
        dryRun: false,
        rowCount: 2,
        valid: true,
        imported: 2,
        problems: [],
        problemCount: 0,
        risks: [
          {
            id: expect.any(String),
            key: `RISK-${next}`,
            title: 'Hosting provider outage during a consultation',
          },
          { id: expect.any(String), key: `RISK-${next + 1}`, title: 'Vote stuffing in a survey' },
        ],
      });
      const [outage, stuffing] = report.risks;
      const read = await send('officer', 'GET', `/api/v1/risks/${outage?.id}`);
      expect(read.json()).toMatchObject({
        key: `RISK-${next}`,
        title: 'Hosting provider outage during a consultation',
        threat: 'The provider fails',
        vulnerability: '',
        category: 'Suppliers',
        owner: { id: member('cora'), name: 'Cora Contributor' },
        affects: { confidentiality: true, integrity: false, availability: true },
        methodologyVersion: 1,
        inherent: { likelihood: 5, impact: 4, level: { key: 'high' } },
        treatment: 'transfer',
        residual: { likelihood: 2, impact: 2, level: { key: 'low' } },
        status: 'treatment_planned',
        // low: every 12 months
        nextReviewOn: '2027-03-15',
        tags: ['hosting', 'supplier'],
        assets: [
          { id: asset.portal, key: 'ASSET-1', name: 'Consultation portal', archived: false },
          { id: asset.db, key: 'ASSET-2', name: 'Submissions database', archived: false },
        ],
        ratingHistory: [
          {
            methodologyVersion: 1,
            reason: 'First rating, imported from new risks.csv',
            ratedBy: { id: m.officer?.userId, name: 'Sam Officer' },
            ratedAt: clock.toISOString(),
          },
        ],
        version: 1,
      });
      expect((await send('officer', 'GET', `/api/v1/risks/${stuffing?.id}`)).json()).toMatchObject({
        owner: { id: member('carl') },
        inherent: { likelihood: 2, impact: 2, level: { key: 'low' } },
        residual: null,
        treatment: null,
        status: 'identified',
        category: null,
        tags: [],
        assets: [],
      });
      const after = await snapshot();
      expect(after.risks).toBe(before.risks + 2);
      expect(after.ratings).toBe(before.ratings + 2);
      expect(after.links).toBe(before.links + 2);
      expect(after.events).toBe(before.events + 1);
      const [event] = await db
        .selectFrom('audit_events')
        .select(['action', 'actor_id', 'subject_type', 'changes'])
        .where('organisation_id', '=', acme)
        .orderBy('seq', 'desc')
        .limit(1)
        .execute();
      const { createHash } = await import('node:crypto');
      expect(event).toEqual({
        action: 'risks.imported',
        actor_id: m.officer?.userId,
        subject_type: 'risk',
        changes: {
          count: { before: null, after: 2 },
          firstKey: { before: null, after: `RISK-${next}` },
          lastKey: { before: null, after: `RISK-${next + 1}` },
          fileName: { before: null, after: 'new risks.csv' },
          fileSha256: { before: null, after: createHash('sha256').update(content).digest('hex') },
          fileFormat: { before: null, after: 'csv' },
          ratingReason: { before: null, after: 'First rating, imported from new risks.csv' },
        },
      });
    });

    it('imports a valid XLSX workbook: numbers, rich text, blank rows skipped', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Mine');
      sheet.addRow(['Title', 'Owner email', 'Inherent likelihood', 'Inherent impact', 'Tags', 'Status']);
      sheet.addRow([
        'Personal data kept past a consultation’s end',
        'officer@acme.example',
        3,
        5,
        'gdpr',
        'assessed',
      ]);
      sheet.addRow([]);
      sheet.addRow([
        { richText: [{ text: 'A vulnerable ' }, { text: 'dependency' }] },
        'carl@acme.example',
        4,
        3,
        '',
        '',
      ]);
      const before = await count('risks');
      const res = await upload('officer', {
        name: 'risks.xlsx',
        content: Buffer.from(await workbook.xlsx.writeBuffer()),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ rowCount: 2, imported: 2 });
      const titles = (await list('sort=key&direction=desc'))
        .slice(0, 2)
        .map((r) => [r.title, r.inherent.level.key, r.status]);
      expect(titles).toEqual([
        ['A vulnerable dependency', 'medium', 'identified'],
        ['Personal data kept past a consultation’s end', 'high', 'assessed'],
      ]);
      expect(await count('risks')).toBe(before + 2);
    });

    it('takes an export back with new rows: the computed columns are ignored, a filled Key is refused', async () => {
      const exported = parse(
        (await get('officer', `/api/v1/risks/export?format=csv&q=Datenleck`)).rawPayload,
        {
          bom: true,
        },
      ) as string[][];
      expect(exported).toHaveLength(2);
      const [header, row] = exported as [string[], string[]];
      // as it is: the risk exists already
      const again = await refused(await importCsv([header, row], '?dryRun=true'));
      expect(again.report.problems).toEqual([
        {
          row: 2,
          column: 'Key',
          problem: `An import creates new risks; ${risk.unicode?.key} already exists: remove this row, or clear its Key to add it as a new risk`,
        },
      ]);
      // a new row typed into the export: no key, a title of its own; the other computed columns stay
      const added = [...row];
      added[0] = '';
      added[1] = 'Datenleck im Archiv';
      const res = await importCsv([header, added]);
      expect(res.statusCode, res.body).toBe(200);
      const created = (await list('q=Archiv'))[0];
      expect(created).toMatchObject({
        title: 'Datenleck im Archiv',
        owner: { id: member('carl') },
        inherent: { likelihood: 5, impact: 5 },
        residual: { likelihood: 1, impact: 2 },
        treatment: 'transfer',
        status: 'identified',
        acceptance: { current: null },
      });
      // a Key that never existed is refused too
      const unknown = await refused(
        await importCsv([header, ['RISK-999', ...added.slice(1)]], '?dryRun=true'),
      );
      expect(unknown.report.problems[0]?.problem).toBe(
        'An import creates new risks and gives them their keys: clear the Key',
      );
    });

    it('reports every problem at its row and column, and imports nothing', async () => {
      const before = await snapshot();
      const res = await importCsv([
        [
          'Title',
          'Owner email',
          'Inherent likelihood',
          'Inherent impact',
          'Residual likelihood',
          'Residual impact',
          'Assets',
          'Confidentiality',
          'Status',
          'Colour',
          'Key',
        ],
        ['Fine row', 'officer@acme.example', 1, 1, '', '', '', '', '', '', ''],
        ['Owner unknown', 'nobody@acme.example', 1, 1, '', '', '', '', '', '', ''],
        ['Impact off the scale', 'carl@acme.example', 2, 6, '', '', '', '', '', '', ''],
        ['Half a residual', 'carl@acme.example', 2, 2, 1, '', '', '', '', '', ''],
        ['Owner of Globex', 'gina@globex.example', 2, 2, '', '', '', '', '', '', ''],
        ['Asset of Globex', 'carl@acme.example', 2, 2, '', '', 'ASSET-1; ASSET-4', '', '', '', ''],
        ['', 'gone@acme.example', 'two', '', '', '', 'ASSET-3, asset-x', 'maybe', 'accepted', '', 'RISK-1'],
      ]);
      const body = await refused(res);
      expect(body.detail).toBe(
        'The file has 14 problems: nothing was imported. Fix them and import the file again',
      );
      expect(body.report).toEqual({
        dryRun: false,
        rowCount: 7,
        valid: false,
        imported: 0,
        problemCount: 14,
        risks: [],
        problems: [
          {
            row: 1,
            column: 'Colour',
            problem: expect.stringMatching(
              /^Unknown column: an import reads Title, Threat, .*, Tags \(download the template\)$/,
            ),
          },
          {
            row: 3,
            column: 'Owner email',
            problem: 'No active member of this organisation has the email nobody@acme.example',
          },
          {
            row: 4,
            column: 'Inherent impact',
            problem: "Rate the impact from 1 to 5, on the current methodology's scale",
          },
          {
            row: 5,
            column: 'Residual impact',
            problem: 'Give both the residual likelihood and impact, or neither',
          },
          {
            row: 6,
            column: 'Owner email',
            problem: 'No active member of this organisation has the email gina@globex.example',
          },
          { row: 7, column: 'Assets', problem: 'ASSET-4 is not an asset of this organisation' },
          { row: 8, column: 'Title', problem: 'Required' },
          {
            row: 8,
            column: 'Owner email',
            problem: 'No active member of this organisation has the email gone@acme.example',
          },
          {
            row: 8,
            column: 'Inherent likelihood',
            problem: "Rate the likelihood from 1 to 5, on the current methodology's scale",
          },
          {
            row: 8,
            column: 'Inherent impact',
            problem: "Required: Rate the impact from 1 to 5, on the current methodology's scale",
          },
          { row: 8, column: 'Assets', problem: 'ASSET-3 is archived: restore it before linking it' },
          { row: 8, column: 'Confidentiality', problem: 'Write yes or no (or leave it empty for no)' },
          {
            row: 8,
            column: 'Status',
            problem:
              'An import cannot set accepted or closed: the risk owner accepts a risk in Vigil, where it is also closed',
          },
          {
            row: 8,
            column: 'Key',
            problem: `An import creates new risks; ${risk.access?.key} already exists: remove this row, or clear its Key to add it as a new risk`,
          },
        ],
      });
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a file without a required column as a whole (row 0), without checking its rows', async () => {
      const body = await refused(
        await importCsv([
          ['Title', 'Inherent likelihood', 'Inherent impact'],
          ['No owner column', 1, 1],
        ]),
      );
      expect(body.report.problems).toEqual([
        { row: 0, column: 'Owner email', problem: 'The required column Owner email is missing' },
      ]);
      const empty = await refused(await importCsv([IMPORT_HEADER]));
      expect(empty.report.problems).toEqual([
        { row: 0, column: null, problem: 'The file has no risks: add rows below the header' },
      ]);
    });

    it('runs a dry run of a valid file: the report says valid, nothing changes', async () => {
      const before = await snapshot();
      const res = await importCsv(
        [
          ['Title', 'Owner email', 'Inherent likelihood', 'Inherent impact'],
          ['Dry one', 'carl@acme.example', 1, 1],
          ['Dry two', 'cora@acme.example', 2, 2],
        ],
        '?dryRun=true',
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        dryRun: true,
        rowCount: 2,
        valid: true,
        imported: 0,
        problems: [],
        problemCount: 0,
        risks: [],
      });
      expect(await snapshot()).toEqual(before);
    });

    it('imports all or nothing: a failure halfway through the inserts leaves no trace, no key used up', async () => {
      const before = await snapshot();
      // the asset links are written after the risks and their ratings: make that statement fail
      const failing: KyselyPlugin = {
        transformQuery(args) {
          const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
          if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'risk_assets')
            throw new Error('disk full');
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const csv = csvFile([
        ['Title', 'Owner email', 'Inherent likelihood', 'Inherent impact', 'Assets'],
        ['Linked one', 'carl@acme.example', 1, 1, 'ASSET-1'],
        ['Linked two', 'carl@acme.example', 1, 1, 'ASSET-2'],
      ]);
      const services = withRiskReaders({ ...app.services, db: db.withPlugin(failing) });
      const actor = {
        userId: m.officer?.userId ?? '',
        sessionId: null,
        tokenId: null,
        organisationId: acme,
        membershipId: member('officer'),
        role: 'security_officer' as const,
        permissions: permissionsOf('security_officer'),
        restriction: null,
      };
      const audit = {
        actor: { type: 'user' as const, id: actor.userId },
        requestId: null,
        ip: null,
        userAgent: null,
        now: () => clock,
      };
      await expect(
        importRisks(services, actor, audit, { dryRun: false }, async () => ({
          filename: 'a.csv',
          data: Buffer.from(csv),
        })),
      ).rejects.toThrow('disk full');
      expect(await snapshot()).toEqual(before);
      // the same file through the real database imports, numbered on from where the register was
      const res = await upload('officer', { name: 'a.csv', content: csv });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().risks.map((r: { key: string }) => r.key)).toEqual([
        `RISK-${before.risks + 1}`,
        `RISK-${before.risks + 2}`,
      ]);
    });

    it('imports in batches: 1,200 rows in one request', async () => {
      const before = await count('risks');
      const rows = Array.from({ length: 1200 }, (_, i) => [
        `Bulk risk ${i + 1}`,
        'cora@acme.example',
        1 + (i % 5),
        1 + (i % 4),
        i % 3 === 0 ? 'ASSET-1' : '',
      ]);
      const res = await importCsv([
        ['Title', 'Owner email', 'Inherent likelihood', 'Inherent impact', 'Assets'],
        ...rows,
      ]);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().imported).toBe(1200);
      expect(await count('risks')).toBe(before + 1200);
      const last = (await list('q=Bulk&sort=key&direction=desc'))[0];
      expect(last).toMatchObject({ title: 'Bulk risk 1200', key: `RISK-${before + 1200}` });
    });

    it('refuses what is not a CSV or XLSX file (415), a body that is not multipart (415), no file (422)', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const image = await upload('officer', { name: 'risks.csv', content: png, type: 'text/csv' });
      expect(image.statusCode, image.body).toBe(415);
      expect(image.json()).toMatchObject({
        code: 'unsupported_media_type',
        detail: 'Import a CSV file (UTF-8 text) or an XLSX workbook: this file is neither',
      });
      const latin1 = await upload('officer', {
        name: 'risks.csv',
        content: Buffer.from('Title\r\nCaf\xe9\r\n', 'latin1'),
      });
      expect(latin1.statusCode).toBe(415);
      const json = await send('officer', 'POST', '/api/v1/risks/import', { file: 'Title\nx' });
      expect(json.statusCode).toBe(415);
      const wrongField = await upload('officer', { name: 'a.csv', content: 'Title' }, '', 'upload');
      expect(wrongField.statusCode, wrongField.body).toBe(422);
      expect(wrongField.json().errors).toEqual([
        { field: 'body.file', message: 'Attach a .csv or .xlsx file in the field named file' },
      ]);
      // a ZIP that is not a workbook
      const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(60)]);
      const broken = await refused(await upload('officer', { name: 'risks.xlsx', content: zip }));
      expect(broken.report.problems[0]).toMatchObject({ row: 0, column: null });
    });

    it('refuses more than 10,000 rows and more than 10 MB, importing nothing', async () => {
      const before = await count('risks');
      const rows = Array.from({ length: 10_001 }, (_, i) => [`R${i}`, 'carl@acme.example', 1, 1]);
      const many = await refused(
        await importCsv([['Title', 'Owner email', 'Inherent likelihood', 'Inherent impact'], ...rows]),
      );
      expect(many.report.problems).toEqual([
        {
          row: 0,
          column: null,
          problem:
            'The file has more than 10,000 rows of risks: import at most 10,000 at once, in several files',
        },
      ]);
      const big = await upload('officer', {
        name: 'big.csv',
        content: `Title\r\n${'x'.repeat(11 * 1024 * 1024)}\r\n`,
      });
      expect(big.statusCode, big.body).toBe(413);
      expect(big.json().detail).toBe('The file is larger than 10 MB: split it into several files');
      expect(await count('risks')).toBe(before);
    });

    it('needs risk:import: contributors, auditors and employees get 403 before the file is read, anonymous 401', async () => {
      const file = { name: 'risks.csv', content: csvFile([['Title'], ['x']]) };
      for (const who of ['carl', 'auditor', 'eve'])
        expect((await upload(who, file)).statusCode, who).toBe(403);
      expect((await upload(null, file)).statusCode).toBe(401);
    });
  });
});
