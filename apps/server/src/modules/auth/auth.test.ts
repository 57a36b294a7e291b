import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, signIn, TEST_PASSWORD } from '../../../test/identity.ts';
import type { Database } from '../../db/database.ts';

/** A clock the test moves by hand. */
function testClock(start = Date.parse('2026-11-28T09:00:00.000Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}
const MINUTE = 60_000;

async function login(app: FastifyInstance, email: string, password: string, ip = '10.0.0.1') {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: SPA_HEADERS,
    payload: { email, password },
    remoteAddress: ip,
  });
}

describeEachDialect('sessions (S5)', (dialect) => {
  let database: Database;
  let app: FastifyInstance;
  const clock = testClock();
  let email: string;
  let orgId: string;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    app = await buildTestApp(dialect, { database, now: clock.now });
    orgId = await seedOrganisation(database.db, 'Acme');
    email = (await seedMember(database.db, orgId, 'security_officer')).email;
  });

  const me = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/me', headers });

  it('1-2: the cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and carries >= 128 random bits', async () => {
    const res = await login(app, email, TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const raw = String(res.headers['set-cookie']);
    expect(raw).toMatch(/^__Host-vigil_session=/);
    expect(raw).toMatch(/; Secure/);
    expect(raw).toMatch(/; HttpOnly/);
    expect(raw).toMatch(/; SameSite=Lax/);
    expect(raw).toMatch(/; Path=\//);
    expect(raw).not.toMatch(/Domain=/);
    const token = res.cookies[0]?.value ?? '';
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    // only a hash is stored
    const stored = await database.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
  });

  it('3: every login issues a new session id, whatever cookie the browser already had', async () => {
    const first = await signIn(app, email);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { ...first },
      payload: { email, password: TEST_PASSWORD },
    });
    const second = `__Host-vigil_session=${res.cookies[0]?.value}`;
    expect(second).not.toBe(first.cookie);
    expect((await me({ cookie: second })).statusCode).toBe(200);
  });

  it('4: logout kills the session on the server', async () => {
    const headers = await signIn(app, email);
    expect((await me(headers)).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/__Host-vigil_session=;/);
    expect((await me(headers)).statusCode).toBe(401);
  });

  it('5: an idle session expires after 30 minutes; activity keeps it alive', async () => {
    const headers = await signIn(app, email);
    clock.advance(20 * MINUTE);
    expect((await me(headers)).statusCode).toBe(200);
    clock.advance(20 * MINUTE);
    expect((await me(headers)).statusCode).toBe(200);
    clock.advance(31 * MINUTE);
    expect((await me(headers)).statusCode).toBe(401);
  });

  it('6: a session ends after 12 hours however active it is', async () => {
    const headers = await signIn(app, email);
    for (let elapsed = 0; elapsed < 12 * 60; elapsed += 20) {
      clock.advance(20 * MINUTE);
      const status = (await me(headers)).statusCode;
      if (elapsed + 20 < 12 * 60) expect(status).toBe(200);
      else expect(status).toBe(401);
    }
  });

  it('7: disabling a user ends their sessions at once', async () => {
    const other = await seedMember(database.db, orgId, 'contributor');
    const headers = await signIn(app, other.email);
    expect((await me(headers)).statusCode).toBe(200);
    await database.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', other.userId)
      .execute();
    expect((await me(headers)).statusCode).toBe(401);
    expect((await login(app, other.email, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('a user lists their sessions and revokes one; another user cannot revoke it', async () => {
    const a = await signIn(app, email);
    const b = await signIn(app, email);
    const list = await app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: a });
    const items = list.json().items as Array<{ id: string; current: boolean }>;
    expect(items.filter((s) => s.current)).toHaveLength(1);
    const other = items.find((s) => !s.current);
    if (!other) throw new Error('expected a second session');
    const stranger = await signIn(app, (await seedMember(database.db, orgId, 'employee')).email);
    const denied = await app.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${other.id}`,
      headers: stranger,
    });
    expect(denied.statusCode).toBe(404);
    // b is one of a's user's sessions; revoke everything but a
    for (const s of items.filter((x) => !x.current)) {
      const res = await app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${s.id}`, headers: a });
      expect(res.statusCode).toBe(204);
    }
    expect((await me(b)).statusCode).toBe(401);
    expect((await me(a)).statusCode).toBe(200);
  });

  it('changing the password needs the current one and ends the other sessions', async () => {
    const user = await seedMember(database.db, orgId, 'contributor');
    const a = await signIn(app, user.email);
    const b = await signIn(app, user.email);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: a,
      payload: { currentPassword: 'not the password', newPassword: 'a brand new passphrase' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors).toEqual([
      { field: 'body.currentPassword', message: 'The current password is not correct' },
    ]);
    const common = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: a,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'qwerty123456' },
    });
    expect(common.statusCode).toBe(422);
    expect(common.json().errors[0].field).toBe('body.newPassword');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: a,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await me(a)).statusCode).toBe(200);
    expect((await me(b)).statusCode).toBe(401);
    expect((await login(app, user.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(app, user.email, 'a brand new passphrase')).statusCode).toBe(200);
    const events = await database.db
      .selectFrom('audit_events')
      .select(['action', 'changes'])
      .where('action', '=', 'user.password_changed')
      .where('subject_id', '=', user.userId)
      .execute();
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]?.changes)).not.toContain('brand new');
  });
});

