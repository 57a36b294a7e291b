import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TEvidence, TEvidenceList } from '@vigil/contracts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { createCast } from '../../../test/cast.ts';
import { afterTestFile, describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import { createBackup, restoreBackup, tableDigests } from '../../backup/backup.ts';
import type { DB } from '../../db/types.ts';
import {
  declaredZipBomb,
  docx,
  HTML,
  HTML_THEN_PDF,
  lyingZipBomb,
  PDF_THEN_HTML,
  pdf,
  png,
  SVG,
} from './evidence.corpus.ts';
import { type FormPart, multipartForm } from './evidence.matrix.ts';
import { evidenceFreshnessOfControls, evidenceRefs } from './evidence.service.ts';

/** 12:00 UTC on 10 March 2026: already 11 March in Kiritimati (UTC+14). */
const CLOCK = new Date('2026-03-10T12:00:00.000Z');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describeEachDialect('evidence', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  const cast = createCast(() => app);
  const m = cast.members;
  const h = cast.sessions;
  const { member, send } = cast;
  const control: Record<string, string> = {};
  let globexControl: string;
  let globexEvidence: TEvidence;

  const upload = (who: string, parts: FormPart[], target = app) => {
    const { payload, headers } = multipartForm(parts);
    return target.inject({
      method: 'POST',
      url: '/api/v1/evidence/files',
      headers: { ...cast.as(who), ...headers },
      payload,
    });
  };
  /** A file upload with the usual metadata. */
  const uploadFile = (
    who: string,
    file: { filename: string; content: string | Buffer; type?: string },
    fields: Record<string, string | string[]> = {},
    target = app,
  ) => {
    const parts: FormPart[] = [];
    for (const [name, value] of Object.entries({ title: 'Evidence', collectedOn: '2026-03-01', ...fields }))
      for (const v of Array.isArray(value) ? value : [value]) parts.push({ name, value: v });
    parts.push({ name: 'file', ...file });
    return upload(who, parts, target);
  };
  const created = (res: LightMyRequestResponse): TEvidence => {
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TEvidence;
  };
  const createLink = (who: string, payload: Record<string, unknown>) =>
    send(who, 'POST', '/api/v1/evidence', {
      title: 'Link',
      url: 'https://intranet.example.org/policy',
      collectedOn: '2026-03-01',
      ...payload,
    });
  const read = async (id: string, who = 'officer') => {
    const res = await send(who, 'GET', `/api/v1/evidence/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TEvidence;
  };
  const list = async (query = '', who = 'officer') => {
    const res = await send(who, 'GET', `/api/v1/evidence${query ? `?${query}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TEvidenceList;
  };
  const download = (id: string, who = 'officer') =>
    app.inject({ method: 'GET', url: `/api/v1/evidence/${id}/file`, headers: cast.as(who) });
  const put = (who: string, id: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'PUT', url: `/api/v1/evidence/${id}/controls`, headers: cast.as(who), payload });
  const audits = (action: string, organisationId = acme) =>
    db
      .selectFrom('audit_events')
      .select(['changes', 'subject_id', 'actor_id'])
      .where('organisation_id', '=', organisationId)
      .where('action', '=', action)
      .orderBy('seq')
      .execute();
  const counts = async () => ({
    items: Number(
      (
        await db
          .selectFrom('evidence')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    blobs: Number(
      (
        await db
          .selectFrom('evidence_blobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    audits: Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => CLOCK });
    acme = await seedOrganisation(db, 'Acme');
    globex = await seedOrganisation(db, 'Globex canary-globex-71c4');
    const seeds = [
      ['officer', 'security_officer', 'Sam Officer'],
      ['top', 'top_management', 'Tia Top'],
      ['auditor', 'external_auditor', 'Ian Auditor'],
      ['internal', 'internal_auditor', 'Ina Internal'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['cora', 'contributor', 'Cora Contributor'],
      ['eve', 'employee', 'Eve Employee'],
    ] as const;
    for (const [key, role, name] of seeds) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'admin', { name: 'Gina canary-globex-71c4' });
    h.globex = await signIn(app, m.globex.email);

    for (const [key, who, title, owner] of [
      ['carls', 'officer', 'Laptop encryption check', 'carl'],
      ['coras', 'officer', 'Visitor log review', 'cora'],
      ['unowned', 'officer', 'Clean desk walk-through', null],
      ['globex', 'globex', 'Globex control canary-globex-71c4', null],
    ] as const) {
      const res = await send(who, 'POST', '/api/v1/controls', {
        title,
        theme: 'organisational',
        ownerId: owner === null ? null : member(owner),
      });
      expect(res.statusCode, res.body).toBe(201);
      control[key] = res.json().id;
    }
    globexControl = control.globex as string;
    globexEvidence = created(
      await uploadFile(
        'globex',
        { filename: 'globex.pdf', content: pdf('Globex canary-globex-71c4'), type: 'application/pdf' },
        { title: 'Globex report canary-globex-71c4', controlIds: globexControl },
      ),
    );
  });

  describe('links', () => {
    it('adds a link with its dates, linked to controls, audited once', async () => {
      const before = await counts();
      const link = created(
        await createLink('officer', {
          title: ' MFA policy on the intranet ',
          description: 'Approved by the board',
          url: 'https://intranet.example.org/policies/mfa',
          collectedOn: '2026-02-01',
          validUntil: '2027-01-31',
          controlIds: [control.coras, control.carls, control.carls],
        }),
      );
      expect(link).toEqual({
        id: expect.any(String),
        key: 'EV-1',
        kind: 'link',
        title: 'MFA policy on the intranet',
        description: 'Approved by the board',
        url: 'https://intranet.example.org/policies/mfa',
        file: null,
        collectedOn: '2026-02-01',
        validUntil: '2027-01-31',
        stale: false,
        uploadedBy: { id: member('officer'), name: 'Sam Officer' },
        controls: [
          { id: control.carls, key: 'VC-1', title: 'Laptop encryption check' },
          { id: control.coras, key: 'VC-2', title: 'Visitor log review' },
        ],
        archivedAt: null,
        createdAt: CLOCK.toISOString(),
        updatedAt: CLOCK.toISOString(),
        version: 1,
      });
      expect(await read(link.id, 'auditor')).toEqual(link);
      expect((await counts()).audits - before.audits).toBe(1);
      const [event] = await audits('evidence.created');
      expect(event?.subject_id).toBe(link.id);
      expect(event?.changes).toMatchObject({
        key: { before: null, after: 'EV-1' },
        kind: { before: null, after: 'link' },
        url: { before: null, after: 'https://intranet.example.org/policies/mfa' },
        controlIds: { before: null, after: [control.carls, control.coras].sort() },
      });
    });

    it.each([
      [{ url: 'javascript:alert(1)' }, 'body.url', 'Give an http or https link'],
      [{ url: 'ftp://files.example.org/x' }, 'body.url', 'Give an http or https link'],
      [{ collectedOn: '2026-03-11' }, 'body.collectedOn', 'Evidence cannot be collected in the future'],
      [
        { collectedOn: '2026-03-01', validUntil: '2026-02-28' },
        'body.validUntil',
        'The evidence must be valid on the day it was collected',
      ],
      [{ collectedOn: '1 March' }, 'body.collectedOn', 'Give the date as YYYY-MM-DD'],
    ])('refuses %j (422)', async (payload, field, message) => {
      const before = await counts();
      const res = await createLink('officer', payload);
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors).toEqual([{ field, message }]);
      expect(await counts()).toEqual(before);
    });
  });

  describe('files', () => {
    it('stores an upload by its SHA-256, with its detected type and cleaned name, audited once', async () => {
      const bytes = pdf('Penetration test 2026 summary');
      const before = await counts();
      const item = created(
        await uploadFile(
          'officer',
          { filename: '../../reports/pentest\u202E 2026.pdf', content: bytes, type: 'application/pdf' },
          {
            title: 'Penetration test 2026',
            description: 'External test of the citizen portal',
            collectedOn: '2026-03-10',
            validUntil: '2027-03-09',
            controlIds: [control.unowned as string],
          },
        ),
      );
      expect(item).toMatchObject({
        kind: 'file',
        title: 'Penetration test 2026',
        url: null,
        file: {
          name: 'pentest 2026.pdf',
          type: 'pdf',
          mediaType: 'application/pdf',
          size: bytes.length,
          sha256: sha256(bytes),
        },
        collectedOn: '2026-03-10',
        validUntil: '2027-03-09',
        stale: false,
        controls: [{ id: control.unowned, key: 'VC-3', title: 'Clean desk walk-through' }],
        version: 1,
      });
      expect(await counts()).toEqual({
        items: before.items + 1,
        blobs: before.blobs + 1,
        audits: before.audits + 1,
      });
      const [event] = (await audits('evidence.created')).filter((e) => e.subject_id === item.id);
      expect(event?.changes).toMatchObject({
        file: {
          before: null,
          after: { name: 'pentest 2026.pdf', type: 'pdf', size: bytes.length, sha256: sha256(bytes) },
        },
      });
    });

    it('stores equal bytes once per organisation, and never shares them with another organisation', async () => {
      const bytes = docx('Access review Q1 (deduplicated)');
      const first = created(await uploadFile('officer', { filename: 'review.docx', content: bytes }));
      const before = await counts();
      const again = created(
        await uploadFile('carl', { filename: 'copy of review.docx', content: bytes }, { title: 'Copy' }),
      );
      expect(again.file?.sha256).toBe(first.file?.sha256);
      expect(again.file?.name).toBe('copy of review.docx');
      expect(again.id).not.toBe(first.id);
      expect(await counts()).toEqual({ ...before, items: before.items + 1, audits: before.audits + 1 });

      // the same bytes in another organisation: its own blob
      const theirs = created(await uploadFile('globex', { filename: 'review.docx', content: bytes }));
      expect(theirs.file?.sha256).toBe(first.file?.sha256);
      const blobs = await db
        .selectFrom('evidence_blobs')
        .select('organisation_id')
        .where('sha256', '=', sha256(bytes))
        .execute();
      expect(blobs.map((b) => b.organisation_id).sort()).toEqual([acme, globex].sort());
    });

    it('stores one blob when the same new file is uploaded concurrently', async () => {
      const bytes = png(Buffer.from('concurrent upload'));
      const before = await counts();
      const results = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          uploadFile('officer', { filename: `shot-${i}.png`, content: bytes, type: 'image/png' }),
        ),
      );
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
      expect(await counts()).toEqual({
        items: before.items + 4,
        blobs: before.blobs + 1,
        audits: before.audits + 4,
      });
    });

    it('downloads a file as an attachment that no browser renders in Vigil’s origin, and audits who read it', async () => {
      const bytes = PDF_THEN_HTML();
      const item = created(
        await uploadFile(
          'officer',
          { filename: 'Prüfbericht (final) 100%.pdf', content: bytes },
          { title: 'Polyglot' },
        ),
      );
      const res = await download(item.id, 'auditor');
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(bytes)).toBe(true);
      expect(res.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="Pr_fbericht (final) 100_.pdf"; filename*=UTF-8''Pr%C3%BCfbericht%20%28final%29%20100%25.pdf`,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'no-store',
        'content-digest': `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`,
      });
      const events = (await audits('evidence.downloaded')).filter((e) => e.subject_id === item.id);
      expect(events).toEqual([{ subject_id: item.id, actor_id: m.auditor?.userId, changes: {} }]);
    });

    it('serves text with its charset and a PNG polyglot as an image', async () => {
      const csv = created(
        await uploadFile('officer', {
          filename: 'accounts.csv',
          content: 'user,role\r\nana,admin\r\n',
          type: 'text/csv',
        }),
      );
      expect((await download(csv.id)).headers['content-type']).toBe('text/csv; charset=utf-8');
      const polyglot = png(Buffer.from('<html><script>alert(1)</script></html>'));
      const image = created(await uploadFile('officer', { filename: 'shot.png', content: polyglot }));
      const res = await download(image.id);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-disposition']).toMatch(/^attachment; /);
      expect(res.rawPayload.equals(polyglot)).toBe(true);
    });

    it('says a link has no file (404)', async () => {
      const link = created(await createLink('officer', { title: 'Only a link' }));
      const res = await download(link.id);
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe(`${link.key} is a link: it has no file`);
    });
  });

  describe('the hostile corpus over HTTP (S12)', () => {
    it.each([
      ['script-bearing HTML', 'page.html', HTML, 'text/html', /HTML, SVG or XML markup/],
      ['script-bearing SVG', 'logo.svg', SVG, 'image/svg+xml', /HTML, SVG or XML markup/],
      ['HTML named .png', 'shot.png', HTML, 'image/png', /HTML, SVG or XML markup/],
      ['a PNG named .pdf', 'shot.pdf', png(), 'application/pdf', /is a PNG image but is named \.pdf/],
      ['HTML with a PDF header further in', 'report.pdf', HTML_THEN_PDF, 'application/pdf', /markup/],
      ['a zip bomb (declared)', 'bomb.docx', declaredZipBomb(), undefined, /zip bomb/],
      ['a zip bomb (lying)', 'bomb.docx', lyingZipBomb(), undefined, /zip bomb/],
    ])('refuses %s with 415 and stores nothing', async (_what, filename, content, type, detail) => {
      const before = await counts();
      const res = await uploadFile('officer', { filename, content, ...(type ? { type } : {}) });
      expect(res.statusCode, res.body).toBe(415);
      expect(res.json()).toMatchObject({
        code: 'unsupported_media_type',
        detail: expect.stringMatching(detail),
      });
      expect(await counts()).toEqual(before);
    });

    it('refuses an empty file (422) and a form without a file or title (422)', async () => {
      const before = await counts();
      const empty = await uploadFile('officer', { filename: 'empty.pdf', content: Buffer.alloc(0) });
      expect(empty.statusCode).toBe(422);
      expect(empty.json().errors).toEqual([
        { field: 'body.file', message: 'Choose a file that is not empty' },
      ]);
      const bare = await upload('officer', [{ name: 'collectedOn', value: 'soon' }]);
      expect(bare.statusCode).toBe(422);
      expect(bare.json().errors).toEqual([
        { field: 'body.title', message: expect.any(String) },
        { field: 'body.collectedOn', message: 'Give the date as YYYY-MM-DD' },
        { field: 'body.file', message: 'Attach the file in the field named file' },
      ]);
      expect(await counts()).toEqual(before);
    });

    it('cleans names: no path, control or bidi characters, no leading dots', async () => {
      const names: string[] = [];
      for (const filename of [
        '..\\..\\notes.txt',
        'evil\u0001\u0007\u001bname.txt',
        '\u202Egnp.txt',
        '...env',
      ]) {
        names.push(created(await uploadFile('officer', { filename, content: 'KEY=value' })).file?.name ?? '');
      }
      expect(names).toEqual(['notes.txt', 'evilname.txt', 'gnp.txt', 'env.txt']);
    });

    it('refuses a body that is not multipart (415) and a file past the limit while it streams in (413)', async () => {
      const small = await buildTestApp(dialect, {
        database: { db, dialect, description: 'shared', close: async () => {} },
        now: () => CLOCK,
        evidenceMaxBytes: 4096,
      });
      const json = await small.inject({
        method: 'POST',
        url: '/api/v1/evidence/files',
        headers: cast.as('officer'),
        payload: { title: 'x' },
      });
      expect(json.statusCode).toBe(415);
      const before = await counts();
      const atLimit = Buffer.alloc(4096, 'a');
      expect(
        (await uploadFile('officer', { filename: 'a.txt', content: atLimit }, {}, small)).statusCode,
      ).toBe(201);
      const over = await uploadFile(
        'officer',
        { filename: 'a.txt', content: Buffer.alloc(4097, 'b') },
        {},
        small,
      );
      expect(over.statusCode).toBe(413);
      expect(over.json()).toMatchObject({
        code: 'payload_too_large',
        detail:
          'The file is larger than 4,096 bytes, the most this server accepts: upload a smaller file or split it',
      });
      // a body far past the limit is refused from its Content-Length, before it is read
      const huge = await uploadFile(
        'officer',
        { filename: 'a.txt', content: Buffer.alloc(1024 * 1024, 'c') },
        {},
        small,
      );
      expect(huge.statusCode).toBe(413);
      expect(await counts()).toMatchObject({ items: before.items + 1, blobs: before.blobs + 1 });
    });
  });

  describe('reading', () => {
    it('derives stale in the organisation’s time zone when read, never storing it', async () => {
      const item = created(
        await createLink('officer', {
          title: 'Expiring certificate',
          collectedOn: '2026-01-01',
          validUntil: '2026-03-10',
        }),
      );
      expect(item.stale).toBe(false); // 10 March in UTC: its last valid day
      await db
        .updateTable('organisations')
        .set({ time_zone: 'Pacific/Kiritimati' })
        .where('id', '=', acme)
        .execute();
      try {
        expect((await read(item.id)).stale).toBe(true); // already 11 March there
        const staleKeys = (await list('stale=true&limit=200')).items.map((e) => e.key);
        expect(staleKeys).toContain(item.key);
        const freshKeys = (await list('stale=false&limit=200')).items.map((e) => e.key);
        expect(freshKeys).not.toContain(item.key);
        expect(freshKeys.length + staleKeys.length).toBe((await list('limit=200')).items.length);
      } finally {
        await db.updateTable('organisations').set({ time_zone: 'UTC' }).where('id', '=', acme).execute();
      }
    });

    it('lists newest first a page at a time, filtered by control, kind and text', async () => {
      const all = (await list('limit=200')).items;
      expect(all.map((e) => Number(e.key.slice(3)))).toEqual(
        [...all.map((e) => Number(e.key.slice(3)))].sort((a, b) => b - a),
      );
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: TEvidenceList = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(3);
        paged.push(...page.items.map((e) => e.key));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all.map((e) => e.key));
      expect(all.some((e) => e.title.includes('canary'))).toBe(false);

      expect((await list(`controlId=${control.carls}`)).items.map((e) => e.key)).toEqual(['EV-1']);
      expect((await list('kind=link&limit=200')).items.every((e) => e.kind === 'link')).toBe(true);
      expect((await list('q=PENTEST')).items.map((e) => e.title)).toEqual(['Penetration test 2026']);
      expect((await list('q=ev-1&limit=200')).items.map((e) => e.key)).toContain('EV-1');
      // LIKE's wildcards are taken literally
      expect((await list('q=100%25')).items.map((e) => e.title)).toEqual(['Polyglot']);
      expect((await list('q=_%25')).items).toEqual([]);
      const bad = await send('officer', 'GET', '/api/v1/evidence?cursor=nonsense');
      expect(bad.statusCode).toBe(422);
    });

    it('lists a control’s evidence, and another organisation’s control is a 404', async () => {
      const res = await send('auditor', 'GET', `/api/v1/controls/${control.coras}/evidence`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((e: TEvidence) => e.key)).toEqual(['EV-1']);
      const theirs = await send('officer', 'GET', `/api/v1/controls/${globexControl}/evidence`);
      expect(theirs.statusCode).toBe(404);
      expect(theirs.body).not.toContain('canary-globex');
    });
  });

  describe('editing, archiving and linking', () => {
    it('edits with the version read; a stale edit is a 409 with the current item', async () => {
      const item = created(await createLink('officer', { title: 'Firewall review' }));
      const res = await send('officer', 'PATCH', `/api/v1/evidence/${item.id}`, {
        version: 1,
        title: 'Firewall rule review',
        validUntil: '2026-12-31',
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        title: 'Firewall rule review',
        validUntil: '2026-12-31',
        version: 2,
      });
      const conflict = await send('officer', 'PATCH', `/api/v1/evidence/${item.id}`, {
        version: 1,
        title: 'Lost',
      });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().current).toMatchObject({ title: 'Firewall rule review', version: 2 });
      const [event] = (await audits('evidence.updated')).filter((e) => e.subject_id === item.id);
      expect(event?.changes).toEqual({
        title: { before: 'Firewall review', after: 'Firewall rule review' },
        validUntil: { before: null, after: '2026-12-31' },
      });
      const same = await send('officer', 'PATCH', `/api/v1/evidence/${item.id}`, {
        version: 2,
        title: 'Firewall rule review',
      });
      expect(same.json().version).toBe(2);
    });

    it('keeps a file item’s file: no link on it (422)', async () => {
      const item = created(await uploadFile('officer', { filename: 'keep.txt', content: 'keep' }));
      const res = await send('officer', 'PATCH', `/api/v1/evidence/${item.id}`, {
        version: 1,
        url: 'https://x.example',
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        { field: 'body.url', message: 'A file item has no link: add a new item for a link' },
      ]);
    });

    it('archives instead of deleting: hidden from lists, still downloadable, frozen until restored', async () => {
      const bytes = Buffer.from('Board minutes approving the ISMS scope');
      const item = created(
        await uploadFile(
          'officer',
          { filename: 'minutes.txt', content: bytes },
          { controlIds: control.coras as string },
        ),
      );
      const archived = await send('officer', 'POST', `/api/v1/evidence/${item.id}/archive`, { version: 1 });
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ archivedAt: CLOCK.toISOString(), version: 2 });
      expect((await list('limit=200')).items.map((e) => e.id)).not.toContain(item.id);
      expect((await list('limit=200&includeArchived=true')).items.map((e) => e.id)).toContain(item.id);
      expect(
        (await send('officer', 'GET', `/api/v1/controls/${control.coras}/evidence`))
          .json()
          .items.map((e: TEvidence) => e.id),
      ).not.toContain(item.id);
      const res = await download(item.id, 'auditor');
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(bytes)).toBe(true);
      const edit = await send('officer', 'PATCH', `/api/v1/evidence/${item.id}`, { version: 2, title: 'x' });
      expect(edit.statusCode).toBe(409);
      expect(edit.json().detail).toBe(`${item.key} is archived: restore it before changing it`);
      expect((await put('officer', item.id, { version: 2, controlIds: [] })).statusCode).toBe(409);
      const restored = await send('officer', 'POST', `/api/v1/evidence/${item.id}/restore`, { version: 2 });
      expect(restored.json()).toMatchObject({ archivedAt: null, version: 3 });
      expect((await audits('evidence.archived')).map((e) => e.subject_id)).toContain(item.id);
      expect((await audits('evidence.restored')).map((e) => e.subject_id)).toContain(item.id);
    });

    it('sets the complete set of linked controls with the version read', async () => {
      const item = created(
        await createLink('officer', { title: 'Reused report', controlIds: [control.carls] }),
      );
      const res = await put('officer', item.id, { version: 1, controlIds: [control.unowned, control.coras] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        version: 2,
        controls: [
          { id: control.coras, key: 'VC-2' },
          { id: control.unowned, key: 'VC-3' },
        ],
      });
      expect((await put('officer', item.id, { version: 1, controlIds: [] })).statusCode).toBe(409);
      const [event] = (await audits('evidence.controls_linked')).filter((e) => e.subject_id === item.id);
      expect(event?.changes).toEqual({
        controlIds: { before: [control.carls], after: [control.coras, control.unowned].sort() },
      });
    });

    it('links only this organisation’s controls: another’s is a 404 and nothing is linked', async () => {
      const item = created(await createLink('officer', { title: 'Not to be linked across' }));
      const res = await put('officer', item.id, { version: 1, controlIds: [control.carls, globexControl] });
      expect(res.statusCode).toBe(404);
      expect(res.json().errors).toEqual([
        { field: 'body.controlIds.1', message: 'No control with this id in this organisation' },
      ]);
      expect(res.body).not.toContain('canary-globex');
      expect((await read(item.id)).controls).toEqual([]);
      const onCreate = await createLink('officer', { controlIds: [globexControl] });
      expect(onCreate.statusCode).toBe(404);
    });

    it('lets contributors add evidence, change only their own, and link only the controls they own', async () => {
      const mine = created(
        await uploadFile(
          'carl',
          { filename: 'bitlocker.png', content: png() },
          { controlIds: control.carls as string },
        ),
      );
      expect(mine.uploadedBy).toEqual({ id: member('carl'), name: 'Carl Contributor' });
      expect(
        (
          await uploadFile(
            'carl',
            { filename: 'x.txt', content: 'x' },
            { controlIds: control.coras as string },
          )
        ).statusCode,
      ).toBe(403);
      const officers = created(
        await createLink('officer', { title: 'Officer’s report', controlIds: [control.coras] }),
      );

      // edit and archive: own items only
      expect(
        (await send('carl', 'PATCH', `/api/v1/evidence/${mine.id}`, { version: 1, title: 'BitLocker' }))
          .statusCode,
      ).toBe(200);
      const theirs = await send('carl', 'PATCH', `/api/v1/evidence/${officers.id}`, {
        version: 1,
        title: 'Mine now',
      });
      expect(theirs.statusCode).toBe(403);
      expect(theirs.json().detail).toBe(
        `Your role lets you change only the evidence you added: ask a security officer to change ${officers.key}`,
      );
      expect(
        (await send('carl', 'POST', `/api/v1/evidence/${officers.id}/archive`, { version: 1 })).statusCode,
      ).toBe(403);

      // link: the officer's item to Carl's own control, but never add or remove Cora's
      const linked = await put('carl', officers.id, {
        version: 1,
        controlIds: [control.coras, control.carls],
      });
      expect(linked.statusCode, linked.body).toBe(200);
      const removing = await put('carl', officers.id, { version: 2, controlIds: [control.carls] });
      expect(removing.statusCode).toBe(403);
      expect(removing.json().detail).toBe(
        'Your role lets you link evidence only to the controls you own, not to VC-2: ask their owner or a security officer',
      );
      expect(
        (
          await put('carl', officers.id, {
            version: 2,
            controlIds: [control.coras, control.carls, control.unowned],
          })
        ).statusCode,
      ).toBe(403);
      expect((await read(officers.id)).controls.map((c) => c.key)).toEqual(['VC-1', 'VC-2']);
    });

    it('lets auditors and top management read and download but change nothing; employees see nothing', async () => {
      const item = created(await uploadFile('officer', { filename: 'read-only.txt', content: 'read me' }));
      for (const who of ['auditor', 'internal', 'top']) {
        expect((await send(who, 'GET', `/api/v1/evidence/${item.id}`)).statusCode).toBe(200);
        expect((await download(item.id, who)).statusCode).toBe(200);
        expect((await createLink(who, {})).statusCode).toBe(403);
        expect((await uploadFile(who, { filename: 'x.txt', content: 'x' })).statusCode).toBe(403);
        expect(
          (await send(who, 'PATCH', `/api/v1/evidence/${item.id}`, { version: 1, title: 'x' })).statusCode,
        ).toBe(403);
        expect((await put(who, item.id, { version: 1, controlIds: [] })).statusCode).toBe(403);
      }
      expect((await send('eve', 'GET', '/api/v1/evidence')).statusCode).toBe(403);
      expect((await download(item.id, 'eve')).statusCode).toBe(403);
    });

    it('never reaches another organisation’s item (404, no canary)', async () => {
      const id = globexEvidence.id;
      const attempts = [
        await send('officer', 'GET', `/api/v1/evidence/${id}`),
        await download(id),
        await send('officer', 'PATCH', `/api/v1/evidence/${id}`, { version: 1, title: 'Taken' }),
        await send('officer', 'POST', `/api/v1/evidence/${id}/archive`, { version: 1 }),
        await put('officer', id, { version: 1, controlIds: [] }),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain('canary-globex');
      }
      expect(await read(id, 'globex')).toEqual(globexEvidence);
    });
  });

  describe('for control checks and the Statement of Applicability', () => {
    it('gives references to evidence and the freshness of each control’s evidence', async () => {
      const fresh = created(
        await createLink('officer', {
          title: 'Fresh',
          collectedOn: '2026-03-05',
          controlIds: [control.unowned],
        }),
      );
      const old = created(
        await createLink('officer', {
          title: 'Old',
          collectedOn: '2025-01-01',
          validUntil: '2025-12-31',
          controlIds: [control.unowned],
        }),
      );
      const refs = await evidenceRefs(db, acme, [fresh.id, old.id, globexEvidence.id], CLOCK);
      expect([...refs.keys()].sort()).toEqual([fresh.id, old.id].sort());
      expect(refs.get(old.id)).toEqual({
        id: old.id,
        key: old.key,
        title: 'Old',
        kind: 'link',
        stale: true,
        archived: false,
      });

      const freshness = await evidenceFreshnessOfControls(
        db,
        acme,
        [control.unowned as string, globexControl],
        CLOCK,
      );
      const unowned = (await send('officer', 'GET', `/api/v1/controls/${control.unowned}/evidence`)).json()
        .items as TEvidence[];
      expect(freshness.get(control.unowned as string)).toEqual({
        total: unowned.length,
        stale: unowned.filter((e) => e.stale).length,
        latestCollectedOn: '2026-03-10',
      });
      expect(freshness.get(globexControl)).toEqual({ total: 0, stale: 0, latestCollectedOn: null });
    });
  });

  describe('backup', () => {
    const target = dialect === 'sqlite' ? 'postgres' : 'sqlite';
    it.skipIf(target === 'postgres' && !inject('postgres').available)(
      `restores items and file bytes exactly into ${target}`,
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'vigil-evidence-backup-'));
        afterTestFile(() => rmSync(dir, { recursive: true, force: true }));
        const file = join(dir, 'evidence.vigil.gz');
        await createBackup(db, dialect, file, { vigilVersion: '0.1.0-test' });
        const restored = await freshDatabase(target);
        await restoreBackup(restored.db, target, file);
        const ours = (await tableDigests(db)).filter((t) => t.name.startsWith('evidence'));
        expect(ours.map((t) => t.name).sort()).toEqual(['evidence', 'evidence_blobs', 'evidence_controls']);
        expect(ours.every((t) => t.rows > 0)).toBe(true);
        expect((await tableDigests(restored.db)).filter((t) => t.name.startsWith('evidence'))).toEqual(ours);

        const restoredApp = await buildTestApp(target, { database: restored, now: () => CLOCK });
        const blobs = await db.selectFrom('evidence_blobs').select(['sha256', 'content']).execute();
        const again = await restored.db.selectFrom('evidence_blobs').select(['sha256', 'content']).execute();
        expect(again.map((b) => [b.sha256, sha256(Buffer.from(b.content))]).sort()).toEqual(
          blobs.map((b) => [b.sha256, b.sha256]).sort(),
        );
        const item = (await list('kind=file&limit=1')).items[0] as TEvidence;
        const res = await restoredApp.inject({
          method: 'GET',
          url: `/api/v1/evidence/${item.id}/file`,
          headers: cast.as('officer'),
        });
        expect(res.statusCode).toBe(200);
        expect(sha256(res.rawPayload)).toBe(item.file?.sha256);
      },
    );
  });
});
