import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { seedMember, seedOrganisation, signIn } from '../../../test/identity.ts';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/types.ts';

type Headers = Awaited<ReturnType<typeof signIn>>;

async function auditEvents(db: Kysely<DB>, organisationId: string, action: string) {
  return db
    .selectFrom('audit_events')
    .select(['subject_id', 'changes', 'actor_id'])
    .where('organisation_id', '=', organisationId)
    .where('action', '=', action)
    .execute();
}

describeEachDialect('organisation settings', (dialect) => {
  let app: FastifyInstance;
  let database: Database;
  let db: Kysely<DB>;
  let acme: string;
  let globex: string;
  let globexSlug: string;
  let admin: Headers;
  let adminUserId: string;
  let officer: Headers;
  let employee: Headers;
  let globexAdmin: Headers;

  const get = (headers: Partial<Headers> = {}) =>
    app.inject({ method: 'GET', url: '/api/v1/organisation', headers });
  const patch = (headers: Headers, payload: Record<string, unknown>) =>
    app.inject({ method: 'PATCH', url: '/api/v1/organisation', headers, payload });
  const currentVersion = async () => (await get(admin)).json().version as number;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database });
    acme = await seedOrganisation(db, 'Acme');
    globex = await seedOrganisation(db, 'Globex canary-globex-7f3a');
    globexSlug = (
      await db.selectFrom('organisations').select('slug').where('id', '=', globex).executeTakeFirstOrThrow()
    ).slug;
    const a = await seedMember(db, acme, 'admin');
    adminUserId = a.userId;
    admin = await signIn(app, a.email);
    officer = await signIn(app, (await seedMember(db, acme, 'security_officer')).email);
    employee = await signIn(app, (await seedMember(db, acme, 'employee')).email);
    globexAdmin = await signIn(app, (await seedMember(db, globex, 'admin')).email);
  });

  it('shows every member their own organisation, another organisation only its own; anonymous 401', async () => {
    const res = await get(employee);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: acme,
      name: 'Acme',
      slug: expect.stringMatching(/^acme-/),
      timeZone: 'UTC',
      locale: 'en',
      sessionIdleMinutes: 30,
      sessionAbsoluteMinutes: 720,
      mfaPolicy: 'off',
      mfaRoles: [],
      version: 1,
    });
    const other = await get(globexAdmin);
    expect(other.json().id).toBe(globex);
    expect(res.body).not.toContain('canary-globex');
    expect(other.body).not.toContain('Acme');
    expect((await get()).statusCode).toBe(401);
  });

  it('lets an admin change the settings, audited once with before and after', async () => {
    const res = await patch(admin, {
      version: 1,
      name: 'Acme Europe',
      slug: 'acme-eu',
      timeZone: 'Europe/Berlin',
      sessionIdleMinutes: 15,
      sessionAbsoluteMinutes: 600,
      mfaPolicy: 'roles',
      mfaRoles: ['top_management', 'owner', 'top_management'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: acme,
      name: 'Acme Europe',
      slug: 'acme-eu',
      timeZone: 'Europe/Berlin',
      locale: 'en',
      sessionIdleMinutes: 15,
      sessionAbsoluteMinutes: 600,
      mfaPolicy: 'roles',
      mfaRoles: ['owner', 'top_management'],
      version: 2,
    });
    expect((await get(employee)).json()).toEqual(res.json());
    const events = await auditEvents(db, acme, 'organisation.updated');
    expect(events).toHaveLength(1);
    expect(events[0]?.actor_id).toBe(adminUserId);
    expect(events[0]?.changes).toEqual({
      mfaPolicy: { before: 'off', after: 'roles' },
      mfaRoles: { before: [], after: ['owner', 'top_management'] },
      name: { before: 'Acme', after: 'Acme Europe' },
      sessionAbsoluteMinutes: { before: 720, after: 600 },
      sessionIdleMinutes: { before: 30, after: 15 },
      slug: { before: expect.stringMatching(/^acme-/), after: 'acme-eu' },
      timeZone: { before: 'UTC', after: 'Europe/Berlin' },
    });
  });

  it('records nothing when nothing changes', async () => {
    const version = await currentVersion();
    const res = await patch(admin, { version, name: 'Acme Europe', mfaRoles: ['owner', 'top_management'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(version);
    expect(await auditEvents(db, acme, 'organisation.updated')).toHaveLength(1);
  });

  it('refuses roles without organisation:update (403) and changes nothing', async () => {
    const version = await currentVersion();
    for (const headers of [officer, employee]) {
      const res = await patch(headers, { version, name: 'Taken over' });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    expect((await get(admin)).json()).toMatchObject({ name: 'Acme Europe', version });
  });

  it('names the field at fault in validation errors', async () => {
    const version = await currentVersion();
    const cases: [Record<string, unknown>, string][] = [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'body.timeZone'],
      [{ sessionIdleMinutes: 4 }, 'body.sessionIdleMinutes'],
      [{ sessionIdleMinutes: 12.5 }, 'body.sessionIdleMinutes'],
      [{ sessionAbsoluteMinutes: 10_081 }, 'body.sessionAbsoluteMinutes'],
      [{ sessionIdleMinutes: 120, sessionAbsoluteMinutes: 60 }, 'body.sessionAbsoluteMinutes'],
      [{ sessionIdleMinutes: 481 }, 'body.sessionIdleMinutes'],
      [{ slug: 'Acme EU' }, 'body.slug'],
      [{ slug: '-acme' }, 'body.slug'],
      [{ locale: 'fr' }, 'body.locale'],
      [{ mfaPolicy: 'sometimes' }, 'body.mfaPolicy'],
      [{ mfaRoles: ['owner', 'root'] }, 'body.mfaRoles.1'],
      [{ mfaRoles: [] }, 'body.mfaRoles'],
      [{ name: '' }, 'body.name'],
      [{ name: 'x'.repeat(201) }, 'body.name'],
    ];
    for (const [payload, field] of cases) {
      const res = await patch(admin, { version, ...payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(422);
      const problem = res.json();
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    // UTC is a time zone even though Intl.supportedValuesOf leaves it out.
    const utc = await patch(admin, { version, timeZone: 'UTC' });
    expect(utc.statusCode).toBe(200);
    expect(utc.json().timeZone).toBe('UTC');
  });

  it('refuses a URL name another organisation uses with a 409 that says so', async () => {
    const version = await currentVersion();
    const res = await patch(admin, { version, slug: globexSlug });
    expect(res.statusCode).toBe(409);
    const problem = res.json();
    expect(problem.code).toBe('conflict');
    expect(problem.detail).toBe(`The URL name "${globexSlug}" is already taken: choose another`);
    expect(problem.errors).toEqual([
      { field: 'body.slug', message: 'Already taken by another organisation' },
    ]);
    expect((await get(admin)).json()).toMatchObject({ slug: 'acme-eu', version });
  });

  it('refuses a stale version with a 409 carrying the current state, and changes nothing', async () => {
    const current = (await get(admin)).json();
    const before = (await auditEvents(db, acme, 'organisation.updated')).length;
    const res = await patch(admin, { version: current.version - 1, name: 'Overwritten' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('conflict');
    expect(res.json().current).toEqual(current);
    expect((await get(admin)).json()).toEqual(current);
    expect(await auditEvents(db, acme, 'organisation.updated')).toHaveLength(before);
  });

  it('applies a new idle timeout to sessions at once', async () => {
    let clock = new Date();
    const timed = await buildTestApp(dialect, { database, now: () => clock });
    const { email } = await seedMember(db, globex, 'contributor');
    const headers = await signIn(timed, email);
    const version = (
      await timed.inject({ method: 'GET', url: '/api/v1/organisation', headers: globexAdmin })
    ).json().version;
    const res = await timed.inject({
      method: 'PATCH',
      url: '/api/v1/organisation',
      headers: globexAdmin,
      payload: { version, sessionIdleMinutes: 5, sessionAbsoluteMinutes: 60 },
    });
    expect(res.statusCode).toBe(200);
    clock = new Date(clock.getTime() + 6 * 60_000);
    expect((await timed.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(401);
  });
});
