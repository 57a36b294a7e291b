import { ZApiTokenCreated, ZApiTokenList, ZMe } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, TEST_PASSWORD } from '../../../test/identity.ts';
import { hashToken } from '../../crypto.ts';
import type { Database } from '../../db/database.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A clock the test moves by hand. */
function testClock(start = Date.parse('2026-11-28T09:00:00.000Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describeEachDialect('personal API tokens', (dialect) => {
  let database: Database;
  let app: FastifyInstance;
  const clock = testClock();
  let orgId: string;
  let otherOrgId: string;
  const people = {} as Record<
    'owner' | 'admin' | 'contributor' | 'auditor' | 'outsider',
    { userId: string; membershipId: string; email: string }
  >;
  let ip = 0;

  /** Signs in through the login route, each time from another address (the per-IP limit is tested elsewhere). */
  async function session(email: string): Promise<Record<string, string>> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: SPA_HEADERS,
      payload: { email, password: TEST_PASSWORD },
      remoteAddress: `10.20.0.${++ip}`,
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === '__Host-vigil_session');
    return { ...SPA_HEADERS, cookie: `${cookie?.name}=${cookie?.value}` };
  }

  const inDays = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();

  async function create(headers: Record<string, string>, body: Record<string, unknown>) {
    return app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: body });
  }

  async function createOk(headers: Record<string, string>, scopes: string[], name = 'CI pipeline') {
    const res = await create(headers, { name, scopes, expiresAt: inDays(30) });
    expect(res.statusCode).toBe(201);
    return ZApiTokenCreated.parse(res.json());
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) });

  const auditCount = (action: string, subjectId: string) =>
    database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action)
      .where('subject_id', '=', subjectId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    app = await buildTestApp(dialect, { database, now: clock.now });
    orgId = await seedOrganisation(database.db, 'Acme');
    otherOrgId = await seedOrganisation(database.db, 'Globex');
    people.owner = await seedMember(database.db, orgId, 'owner');
    people.admin = await seedMember(database.db, orgId, 'admin');
    people.contributor = await seedMember(database.db, orgId, 'contributor', { name: 'Carla Contributor' });
    people.auditor = await seedMember(database.db, orgId, 'internal_auditor');
    people.outsider = await seedMember(database.db, otherOrgId, 'owner');
  });

  it('creates a token shown once, stores only its hash, and the token works as Bearer on /me', async () => {
    const headers = await session(people.contributor.email);
    const created = await createOk(headers, ['person:read', 'organisation:read', 'person:read']);
    expect(created.token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(created.tokenPrefix).toBe(created.token.slice(0, 8));
    expect(created.scopes).toEqual(['organisation:read', 'person:read']);
    expect(created.owner).toEqual({
      id: people.contributor.userId,
      name: 'Carla Contributor',
      email: people.contributor.email,
    });
    expect(created.expiresAt).toBe(inDays(30));
    expect(created.lastUsedAt).toBeNull();

    const row = await database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(created.token));
    expect(Object.values(row).map(String)).not.toContain(created.token);
    expect(row.organisation_id).toBe(orgId);

    const res = await me(created.token);
    expect(res.statusCode).toBe(200);
    const body = ZMe.parse(res.json());
    expect(body.user.id).toBe(people.contributor.userId);
    expect(body.organisation?.id).toBe(orgId);
    expect(body.role).toBe('contributor');
    expect(body.abilities).toEqual(['organisation:read', 'person:read']);

    // the list never shows the secret
    const list = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    expect(ZApiTokenList.parse(list.json()).items.map((t) => t.id)).toEqual([created.id]);
    expect(await auditCount('api_token.created', created.id)).toBe(1);
  });

  it('refuses scopes the role lacks, no scopes, unknown scopes, and a bad expiry, with field errors', async () => {
    const headers = await session(people.contributor.email);
    const lacking = await create(headers, {
      name: 'Too much',
      scopes: ['organisation:read', 'audit_event:read'],
      expiresAt: inDays(10),
    });
    expect(lacking.statusCode).toBe(422);
    expect(lacking.json().errors).toEqual([
      { field: 'body.scopes', message: expect.stringContaining('audit_event:read') },
    ]);

    const empty = await create(headers, { name: 'Nothing', scopes: [], expiresAt: inDays(10) });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('body.scopes');
    const unknown = await create(headers, { name: 'Odd', scopes: ['risk:eat'], expiresAt: inDays(10) });
    expect(unknown.statusCode).toBe(422);

    const past = await create(headers, {
      name: 'Past',
      scopes: ['organisation:read'],
      expiresAt: inDays(-1),
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors).toEqual([
      { field: 'body.expiresAt', message: 'Choose an expiry date in the future' },
    ]);
    const tooFar = await create(headers, {
      name: 'Forever',
      scopes: ['organisation:read'],
      expiresAt: inDays(367),
    });
    expect(tooFar.statusCode).toBe(422);
    expect(tooFar.json().errors).toEqual([
      { field: 'body.expiresAt', message: 'Choose an expiry date at most one year ahead' },
    ]);
    const missing = await create(headers, { name: 'No expiry', scopes: ['organisation:read'] });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].field).toBe('body.expiresAt');

    const almostAYear = await create(headers, {
      name: 'Long',
      scopes: ['organisation:read'],
      expiresAt: inDays(364),
    });
    expect(almostAYear.statusCode).toBe(201);
  });

  it('narrows the role to the scopes: an auditor token without audit_event:read gets 403 on the audit trail', async () => {
    const headers = await session(people.auditor.email);
    const narrow = await createOk(headers, ['organisation:read']);
    const wide = await createOk(headers, ['audit_event:read']);
    const narrowRes = await app.inject({
      method: 'GET',
      url: '/api/v1/audit-events',
      headers: bearer(narrow.token),
    });
    expect(narrowRes.statusCode).toBe(403);
    const wideRes = await app.inject({
      method: 'GET',
      url: '/api/v1/audit-events',
      headers: bearer(wide.token),
    });
    expect(wideRes.statusCode).toBe(200);
    // a bearer request needs no CSRF header, but a token cannot make tokens
    const byToken = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(wide.token),
      payload: { name: 'Child', scopes: ['organisation:read'], expiresAt: inDays(1) },
    });
    expect(byToken.statusCode).toBe(403);
    expect(byToken.json().detail).toBe('An API token cannot create tokens: sign in to create one');
  });

  it('answers 401 to unknown, malformed, revoked and expired tokens', async () => {
    const headers = await session(people.contributor.email);
    const expiring = await create(headers, {
      name: 'Short',
      scopes: ['organisation:read'],
      expiresAt: new Date(clock.now().getTime() + 10 * MINUTE).toISOString(),
    });
    const short = ZApiTokenCreated.parse(expiring.json());
    const revoked = await createOk(headers, ['organisation:read']);

    for (const token of [`vgl_${'A'.repeat(43)}`, 'not-a-vigil-token', `vgl_${'x'.repeat(500)}`]) {
      const res = await me(token);
      expect(res.statusCode).toBe(401);
      expect(res.json().detail).toBe('The API token is not valid, expired or revoked');
    }

    expect((await me(revoked.token)).statusCode).toBe(200);
    const del = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${revoked.id}`, headers });
    expect(del.statusCode).toBe(204);
    expect((await me(revoked.token)).statusCode).toBe(401);
    expect(await auditCount('api_token.revoked', revoked.id)).toBe(1);
    // revoked tokens leave the list; revoking again finds nothing
    const list = ZApiTokenList.parse(
      (await app.inject({ method: 'GET', url: '/api/v1/tokens', headers })).json(),
    );
    expect(list.items.map((t) => t.id)).not.toContain(revoked.id);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${revoked.id}`, headers })).statusCode,
    ).toBe(404);

    expect((await me(short.token)).statusCode).toBe(200);
    clock.advance(10 * MINUTE);
    expect((await me(short.token)).statusCode).toBe(401);
  });

  it('stops working when its owner is disabled or loses the membership', async () => {
    const member = await seedMember(database.db, orgId, 'contributor');
    const headers = await session(member.email);
    const token = (await createOk(headers, ['organisation:read'])).token;
    expect((await me(token)).statusCode).toBe(200);

    await database.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', member.userId)
      .execute();
    expect((await me(token)).statusCode).toBe(401);
    await database.db
      .updateTable('users')
      .set({ status: 'active' })
      .where('id', '=', member.userId)
      .execute();
    expect((await me(token)).statusCode).toBe(200);

    await database.db
      .updateTable('memberships')
      .set({ status: 'disabled' })
      .where('id', '=', member.membershipId)
      .execute();
    expect((await me(token)).statusCode).toBe(401);
    await database.db
      .updateTable('memberships')
      .set({ status: 'active', expires_at: clock.now().toISOString() })
      .where('id', '=', member.membershipId)
      .execute();
    expect((await me(token)).statusCode).toBe(401);
    await database.db.deleteFrom('memberships').where('id', '=', member.membershipId).execute();
    expect((await me(token)).statusCode).toBe(401);
  });

  it('lists your own tokens; admins list and revoke every token of their organisation, nobody another organisation\u2019s', async () => {
    const contributor = await session(people.contributor.email);
    const admin = await session(people.admin.email);
    const outsider = await session(people.outsider.email);
    const mine = await createOk(contributor, ['organisation:read'], 'Contributor token');
    const adminToken = await createOk(admin, ['audit_event:read'], 'Admin token');
    const outsiderToken = await createOk(outsider, ['organisation:read'], 'Globex token');

    const list = async (headers: Record<string, string>, query = '') => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/tokens${query}`, headers });
      return {
        status: res.statusCode,
        ids: res.statusCode === 200 ? ZApiTokenList.parse(res.json()).items.map((t) => t.id) : [],
      };
    };
    const own = await list(contributor);
    expect(own.ids).toContain(mine.id);
    expect(own.ids).not.toContain(adminToken.id);
    expect((await list(contributor, '?all=true')).status).toBe(403);
    const all = await list(admin, '?all=true');
    expect(all.ids).toEqual(expect.arrayContaining([mine.id, adminToken.id]));
    expect(all.ids).not.toContain(outsiderToken.id);
    expect((await list(admin)).ids).toEqual([adminToken.id]);
    expect((await list(outsider, '?all=true')).ids).toEqual([outsiderToken.id]);

    const revoke = (headers: Record<string, string>, id: string) =>
      app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers });
    // someone else's token in the same organisation: not found without api_token:manage_all
    expect((await revoke(contributor, adminToken.id)).statusCode).toBe(404);
    // another organisation's token: not found, even for its admins
    expect((await revoke(admin, outsiderToken.id)).statusCode).toBe(404);
    expect((await revoke(outsider, mine.id)).statusCode).toBe(404);
    expect((await me(outsiderToken.token)).statusCode).toBe(200);
    // an admin revokes a member's token
    expect((await revoke(admin, mine.id)).statusCode).toBe(204);
    expect((await me(mine.token)).statusCode).toBe(401);
    const event = await database.db
      .selectFrom('audit_events')
      .select(['actor_id', 'organisation_id'])
      .where('action', '=', 'api_token.revoked')
      .where('subject_id', '=', mine.id)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ actor_id: people.admin.userId, organisation_id: orgId });

    expect((await app.inject({ method: 'GET', url: '/api/v1/tokens' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${adminToken.id}`, headers: SPA_HEADERS }))
        .statusCode,
    ).toBe(401);
  });

  it('records last use at most once a minute and api_token.used at most once an hour', async () => {
    const headers = await session(people.owner.email);
    const created = await createOk(headers, ['organisation:read']);
    const lastUsed = () =>
      database.db
        .selectFrom('api_tokens')
        .select('last_used_at')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow()
        .then((r) => r.last_used_at);
    const start = clock.now().toISOString();
    for (let i = 0; i < 3; i++) expect((await me(created.token)).statusCode).toBe(200);
    expect(await lastUsed()).toBe(start);
    expect(await auditCount('api_token.used', created.id)).toBe(1);

    clock.advance(30_000);
    await me(created.token);
    expect(await lastUsed()).toBe(start);
    clock.advance(31_000);
    await me(created.token);
    expect(await lastUsed()).toBe(clock.now().toISOString());
    expect(await auditCount('api_token.used', created.id)).toBe(1);

    clock.advance(60 * MINUTE);
    await me(created.token);
    await me(created.token);
    expect(await auditCount('api_token.used', created.id)).toBe(2);
    const used = await database.db
      .selectFrom('audit_events')
      .select(['actor_type', 'actor_id', 'organisation_id'])
      .where('action', '=', 'api_token.used')
      .where('subject_id', '=', created.id)
      .execute();
    expect(used).toEqual([
      { actor_type: 'token', actor_id: created.id, organisation_id: orgId },
      { actor_type: 'token', actor_id: created.id, organisation_id: orgId },
    ]);
    const again = await session(people.owner.email);
    const listed = ZApiTokenList.parse(
      (await app.inject({ method: 'GET', url: '/api/v1/tokens', headers: again })).json(),
    );
    expect(listed.items.find((t) => t.id === created.id)?.lastUsedAt).toBe(clock.now().toISOString());
  });
});
