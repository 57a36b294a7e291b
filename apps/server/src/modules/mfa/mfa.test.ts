import { ZProblem } from '@vigil/contracts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { generate } from 'otplib';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, TEST_PASSWORD } from '../../../test/identity.ts';
import { hashToken } from '../../crypto.ts';
import { toJson } from '../../db/dialect.ts';
import type { DB } from '../../db/types.ts';

const STEP_MS = 30_000;
type Headers = Record<string, string>;

/** A clock the test moves by hand; it starts 5 s into a 30 s TOTP step. */
function testClock(start = Date.parse('2026-11-02T10:00:05.000Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const problem = ZProblem.passthrough().parse(res.json());
  expect(problem.code).toBe(code);
  return problem;
}

describeEachDialect('multi-factor authentication', (dialect) => {
  let db: Kysely<DB>;
  let app: FastifyInstance;
  let orgId: string;
  const clock = testClock();
  let ipCounter = 0;
  let ip = '10.9.0.1';

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: clock.now });
    orgId = await seedOrganisation(db, 'Acme');
  });

  // Each test from its own address, so the per-IP limits of the auth routes never interfere.
  beforeEach(() => {
    ip = `10.9.${++ipCounter}.1`;
  });

  const send = (options: InjectOptions) => app.inject({ ...options, remoteAddress: ip });
  const get = (url: string, headers: Headers) => send({ method: 'GET', url, headers });
  const post = (url: string, headers: Headers, payload?: object) =>
    send({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

  function sessionOf(res: LightMyRequestResponse): Headers {
    const cookie = res.cookies.find((c) => c.name === '__Host-vigil_session');
    if (!cookie) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
    return { cookie: `${cookie.name}=${cookie.value}`, ...SPA_HEADERS };
  }

  async function login(email: string): Promise<{ restriction: string | null; headers: Headers }> {
    const res = await post('/api/v1/auth/login', SPA_HEADERS, { email, password: TEST_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    return { restriction: res.json().restriction, headers: sessionOf(res) };
  }

  /** What an authenticator app shows now, or `steps` steps away. */
  const totp = (secret: string, steps = 0) =>
    generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + steps * 30 });
  const currentStep = () => Math.floor(clock.now().getTime() / STEP_MS);

  /** Starts and confirms enrolment; returns the secret, the recovery codes and the rotated session. */
  async function enrol(headers: Headers) {
    const start = await post('/api/v1/me/mfa/totp', headers);
    expect(start.statusCode, start.body).toBe(201);
    const secret: string = start.json().secret;
    const confirm = await post('/api/v1/me/mfa/totp/confirm', headers, { code: await totp(secret) });
    expect(confirm.statusCode, confirm.body).toBe(200);
    return { secret, recoveryCodes: confirm.json().recoveryCodes as string[], headers: sessionOf(confirm) };
  }

  /** A member who has enrolled; the clock is then one step further, so a fresh code is not a replay. */
  async function enrolledMember(organisationId = orgId, role: 'contributor' | 'admin' = 'contributor') {
    const member = await seedMember(db, organisationId, role);
    const enrolled = await enrol((await login(member.email)).headers);
    clock.advance(STEP_MS);
    return { ...member, ...enrolled };
  }

  async function actionsOf(userId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('audit_events')
      .select('action')
      .where('actor_id', '=', userId)
      .orderBy('occurred_at')
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  }

  /** No audit event anywhere holds any of these values. */
  async function expectNotInAudit(values: readonly string[]) {
    const rows = await db.selectFrom('audit_events').select('changes').execute();
    const all = JSON.stringify(rows.map((r) => r.changes)).toLowerCase();
    for (const value of values) {
      expect(all).not.toContain(value.toLowerCase());
      expect(all).not.toContain(value.replaceAll('-', '').toLowerCase());
    }
  }

  async function failuresOf(email: string): Promise<number> {
    const row = await db
      .selectFrom('login_throttle')
      .select('failures')
      .where('key', '=', `login:${hashToken(email)}`)
      .executeTakeFirst();
    return row?.failures ?? 0;
  }

  it('enrols: a pending sealed secret with its URI and QR code, confirmed by a code; 10 recovery codes, once; a new session token', async () => {
    const member = await seedMember(db, orgId, 'contributor');
    const { headers, restriction } = await login(member.email);
    expect(restriction).toBeNull();
    expect((await get('/api/v1/me/mfa', headers)).json()).toEqual({
      enabled: false,
      pendingEnrolment: false,
      recoveryCodesLeft: 0,
    });

    const start = await post('/api/v1/me/mfa/totp', headers);
    expect(start.statusCode).toBe(201);
    const enrolment = start.json();
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Vigil:/);
    expect(new URL(enrolment.otpauthUri).searchParams.get('secret')).toBe(enrolment.secret);
    expect(enrolment.qrCode).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect((await get('/api/v1/me/mfa', headers)).json()).toEqual({
      enabled: false,
      pendingEnrolment: true,
      recoveryCodesLeft: 0,
    });
    const pending = await db
      .selectFrom('users')
      .select(['totp_secret', 'totp_enabled_at'])
      .where('id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect(pending.totp_enabled_at).toBeNull();
    expect(pending.totp_secret).toMatch(/^v1\./);
    expect(pending.totp_secret?.toUpperCase()).not.toContain(enrolment.secret);

    const confirm = await post('/api/v1/me/mfa/totp/confirm', headers, {
      code: await totp(enrolment.secret),
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const { recoveryCodes, restriction: after } = confirm.json() as {
      recoveryCodes: string[];
      restriction: string | null;
    };
    expect(after).toBeNull();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/);

    // a privilege change: the old token is dead, the new one has passed MFA
    const rotated = sessionOf(confirm);
    expect(rotated.cookie).not.toBe(headers.cookie);
    expect((await get('/api/v1/me', headers)).statusCode).toBe(401);
    const me = await get('/api/v1/me', rotated);
    expect(me.statusCode).toBe(200);
    expect(me.json().user.mfaEnabled).toBe(true);
    expect(me.json().restriction).toBeNull();
    expect((await get('/api/v1/me/mfa', rotated)).json()).toEqual({
      enabled: true,
      pendingEnrolment: false,
      recoveryCodesLeft: 10,
    });

    const user = await db
      .selectFrom('users')
      .select(['totp_secret', 'totp_enabled_at', 'totp_last_step'])
      .where('id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect(user.totp_enabled_at).toBe(clock.now().toISOString());
    expect(user.totp_last_step).toBe(currentStep());
    expect(user.totp_secret).toBe(pending.totp_secret);
    const stored = await db
      .selectFrom('recovery_codes')
      .select(['code_hash', 'used_at'])
      .where('user_id', '=', member.userId)
      .execute();
    expect(stored).toHaveLength(10);
    expect(stored.every((r) => r.used_at === null)).toBe(true);
    const hashes = stored.map((r) => r.code_hash).sort();
    expect(hashes).toEqual(recoveryCodes.map((c) => hashToken(c.replaceAll('-', ''))).sort());

    expect(await actionsOf(member.userId)).toEqual([
      'auth.login_succeeded',
      'user.mfa_enrolment_started',
      'user.mfa_enabled',
      'auth.mfa_passed',
    ]);
    await expectNotInAudit([enrolment.secret, ...recoveryCodes]);
  });

  it('refuses a wrong code at confirmation (counted and audited) and keeps TOTP off', async () => {
    const member = await seedMember(db, orgId, 'contributor');
    const { headers } = await login(member.email);
    const { secret } = (await post('/api/v1/me/mfa/totp', headers)).json();
    const wrong = await post('/api/v1/me/mfa/totp/confirm', headers, { code: await totp(secret, 4) });
    const problem = expectProblem(wrong, 422, 'validation_failed');
    expect(problem.errors?.map((e) => e.field)).toEqual(['body.code']);
    expect(await failuresOf(member.email)).toBe(1);
    // not even a code: refused by the schema, not a guess
    expectProblem(
      await post('/api/v1/me/mfa/totp/confirm', headers, { code: '12ab56' }),
      422,
      'validation_failed',
    );
    expect(await failuresOf(member.email)).toBe(1);

    expect((await get('/api/v1/me/mfa', headers)).json()).toEqual({
      enabled: false,
      pendingEnrolment: true,
      recoveryCodesLeft: 0,
    });
    // the session was not rotated
    expect((await get('/api/v1/me', headers)).statusCode).toBe(200);
    expect(await actionsOf(member.userId)).toEqual([
      'auth.login_succeeded',
      'user.mfa_enrolment_started',
      'auth.mfa_failed',
    ]);
    const failed = await db
      .selectFrom('audit_events')
      .select(['changes', 'subject_id'])
      .where('action', '=', 'auth.mfa_failed')
      .where('actor_id', '=', member.userId)
      .executeTakeFirstOrThrow();
    expect(failed.subject_id).toBe(member.userId);
    expect(failed.changes).toEqual({ purpose: { before: null, after: 'enrolment' } });
    await expectNotInAudit([secret]);
  });

  it('refuses to confirm without a pending enrolment, and to enrol again while TOTP is on', async () => {
    const member = await seedMember(db, orgId, 'contributor');
    const { headers } = await login(member.email);
    expectProblem(await post('/api/v1/me/mfa/totp/confirm', headers, { code: '123456' }), 409, 'conflict');
    const enrolled = await enrol(headers);
    expectProblem(await post('/api/v1/me/mfa/totp', enrolled.headers), 409, 'conflict');
    expectProblem(
      await post('/api/v1/me/mfa/totp/confirm', enrolled.headers, { code: await totp(enrolled.secret) }),
      409,
      'conflict',
    );
  });

  it('after sign-in, a TOTP user is challenged and can do nothing else until a code passes; the token then changes', async () => {
    const member = await enrolledMember();
    const { headers, restriction } = await login(member.email);
    expect(restriction).toBe('mfa_challenge');
    const me = await get('/api/v1/me', headers);
    expect(me.statusCode).toBe(200);
    expect(me.json().restriction).toBe('mfa_challenge');
    expect(me.json().abilities).toEqual([]);
    const refused = expectProblem(await get('/api/v1/me/sessions', headers), 403, 'forbidden');
    expect((refused as Record<string, unknown>).restriction).toBe('mfa_challenge');
    expectProblem(await get('/api/v1/me/mfa', headers), 403, 'forbidden');
    expectProblem(await post('/api/v1/me/mfa/totp', headers), 403, 'forbidden');
    expectProblem(
      await post('/api/v1/me/mfa/recovery-codes', headers, { code: await totp(member.secret) }),
      403,
      'forbidden',
    );

    const verify = await post('/api/v1/auth/mfa/verify', headers, { code: await totp(member.secret) });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json()).toEqual({ restriction: null });
    const passed = sessionOf(verify);
    expect(passed.cookie).not.toBe(headers.cookie);
    expect((await get('/api/v1/me', headers)).statusCode).toBe(401);
    expect((await get('/api/v1/me/sessions', passed)).statusCode).toBe(200);
    expect((await get('/api/v1/me', passed)).json().restriction).toBeNull();
    // a session that has passed has nothing left to verify
    expectProblem(
      await post('/api/v1/auth/mfa/verify', passed, { code: await totp(member.secret, 1) }),
      409,
      'conflict',
    );

    const sessions = await db
      .selectFrom('sessions')
      .select(['mfa_passed', 'revoked_at'])
      .where('user_id', '=', member.userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    expect(sessions.at(-1)).toEqual({ mfa_passed: true, revoked_at: null });
    expect(sessions.at(-2)?.revoked_at).not.toBeNull();
    expect((await actionsOf(member.userId)).slice(-2)).toEqual(['auth.login_succeeded', 'auth.mfa_passed']);
    // anonymous: sign in first
    expectProblem(
      await post('/api/v1/auth/mfa/verify', SPA_HEADERS, { code: '123456' }),
      401,
      'unauthenticated',
    );
  });

  it('never accepts a code twice (S6): not again within its window, not an older one, not in a race', async () => {
    const member = await enrolledMember();
    const code = await totp(member.secret);
    const first = await login(member.email);
    expect((await post('/api/v1/auth/mfa/verify', first.headers, { code })).statusCode).toBe(200);

    const second = await login(member.email);
    const replay = await post('/api/v1/auth/mfa/verify', second.headers, { code });
    expect(expectProblem(replay, 422, 'validation_failed').errors?.[0]?.field).toBe('body.code');
    // the previous step's code is inside the window but older than the one accepted
    expectProblem(
      await post('/api/v1/auth/mfa/verify', second.headers, { code: await totp(member.secret, -1) }),
      422,
      'validation_failed',
    );
    expect((await get('/api/v1/me/sessions', second.headers)).statusCode).toBe(403);
    clock.advance(STEP_MS);
    expect(
      (await post('/api/v1/auth/mfa/verify', second.headers, { code: await totp(member.secret) })).statusCode,
    ).toBe(200);
    expect(
      (
        await db
          .selectFrom('users')
          .select('totp_last_step')
          .where('id', '=', member.userId)
          .executeTakeFirstOrThrow()
      ).totp_last_step,
    ).toBe(currentStep());

    // two sessions send the same fresh code at once: exactly one is accepted (the compare-and-set
    // under real concurrency is proven in mfa.repo.test.ts)
    clock.advance(STEP_MS);
    const a = await login(member.email);
    const b = await login(member.email);
    const fresh = await totp(member.secret);
    const raced = await Promise.all(
      [a, b].map((s) => post('/api/v1/auth/mfa/verify', s.headers, { code: fresh })),
    );
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 422]);

    const actions = await actionsOf(member.userId);
    expect(actions.filter((x) => x === 'auth.mfa_failed')).toHaveLength(3);
    expect(actions.filter((x) => x === 'auth.mfa_passed')).toHaveLength(4); // enrolment + 3 sign-ins
  });

  it('accepts a code one step old or new, refuses two steps away', async () => {
    const member = await enrolledMember();
    clock.advance(10 * STEP_MS);
    const { headers } = await login(member.email);
    const verify = async (steps: number) =>
      (await post('/api/v1/auth/mfa/verify', headers, { code: await totp(member.secret, steps) })).statusCode;
    expect(await verify(-2)).toBe(422);
    expect(await verify(2)).toBe(422);
    expect(await verify(-1)).toBe(200);

    const again = await login(member.email);
    const next = await post('/api/v1/auth/mfa/verify', again.headers, { code: await totp(member.secret, 1) });
    expect(next.statusCode).toBe(200);
    // the current step is now behind the last accepted one
    const third = await login(member.email);
    expectProblem(
      await post('/api/v1/auth/mfa/verify', third.headers, { code: await totp(member.secret) }),
      422,
      'validation_failed',
    );
  });

  it('a recovery code passes the challenge once only', async () => {
    const member = await enrolledMember();
    const [first, second] = member.recoveryCodes;
    if (!first || !second) throw new Error('expected recovery codes');
    const { headers } = await login(member.email);
    // typed loosely: upper case, spaces for dashes
    const typed = first.toUpperCase().replaceAll('-', ' ');
    const verify = await post('/api/v1/auth/mfa/verify', headers, { recoveryCode: typed });
    expect(verify.statusCode, verify.body).toBe(200);
    const passed = sessionOf(verify);
    expect((await get('/api/v1/me', headers)).statusCode).toBe(401);
    expect((await get('/api/v1/me/mfa', passed)).json()).toEqual({
      enabled: true,
      pendingEnrolment: false,
      recoveryCodesLeft: 9,
    });
    const used = await db
      .selectFrom('recovery_codes')
      .select('code_hash')
      .where('user_id', '=', member.userId)
      .where('used_at', 'is not', null)
      .execute();
    expect(used.map((r) => r.code_hash)).toEqual([hashToken(first.replaceAll('-', ''))]);

    const again = await login(member.email);
    const reused = await post('/api/v1/auth/mfa/verify', again.headers, { recoveryCode: first });
    expect(expectProblem(reused, 422, 'validation_failed').errors?.[0]?.field).toBe('body.recoveryCode');
    // one or the other, not both, not neither
    expectProblem(
      await post('/api/v1/auth/mfa/verify', again.headers, { code: '123456', recoveryCode: second }),
      422,
      'validation_failed',
    );
    expectProblem(await post('/api/v1/auth/mfa/verify', again.headers, {}), 422, 'validation_failed');
    expect((await post('/api/v1/auth/mfa/verify', again.headers, { recoveryCode: second })).statusCode).toBe(
      200,
    );

    const actions = await actionsOf(member.userId);
    expect(actions.slice(-7)).toEqual([
      'auth.login_succeeded',
      'auth.recovery_code_used',
      'auth.mfa_passed',
      'auth.login_succeeded',
      'auth.mfa_failed',
      'auth.recovery_code_used',
      'auth.mfa_passed',
    ]);
    await expectNotInAudit(member.recoveryCodes);
  });

  it('regenerates the recovery codes with a current code: 10 new ones, the old ones dead', async () => {
    const member = await enrolledMember();
    expectProblem(
      await post('/api/v1/me/mfa/recovery-codes', member.headers, { code: await totp(member.secret, 3) }),
      422,
      'validation_failed',
    );
    const res = await post('/api/v1/me/mfa/recovery-codes', member.headers, {
      code: await totp(member.secret),
    });
    expect(res.statusCode, res.body).toBe(201);
    const fresh = res.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => member.recoveryCodes.includes(c))).toEqual([]);
    expect((await get('/api/v1/me/mfa', member.headers)).json().recoveryCodesLeft).toBe(10);

    const { headers } = await login(member.email);
    expectProblem(
      await post('/api/v1/auth/mfa/verify', headers, { recoveryCode: member.recoveryCodes[0] }),
      422,
      'validation_failed',
    );
    expect((await post('/api/v1/auth/mfa/verify', headers, { recoveryCode: fresh[0] })).statusCode).toBe(200);
    expect(await actionsOf(member.userId)).toContain('user.recovery_codes_regenerated');
    await expectNotInAudit([member.secret, ...member.recoveryCodes, ...fresh]);
  });

  it('turning TOTP off needs a current code and is refused while the organisation requires it for the role', async () => {
    const policyOrg = await seedOrganisation(db, 'Strict Ltd');
    await db
      .updateTable('organisations')
      .set({ mfa_policy: 'roles', mfa_roles: toJson(['admin']) })
      .where('id', '=', policyOrg)
      .execute();
    const admin = await seedMember(db, policyOrg, 'admin');
    const first = await login(admin.email);
    expect(first.restriction).toBe('mfa_enrolment');
    const enrolled = await enrol(first.headers);
    clock.advance(STEP_MS);

    const refused = expectProblem(
      await send({
        method: 'DELETE',
        url: '/api/v1/me/mfa/totp',
        headers: enrolled.headers,
        payload: { code: await totp(enrolled.secret) },
      }),
      403,
      'forbidden',
    );
    expect(refused.detail).toBe(
      'Strict Ltd requires two-factor authentication for your role, so it cannot be turned off',
    );
    expect((await get('/api/v1/me/mfa', enrolled.headers)).json().enabled).toBe(true);

    // the policy no longer covers admins
    await db
      .updateTable('organisations')
      .set({ mfa_roles: toJson(['owner']) })
      .where('id', '=', policyOrg)
      .execute();
    const disable = (code: string) =>
      send({ method: 'DELETE', url: '/api/v1/me/mfa/totp', headers: enrolled.headers, payload: { code } });
    expectProblem(await disable(await totp(enrolled.secret, 4)), 422, 'validation_failed');
    const off = await disable(await totp(enrolled.secret));
    expect(off.statusCode, off.body).toBe(204);
    expect(off.body).toBe('');

    expect((await get('/api/v1/me/mfa', enrolled.headers)).json()).toEqual({
      enabled: false,
      pendingEnrolment: false,
      recoveryCodesLeft: 0,
    });
    const user = await db
      .selectFrom('users')
      .select(['totp_secret', 'totp_enabled_at'])
      .where('id', '=', admin.userId)
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ totp_secret: null, totp_enabled_at: null });
    const codes = await db
      .selectFrom('recovery_codes')
      .select('id')
      .where('user_id', '=', admin.userId)
      .execute();
    expect(codes).toEqual([]);
    expect((await login(admin.email)).restriction).toBeNull();
    expect(await actionsOf(admin.userId)).toContain('user.mfa_disabled');
    const event = await db
      .selectFrom('audit_events')
      .select(['changes', 'organisation_id'])
      .where('action', '=', 'user.mfa_disabled')
      .where('actor_id', '=', admin.userId)
      .executeTakeFirstOrThrow();
    expect(event.organisation_id).toBe(policyOrg);
    expect(event.changes).toEqual({
      totp: { before: true, after: false },
      recoveryCodesLeft: { before: 10, after: 0 },
    });
    // nothing left to turn off
    expectProblem(await disable(await totp(enrolled.secret, 1)), 409, 'conflict');
  });

  it('an organisation requiring MFA sends a member without it to enrolment, and nothing else works until they enrol', async () => {
    const policyOrg = await seedOrganisation(db, 'Everyone Ltd');
    await db.updateTable('organisations').set({ mfa_policy: 'all' }).where('id', '=', policyOrg).execute();
    const member = await seedMember(db, policyOrg, 'employee');
    const { headers, restriction } = await login(member.email);
    expect(restriction).toBe('mfa_enrolment');
    const me = await get('/api/v1/me', headers);
    expect(me.json().restriction).toBe('mfa_enrolment');
    expect(me.json().abilities).toEqual([]);
    const refused = expectProblem(await get('/api/v1/me/sessions', headers), 403, 'forbidden');
    expect((refused as Record<string, unknown>).restriction).toBe('mfa_enrolment');
    expectProblem(await post('/api/v1/auth/mfa/verify', headers, { code: '123456' }), 403, 'forbidden');
    expect((await get('/api/v1/me/mfa', headers)).statusCode).toBe(200);

    const enrolled = await enrol(headers);
    expect((await get('/api/v1/me', enrolled.headers)).json().restriction).toBeNull();
    expect((await get('/api/v1/me/sessions', enrolled.headers)).statusCode).toBe(200);
    expect((await get('/api/v1/me/sessions', headers)).statusCode).toBe(401);
    // from now on, sign-in asks for the code
    expect((await login(member.email)).restriction).toBe('mfa_challenge');
  });

  it('wrong codes count against the per-account limit shared with passwords', async () => {
    const member = await enrolledMember();
    const { headers } = await login(member.email);
    for (let i = 0; i < 4; i++) {
      expectProblem(
        await post('/api/v1/auth/mfa/verify', headers, { code: await totp(member.secret, 5) }),
        422,
        'validation_failed',
      );
    }
    expect(await failuresOf(member.email)).toBe(4);
    // after the fourth failure the account waits 2 s: even the right code, even a password, is not checked
    const limited = expectProblem(
      await post('/api/v1/auth/mfa/verify', headers, { code: await totp(member.secret) }),
      429,
      'rate_limited',
    );
    expect((limited as Record<string, unknown>).retryAfterSeconds).toBe(2);
    expectProblem(
      await post('/api/v1/auth/login', SPA_HEADERS, { email: member.email, password: TEST_PASSWORD }),
      429,
      'rate_limited',
    );
    clock.advance(3_000);
    const ok = await post('/api/v1/auth/mfa/verify', headers, { code: await totp(member.secret) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await failuresOf(member.email)).toBe(0);
  });
});
