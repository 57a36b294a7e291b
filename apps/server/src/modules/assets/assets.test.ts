import type { TAsset } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import type { DB } from '../../db/types.ts';

type Headers = Awaited<ReturnType<typeof signIn>>;

const NEW = {
  name: 'Consultation portal',
  kind: 'system',
  classification: 'confidential',
  confidentiality: 3,
  integrity: 2,
  availability: 3,
} as const;

describeEachDialect('assets', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  const h: Record<string, Headers> = {};
  const members: Record<string, string> = {};
  let globexAsset: string;

  const as = (key: string) => {
    const headers = h[key];
    if (!headers) throw new Error(`no session ${key}`);
    return headers;
  };
  const send = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: as(who), ...(payload ? { payload } : {}) });
  const create = (payload: Record<string, unknown>, who = 'officer') =>
    send(who, 'POST', '/api/v1/assets', payload);
  const read = async (id: string) => (await send('officer', 'GET', `/api/v1/assets/${id}`)).json() as TAsset;
  const names = async (query: string) =>
    (await send('officer', 'GET', `/api/v1/assets?limit=200&${query}`))
      .json()
      .items.map((a: TAsset) => a.name);
  const auditCount = async (action: string) =>
    Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', acme)
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const assetCount = async () =>
    Number(
      (
        await db
          .selectFrom('assets')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organisation_id', '=', acme)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database });
    acme = await seedOrganisation(db, 'Acme');
    const globex = await seedOrganisation(db, 'Globex');
    for (const [key, role, name] of [
      ['officer', 'security_officer', 'Sam Officer'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['eve', 'employee', 'Eve Employee'],
    ] as const) {
      members[key] = (await seedMember(db, acme, role, { name, email: `${key}@acme.example` })).membershipId;
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    members.globex = (await seedMember(db, globex, 'admin', { email: 'gina@globex.example' })).membershipId;
    h.globex = await signIn(app, 'gina@globex.example');
    const res = await create({ ...NEW, name: 'Globex CRM canary-globex-4c1d' }, 'globex');
    globexAsset = res.json().id;
  });

  describe('registering and editing', () => {
    it('registers an asset with its key and owner, audited once', async () => {
      const res = await create({
        ...NEW,
        name: ' Consultation portal ',
        description: 'Where citizens answer consultations',
        ownerId: members.carl,
        personalData: true,
        citizenData: true,
        location: 'Hosting provider, Frankfurt',
        notes: 'Renewal in June',
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body).toEqual({
        id: expect.any(String),
        key: 'ASSET-1',
        name: 'Consultation portal',
        kind: 'system',
        description: 'Where citizens answer consultations',
        owner: { id: members.carl, name: 'Carl Contributor' },
        classification: 'confidential',
        personalData: true,
        citizenData: true,
        confidentiality: 3,
        integrity: 2,
        availability: 3,
        location: 'Hosting provider, Frankfurt',
        notes: 'Renewal in June',
        riskCount: 0,
        archivedAt: null,
        createdAt: expect.any(String),
        updatedAt: body.createdAt,
        version: 1,
      });
      expect(await read(body.id)).toEqual(body);
      expect(await auditCount('asset.created')).toBe(1);

      const minimal = (await create({ ...NEW, name: 'Support staff', kind: 'people' })).json();
      expect(minimal).toMatchObject({
        key: 'ASSET-2',
        owner: null,
        description: '',
        personalData: false,
        citizenData: false,
        location: null,
        notes: '',
      });
    });

    it('refuses an owner from elsewhere and fields out of range, and registers nothing', async () => {
      const before = await assetCount();
      const refused = async (payload: Record<string, unknown>, field: string) => {
        const res = await create({ ...NEW, ...payload });
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
      };
      await refused({ ownerId: members.globex }, 'body.ownerId');
      await refused({ confidentiality: 4 }, 'body.confidentiality');
      await refused({ kind: 'laptop' }, 'body.kind');
      await refused({ classification: 'secret' }, 'body.classification');
      await refused({ name: '' }, 'body.name');
      await refused({ notes: 'x'.repeat(4001) }, 'body.notes');
      expect(await assetCount()).toBe(before);
      expect((await create({ ...NEW, name: 'Mail relay' })).json().key).toBe(`ASSET-${before + 1}`);
    });

    it('edits with the version read; a stale edit gets the current asset and changes nothing', async () => {
      const { id } = (await create({ ...NEW, name: 'Survey engine' })).json();
      const edited = await send('officer', 'PATCH', `/api/v1/assets/${id}`, {
        version: 1,
        classification: 'restricted',
        ownerId: members.officer,
        location: null,
      });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({
        classification: 'restricted',
        owner: { id: members.officer, name: 'Sam Officer' },
        version: 2,
      });
      const event = await db
        .selectFrom('audit_events')
        .select(['changes', 'subject_id'])
        .where('organisation_id', '=', acme)
        .where('action', '=', 'asset.updated')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(event.subject_id).toBe(id);
      expect(event.changes).toEqual({
        classification: { before: 'confidential', after: 'restricted' },
        ownerId: { before: null, after: members.officer },
      });

      const current = await read(id);
      const updates = await auditCount('asset.updated');
      const stale = await send('officer', 'PATCH', `/api/v1/assets/${id}`, {
        version: 1,
        name: 'Overwritten',
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().current).toEqual(current);
      const foreignOwner = await send('officer', 'PATCH', `/api/v1/assets/${id}`, {
        version: 2,
        ownerId: members.globex,
      });
      expect(foreignOwner.statusCode).toBe(422);
      expect(await read(id)).toEqual(current);
      expect(await auditCount('asset.updated')).toBe(updates);
    });

    it('archives instead of deleting: hidden from the list unless asked for, not editable until restored', async () => {
      const { id } = (await create({ ...NEW, name: 'Old file server' })).json();
      expect((await send('officer', 'POST', `/api/v1/assets/${id}/archive`, { version: 9 })).statusCode).toBe(
        409,
      );
      const archived = await send('officer', 'POST', `/api/v1/assets/${id}/archive`, { version: 1 });
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ archivedAt: expect.any(String), version: 2 });
      expect(await names('')).not.toContain('Old file server');
      expect(await names('includeArchived=true')).toContain('Old file server');
      const edit = await send('officer', 'PATCH', `/api/v1/assets/${id}`, { version: 2, name: 'Renamed' });
      expect(edit.statusCode).toBe(409);
      const restored = await send('officer', 'POST', `/api/v1/assets/${id}/restore`, { version: 2 });
      expect(restored.json()).toMatchObject({ archivedAt: null, version: 3 });
      expect(await names('')).toContain('Old file server');
      expect(await auditCount('asset.archived')).toBe(1);
      expect(await auditCount('asset.restored')).toBe(1);
    });

    it('counts the risks linked to an asset', async () => {
      const { id } = (await create({ ...NEW, name: 'Submissions database' })).json();
      for (const title of ['Data kept past the consultation', 'SQL injection']) {
        const res = await send('officer', 'POST', '/api/v1/risks', {
          title,
          ownerId: members.officer,
          assetIds: [id],
          inherent: { likelihood: 2, impact: 3 },
        });
        expect(res.statusCode).toBe(201);
      }
      expect((await read(id)).riskCount).toBe(2);
      const listed = (await send('officer', 'GET', '/api/v1/assets?q=submissions')).json().items;
      expect(listed.map((a: TAsset) => [a.name, a.riskCount])).toEqual([['Submissions database', 2]]);
    });
  });

  describe('listing', () => {
    it('filters by kind, classification, owner, personal data and search, and pages by name', async () => {
      expect(await names('kind=people')).toEqual(['Support staff']);
      expect(await names('classification=restricted')).toEqual(['Survey engine']);
      expect(await names(`ownerId=${members.carl}`)).toEqual(['Consultation portal']);
      expect(await names('personalData=true')).toEqual(['Consultation portal']);
      expect(await names('q=PORTAL')).toEqual(['Consultation portal']);
      expect(await names('q=citizens%20answer')).toEqual(['Consultation portal']);
      expect(await names('q=%25')).toEqual([]);
      expect(await names('q=_')).toEqual([]);

      const all = await names('');
      expect(all).toEqual(
        [...all].sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase())),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 20; pages++) {
        const query: string = cursor ? `limit=2&cursor=${encodeURIComponent(cursor)}` : 'limit=2';
        const page = (await send('officer', 'GET', `/api/v1/assets?${query}`)).json();
        seen.push(...page.items.map((a: TAsset) => a.name));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(all);
      expect((await send('officer', 'GET', '/api/v1/assets?cursor=nope')).statusCode).toBe(422);
      expect(JSON.stringify(all)).not.toContain('canary-globex');
    });

    it('gives every new asset its own number, in order, even when 20 are registered at once', async () => {
      const before = await assetCount();
      // warm the connection pool, so that the creates really run side by side on PostgreSQL
      await Promise.all(Array.from({ length: 10 }, () => send('officer', 'GET', '/api/v1/assets?limit=1')));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          create({ ...NEW, name: `Laptop ${String(i).padStart(2, '0')}` }),
        ),
      );
      expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
      const keys = results.map((r) => Number(r.json().key.slice('ASSET-'.length))).sort((a, b) => a - b);
      expect(keys).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
      expect(await auditCount('asset.created')).toBe(before + 20);
    });
  });

  describe('authorization', () => {
    it('answers 404 for another organisation’s asset on every route and changes nothing there', async () => {
      const globexBefore = (await send('globex', 'GET', `/api/v1/assets/${globexAsset}`)).json();
      const attempts = [
        await send('officer', 'GET', `/api/v1/assets/${globexAsset}`),
        await send('officer', 'PATCH', `/api/v1/assets/${globexAsset}`, { version: 1, name: 'Taken' }),
        await send('officer', 'POST', `/api/v1/assets/${globexAsset}/archive`, { version: 1 }),
        await send('officer', 'POST', `/api/v1/assets/${globexAsset}/restore`, { version: 1 }),
      ];
      for (const res of attempts) {
        expect(res.statusCode).toBe(404);
        expect(res.body).not.toContain('canary-globex');
      }
      expect((await send('globex', 'GET', `/api/v1/assets/${globexAsset}`)).json()).toEqual(globexBefore);
    });

    it('lets contributors read but not manage, and employees see nothing', async () => {
      const { id } = (await create({ ...NEW, name: 'Helpdesk' })).json();
      expect((await send('carl', 'GET', '/api/v1/assets')).statusCode).toBe(200);
      expect((await send('carl', 'GET', `/api/v1/assets/${id}`)).statusCode).toBe(200);
      expect((await create({ ...NEW }, 'carl')).statusCode).toBe(403);
      expect(
        (await send('carl', 'PATCH', `/api/v1/assets/${id}`, { version: 1, name: 'x' })).statusCode,
      ).toBe(403);
      expect((await send('carl', 'POST', `/api/v1/assets/${id}/archive`, { version: 1 })).statusCode).toBe(
        403,
      );
      expect((await send('eve', 'GET', '/api/v1/assets')).statusCode).toBe(403);
      expect((await send('eve', 'GET', `/api/v1/assets/${id}`)).statusCode).toBe(403);
    });
  });
});