describeEachDialect('credential attacks (S6)', (dialect) => {
  let database: Database;
  let app: FastifyInstance;
  const clock = testClock();
  let orgId: string;

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    app = await buildTestApp(dialect, { database, now: clock.now });
    orgId = await seedOrganisation(database.db, 'Target');
  });

  it('allows at most 10 password checks per account per 15 minutes, from any set of IPs, with growing delays', async () => {
    const { email } = await seedMember(database.db, orgId, 'admin');
    let checked = 0;
    let throttled = 0;
    const start = clock.now().getTime();
    // an attacker rotating IPs tries once every 5 seconds for 14 minutes
    while (clock.now().getTime() - start < 14 * MINUTE) {
      const res = await login(
        app,
        email,
        `wrong password ${checked}`,
        `10.1.${checked % 250}.${throttled % 250}`,
      );
      if (res.statusCode === 401) checked += 1;
      else {
        expect(res.statusCode).toBe(429);
        expect(res.json().code).toBe('rate_limited');
        throttled += 1;
      }
      clock.advance(5_000);
    }
    expect(checked).toBeLessThanOrEqual(10);
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(throttled).toBeGreaterThan(100);
    // even the right password is not checked while locked
    expect((await login(app, email, TEST_PASSWORD)).statusCode).toBe(429);
    clock.advance(2 * MINUTE);
    expect((await login(app, email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('answers known and unknown emails identically, in similar time', async () => {
    const { email } = await seedMember(database.db, orgId, 'employee');
    const known = await login(app, email, 'wrong password!!');
    const unknown = await login(app, 'nobody-here@example.org', 'wrong password!!');
    expect(known.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (body: string) => ({ ...JSON.parse(body), requestId: null });
    expect(strip(known.body)).toEqual(strip(unknown.body));
    const time = async (mail: string) => {
      const t = performance.now();
      await login(app, mail, 'wrong password!!', '10.9.9.9');
      return performance.now() - t;
    };
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await seedMember(database.db, orgId, 'employee');
      knownTimes.push(await time(m.email));
      unknownTimes.push(await time(`ghost-${i}@example.org`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
    const ratio = median(knownTimes) / median(unknownTimes);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('limits login attempts per IP too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push((await login(app, `spray-${i}@example.org`, 'wrong password!!', '10.66.0.1')).statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});

describe('CSRF', () => {
  let app: FastifyInstance;
  let headers: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    const database = await freshDatabase('sqlite');
    app = await buildTestApp('sqlite', { database });
    const org = await seedOrganisation(database.db, 'Csrf');
    headers = await signIn(app, (await seedMember(database.db, org, 'owner')).email);
  });

  it.each([
    ['no Origin', { 'x-requested-with': 'vigil' }],
    ['a foreign Origin', { origin: 'https://evil.example', 'x-requested-with': 'vigil' }],
    ['no custom header', { origin: 'http://127.0.0.1:3000' }],
  ])('refuses a state-changing request with the session cookie and %s', async (_name, extra) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: headers.cookie, ...extra },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: headers.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('accepts the same request from the SPA', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(res.statusCode).toBe(204);
  });
});

describe('no default accounts (S15)', () => {
  it('a fresh instance has no user, and setup refuses a missing or wrong token', async () => {
    const database = await freshDatabase('sqlite');
    const app = await buildTestApp('sqlite', { database });
    expect(await database.db.selectFrom('users').selectAll().execute()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ required: true });
    for (const email of ['admin@vigil.local', 'admin@example.org', 'root@example.com']) {
      for (const password of ['admin', 'password', 'changeme', 'vigil']) {
        expect((await login(app, email, password)).statusCode).toBe(401);
      }
    }
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: SPA_HEADERS,
      payload: {
        token: 'guess',
        organisationName: 'Mine',
        name: 'Me',
        email: 'me@example.org',
        password: 'a long enough passphrase',
      },
    });
    expect(res.statusCode).toBe(403);
    expect(await database.db.selectFrom('organisations').selectAll().execute()).toEqual([]);
  });
});
