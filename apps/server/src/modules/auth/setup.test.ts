import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS } from '../../../test/identity.ts';
import type { Database } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { issueSetupToken } from './auth.service.ts';

const OWNER = {
  organisationName: 'Acme Security',
  name: 'Olivia Owner',
  email: 'olivia@example.org',
  password: 'the first owner password 1',
};

describeEachDialect('first-run setup (S15)', (dialect) => {
  let database: Database;
  let app: FastifyInstance;
  let deps: Deps;

  const count = async (table: 'users' | 'organisations' | 'memberships' | 'sessions') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const setup = (token: string, body: Partial<typeof OWNER> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: SPA_HEADERS,
      payload: { token, ...OWNER, ...body },
    });
  const required = async () => (await app.inject({ method: 'GET', url: '/api/v1/setup' })).json();

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    app = await buildTestApp(dialect, { database });
    deps = {
      db: database.db,
      dialect,
      now: () => new Date(),
      secretKey: randomBytes(32),
      mailer: { configured: false, send: async () => {}, close: () => {} },
      publicUrl: 'http://127.0.0.1:3000',
    };
  });

  it('starts with no account of any kind: no default users, organisations or memberships', async () => {
    expect(await count('users')).toBe(0);
    expect(await count('organisations')).toBe(0);
    expect(await count('memberships')).toBe(0);
    expect(await required()).toEqual({ required: true });
    // asking for a setup token (as every start does) creates no account either
    expect(await issueSetupToken(deps)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await count('users')).toBe(0);
    // nothing signs in: there is no one to sign in as
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: SPA_HEADERS,
      payload: { email: 'admin@example.org', password: 'admin' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('refuses setup without the current token, and a token from an earlier start', async () => {
    const earlier = await issueSetupToken(deps);
    const current = await issueSetupToken(deps);
    expect(earlier).toEqual(expect.any(String));
    expect(current).not.toBe(earlier);
    for (const token of ['wrong-token', String(earlier)]) {
      const res = await setup(token);
      expect({ token, status: res.statusCode }).toEqual({ token, status: 403 });
    }
    expect(await count('users')).toBe(0);
    expect(await count('organisations')).toBe(0);
  });

  it('creates the first organisation and its owner once with the token, then the token is dead', async () => {
    const token = (await issueSetupToken(deps)) ?? '';
    const weak = await setup(token, { password: 'password1234' });
    expect(weak.statusCode).toBe(422);
    expect(await count('users')).toBe(0);

    const res = await setup(token);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ restriction: null });
    const cookie = res.cookies.find((c) => c.name === '__Host-vigil_session');
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `${cookie?.name}=${cookie?.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: OWNER.email, name: OWNER.name },
      organisation: { name: OWNER.organisationName, slug: 'acme-security' },
      role: 'owner',
    });
    expect(await count('users')).toBe(1);
    expect(await count('organisations')).toBe(1);

    const reused = await setup(token, { email: 'intruder@example.org', organisationName: 'Mine now' });
    expect(reused.statusCode).toBe(403);
    expect(await required()).toEqual({ required: false });
    expect(await issueSetupToken(deps)).toBeNull();
    expect(await count('users')).toBe(1);
    expect(await count('organisations')).toBe(1);

    const events = await database.db
      .selectFrom('audit_events')
      .select(['organisation_id', 'action'])
      .orderBy('occurred_at')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'organisation.created',
        'membership.created',
        'instance.setup_completed',
        'session.created',
      ]),
    );
    expect(events.find((e) => e.action === 'instance.setup_completed')?.organisation_id).toBeNull();
  });
});
