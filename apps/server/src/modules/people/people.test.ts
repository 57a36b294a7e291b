import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import type { DB } from '../../db/types.ts';

type Headers = Awaited<ReturnType<typeof signIn>>;
type Member = Awaited<ReturnType<typeof seedMember>>;

async function auditCount(db: Kysely<DB>, organisationId: string, action: string): Promise<number> {
  const rows = await db
    .selectFrom('audit_events')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('action', '=', action)
    .execute();
  return rows.length;
}

async function lastAuditChanges(db: Kysely<DB>, organisationId: string, action: string) {
  const row = await db
    .selectFrom('audit_events')
    .select(['changes', 'subject_id'])
    .where('organisation_id', '=', organisationId)
    .where('action', '=', action)
    .orderBy('seq', 'desc')
    .executeTakeFirstOrThrow();
  return row;
}

const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describeEachDialect('people', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  const m: Record<string, Member> = {};
  const h: Record<string, Headers> = {};

  const get = (headers: Partial<Headers>, url: string) => app.inject({ method: 'GET', url, headers });
  const person = (headers: Partial<Headers>, id: string) => get(headers, `/api/v1/people/${id}`);
  const edit = (headers: Headers, id: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'PATCH', url: `/api/v1/people/${id}`, headers, payload });
  const act = (headers: Headers, id: string, verb: 'disable' | 'enable') =>
    app.inject({ method: 'POST', url: `/api/v1/people/${id}/${verb}`, headers });
  const versionOf = async (id: string): Promise<number> => (await person(h.owner ?? {}, id)).json().version;
  const count = (action: string) => auditCount(db, acme, action);
  const meStatus = async (headers: Headers) => (await get(headers, '/api/v1/me')).statusCode;

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database });
    acme = await seedOrganisation(db, 'Acme');
    globex = await seedOrganisation(db, 'Globex');
    const seeds = [
      ['owner', 'owner', 'Olivia Owner'],
      ['admin', 'admin', 'Adam Admin'],
      ['officer', 'security_officer', 'Sam Officer'],
      ['employee', 'employee', 'Eve Employee'],
      ['carl', 'contributor', 'Carl Contributor'],
      ['cora', 'contributor', 'Cora Contributor'],
    ] as const;
    for (const [key, role, name] of seeds) {
      m[key] = await seedMember(db, acme, role, { name, email: `${key}@acme.example` });
      h[key] = await signIn(app, `${key}@acme.example`);
    }
    m.globex = await seedMember(db, globex, 'admin', { name: 'Gina canary-globex-51c2' });
    h.globex = await signIn(app, m.globex.email);
  });

  const id = (key: string) => {
    const member = m[key];
    if (!member) throw new Error(`no member ${key}`);
    return member.membershipId;
  };
  const as = (key: string) => {
    const headers = h[key];
    if (!headers) throw new Error(`no session ${key}`);
    return headers;
  };

  describe('reading', () => {
    it('lists the people of the own organisation by name, never another organisation', async () => {
      const res = await get(as('officer'), '/api/v1/people');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.items.map((p: { name: string }) => p.name)).toEqual([
        'Adam Admin',
        'Carl Contributor',
        'Cora Contributor',
        'Eve Employee',
        'Olivia Owner',
        'Sam Officer',
      ]);
      expect(body.nextCursor).toBeNull();
      expect(res.body).not.toContain('canary-globex');
      expect(body.items[0]).toEqual({
        id: id('admin'),
        userId: m.admin?.userId,
        name: 'Adam Admin',
        email: 'admin@acme.example',
        role: 'admin',
        status: 'active',
        department: null,
        jobTitle: null,
        seniority: null,
        accessLevel: null,
        manager: null,
        expiresAt: null,
        mfaEnabled: false,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      const globexList = (await get(as('globex'), '/api/v1/people')).json();
      expect(globexList.items.map((p: { id: string }) => p.id)).toEqual([id('globex')]);
    });

    it('filters by role, status and search, and pages with a cursor', async () => {
      const names = async (query: string) =>
        (await get(as('admin'), `/api/v1/people?${query}`)).json().items.map((p: { name: string }) => p.name);
      expect(await names('role=contributor')).toEqual(['Carl Contributor', 'Cora Contributor']);
      expect(await names('search=CON')).toEqual(['Carl Contributor', 'Cora Contributor']);
      expect(await names('search=EMPLOYEE%40acme')).toEqual(['Eve Employee']);
      expect(await names('search=100%25')).toEqual([]);
      expect(await names('status=disabled')).toEqual([]);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `limit=4&cursor=${encodeURIComponent(cursor)}` : 'limit=4';
        const page = (await get(as('admin'), `/api/v1/people?${query}`)).json();
        seen.push(...page.items.map((p: { name: string }) => p.name));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(2);
      expect(seen).toEqual(await names('limit=50'));

      const bad = await get(as('admin'), '/api/v1/people?cursor=not-a-cursor');
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors[0].field).toBe('query.cursor');
      expect((await get(as('admin'), '/api/v1/people?limit=201')).statusCode).toBe(422);
    });

    it('needs person:read (403) and answers 404 for another organisation’s person', async () => {
      expect((await get(as('employee'), '/api/v1/people')).statusCode).toBe(403);
      expect((await person(as('employee'), id('carl'))).statusCode).toBe(403);
      expect((await get({}, '/api/v1/people')).statusCode).toBe(401);
      const own = await person(as('carl'), id('cora'));
      expect(own.statusCode).toBe(200);
      expect(own.json().name).toBe('Cora Contributor');
      const other = await person(as('admin'), id('globex'));
      expect(other.statusCode).toBe(404);
      expect(other.body).not.toContain('canary-globex');
      const crossEdit = await edit(as('admin'), id('globex'), { version: 1, department: 'Sales' });
      expect(crossEdit.statusCode).toBe(404);
      expect((await act(as('admin'), id('globex'), 'disable')).statusCode).toBe(404);
      expect((await act(as('admin'), id('globex'), 'enable')).statusCode).toBe(404);
    });
  });

  describe('editing', () => {
    it('lets a security officer edit department, job title, seniority and access level, audited once', async () => {
      const before = await count('membership.updated');
      const res = await edit(as('officer'), id('carl'), {
        version: 1,
        department: ' Engineering ',
        jobTitle: 'Developer',
        seniority: 'senior',
        accessLevel: 'confidential',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        department: 'Engineering',
        jobTitle: 'Developer',
        seniority: 'senior',
        accessLevel: 'confidential',
        version: 2,
      });
      expect(await count('membership.updated')).toBe(before + 1);
      const event = await lastAuditChanges(db, acme, 'membership.updated');
      expect(event.subject_id).toBe(id('carl'));
      expect(event.changes).toEqual({
        accessLevel: { before: null, after: 'confidential' },
        department: { before: null, after: 'Engineering' },
        jobTitle: { before: null, after: 'Developer' },
        seniority: { before: null, after: 'senior' },
      });
      const filtered = (await get(as('admin'), '/api/v1/people?department=Engineering')).json();
      expect(filtered.items.map((p: { id: string }) => p.id)).toEqual([id('carl')]);
      const invalid = await edit(as('officer'), id('carl'), { version: 2, seniority: 'intern' });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json().errors[0].field).toBe('body.seniority');
    });

    it('refuses a stale version with the current state and changes nothing', async () => {
      const current = (await person(as('admin'), id('carl'))).json();
      const before = await count('membership.updated');
      const res = await edit(as('admin'), id('carl'), { version: current.version - 1, department: 'Sales' });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('conflict');
      expect(res.json().current).toEqual(current);
      expect((await person(as('admin'), id('carl'))).json()).toEqual(current);
      expect(await count('membership.updated')).toBe(before);
    });

    it('keeps managers inside the organisation, never oneself, never in a loop', async () => {
      const field = async (key: string, managerId: string) => {
        const res = await edit(as('admin'), id(key), { version: await versionOf(id(key)), managerId });
        expect(res.statusCode, res.body).toBe(422);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.managerId']);
        return res.json().detail as string;
      };
      expect(await field('carl', id('carl'))).toBe('A person cannot be their own manager');
      expect(await field('carl', id('globex'))).toBe('Choose a manager from the people of this organisation');
      // Cora reports to Carl, Carl to Adam: Adam may not report to Cora.
      for (const [key, manager] of [
        ['cora', 'carl'],
        ['carl', 'admin'],
      ] as const) {
        const res = await edit(as('admin'), id(key), {
          version: await versionOf(id(key)),
          managerId: id(manager),
        });
        expect(res.statusCode).toBe(200);
      }
      expect((await person(as('admin'), id('cora'))).json().manager).toEqual({
        id: id('carl'),
        name: 'Carl Contributor',
      });
      expect(await field('admin', id('cora'))).toMatch(/would make a loop/);
      expect(await field('carl', id('cora'))).toMatch(/would make a loop/);
      expect((await person(as('admin'), id('admin'))).json().manager).toBeNull();
    });
  });

  describe('roles', () => {
    it('needs role:assign to change a role: a security officer gets 403', async () => {
      const res = await edit(as('officer'), id('cora'), {
        version: await versionOf(id('cora')),
        role: 'admin',
      });
      expect(res.statusCode).toBe(403);
      const same = await edit(as('officer'), id('cora'), {
        version: await versionOf(id('cora')),
        role: 'contributor',
        jobTitle: 'Analyst',
      });
      expect(same.statusCode).toBe(200);
      expect(same.json()).toMatchObject({ role: 'contributor', jobTitle: 'Analyst' });
    });

    it('ends the person’s sessions on a role change, audited once as role_changed', async () => {
      const before = await count('membership.role_changed');
      const updatedBefore = await count('membership.updated');
      expect(await meStatus(as('cora'))).toBe(200);
      const res = await edit(as('admin'), id('cora'), {
        version: await versionOf(id('cora')),
        role: 'internal_auditor',
        department: 'Audit',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'internal_auditor', department: 'Audit' });
      expect(await meStatus(as('cora'))).toBe(401);
      expect(await count('membership.role_changed')).toBe(before + 1);
      expect(await count('membership.updated')).toBe(updatedBefore);
      expect((await lastAuditChanges(db, acme, 'membership.role_changed')).changes).toEqual({
        department: { before: null, after: 'Audit' },
        role: { before: 'contributor', after: 'internal_auditor' },
        sessionsEnded: { before: null, after: 1 },
      });
      h.cora = await signIn(app, 'cora@acme.example');
      const me = (await get(as('cora'), '/api/v1/me')).json();
      expect(me.role).toBe('internal_auditor');
      expect(me.abilities).toContain('audit_event:read');
    });

    it('lets only an owner grant or remove owner', async () => {
      const admin = await edit(as('admin'), id('carl'), {
        version: await versionOf(id('carl')),
        role: 'owner',
      });
      expect(admin.statusCode).toBe(403);
      expect(admin.json().detail).toBe('Only an owner may grant or remove the owner role');
      const demote = await edit(as('admin'), id('owner'), {
        version: await versionOf(id('owner')),
        role: 'admin',
      });
      expect(demote.statusCode).toBe(403);
      expect((await person(as('admin'), id('owner'))).json().role).toBe('owner');

      const grant = await edit(as('owner'), id('carl'), {
        version: await versionOf(id('carl')),
        role: 'owner',
      });
      expect(grant.statusCode).toBe(200);
      const back = await edit(as('owner'), id('carl'), {
        version: await versionOf(id('carl')),
        role: 'contributor',
      });
      expect(back.statusCode).toBe(200);
      expect(back.json().role).toBe('contributor');
      h.carl = await signIn(app, 'carl@acme.example');
    });

    it('never lets the last owner go, by demotion or by disabling', async () => {
      const before = await count('membership.role_changed');
      const self = await edit(as('owner'), id('owner'), {
        version: await versionOf(id('owner')),
        role: 'admin',
      });
      expect(self.statusCode).toBe(409);
      expect(self.json().detail).toBe(
        'Olivia Owner is the last owner of this organisation and cannot be given another role: make someone else an owner first',
      );
      const disable = await act(as('admin'), id('owner'), 'disable');
      expect(disable.statusCode).toBe(403);
      expect((await person(as('admin'), id('owner'))).json()).toMatchObject({
        role: 'owner',
        status: 'active',
      });
      expect(await count('membership.role_changed')).toBe(before);
      expect(await meStatus(as('owner'))).toBe(200);
    });

    it('gives an external auditor an end date in the future, and an owner none', async () => {
      const to = async (payload: Record<string, unknown>) =>
        edit(as('owner'), id('employee'), { version: await versionOf(id('employee')), ...payload });
      const missing = await to({ role: 'external_auditor' });
      expect(missing.statusCode).toBe(422);
      expect(missing.json().errors).toEqual([
        { field: 'body.expiresAt', message: 'An external auditor needs an end date for their access' },
      ]);
      const past = await to({ role: 'external_auditor', expiresAt: '2020-01-01T00:00:00Z' });
      expect(past.statusCode).toBe(422);
      expect(past.json().errors[0].field).toBe('body.expiresAt');
      const owner = await to({ role: 'owner', expiresAt: inFuture(10) });
      expect(owner.statusCode).toBe(422);
      expect(owner.json().errors[0].field).toBe('body.expiresAt');
      expect((await person(as('owner'), id('employee'))).json()).toMatchObject({
        role: 'employee',
        expiresAt: null,
      });

      const end = new Date(Date.now() + 30 * 86_400_000);
      end.setUTCMilliseconds(0);
      const offset = `${end.toISOString().slice(0, 19)}+00:00`;
      const ok = await to({ role: 'external_auditor', expiresAt: offset });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ role: 'external_auditor', expiresAt: end.toISOString() });
      const officer = await edit(as('officer'), id('employee'), {
        version: await versionOf(id('employee')),
        expiresAt: inFuture(60),
      });
      expect(officer.statusCode).toBe(403);
      const back = await to({ role: 'employee', expiresAt: null });
      expect(back.statusCode).toBe(200);
      h.employee = await signIn(app, 'employee@acme.example');
    });
  });

  describe('disabling', () => {
    it('ends the person’s sessions in this organisation at once, and only there', async () => {
      const dual = await seedMember(db, acme, 'contributor', {
        name: 'Dana Dual',
        email: 'dana@acme.example',
      });
      await seedMember(db, globex, 'contributor', { email: 'dana@acme.example' });
      const inAcme = await signIn(app, 'dana@acme.example');
      const inGlobex = await signIn(app, 'dana@acme.example');
      const switched = await app.inject({
        method: 'PUT',
        url: '/api/v1/me/organisation',
        headers: inGlobex,
        payload: { organisationId: globex },
      });
      expect(switched.statusCode).toBe(200);
      const cookie = switched.cookies.find((c) => c.name === '__Host-vigil_session');
      const globexSession = { ...inGlobex, cookie: `${cookie?.name}=${cookie?.value}` };
      expect(await meStatus(inAcme)).toBe(200);

      const before = await count('membership.disabled');
      const res = await act(as('admin'), dual.membershipId, 'disable');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'disabled', version: 2 });
      expect(await meStatus(inAcme)).toBe(401);
      expect(await meStatus(globexSession)).toBe(200);
      expect(await count('membership.disabled')).toBe(before + 1);
      expect((await lastAuditChanges(db, acme, 'membership.disabled')).changes).toEqual({
        status: { before: 'active', after: 'disabled' },
        sessionsEnded: { before: null, after: 1 },
      });
      // Disabling again changes nothing and records nothing.
      expect((await act(as('admin'), dual.membershipId, 'disable')).statusCode).toBe(200);
      expect(await count('membership.disabled')).toBe(before + 1);
      const disabled = (await get(as('admin'), '/api/v1/people?status=disabled')).json();
      expect(disabled.items.map((p: { id: string }) => p.id)).toEqual([dual.membershipId]);

      const enabled = await act(as('admin'), dual.membershipId, 'enable');
      expect(enabled.statusCode).toBe(200);
      expect(enabled.json().status).toBe('active');
      expect(await count('membership.enabled')).toBe(1);
      expect(await meStatus(inAcme)).toBe(401);
    });

    it('refuses to disable oneself, an owner unless by an owner, and without person:disable', async () => {
      const before = await count('membership.disabled');
      const self = await act(as('admin'), id('admin'), 'disable');
      expect(self.statusCode).toBe(403);
      expect(self.json().detail).toBe('You cannot disable your own access: ask another administrator');
      expect((await act(as('officer'), id('carl'), 'disable')).statusCode).toBe(403);
      expect((await act(as('employee'), id('carl'), 'disable')).statusCode).toBe(403);
      expect((await act(as('admin'), id('owner'), 'disable')).statusCode).toBe(403);
      expect(await count('membership.disabled')).toBe(before);
      for (const key of ['admin', 'carl', 'owner']) {
        expect((await person(as('admin'), id(key))).json().status).toBe('active');
      }
    });
  });
});
