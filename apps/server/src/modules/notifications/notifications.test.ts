import { ZNotification, ZNotificationPage } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation } from '../../../test/identity.ts';
import { hashToken, randomToken } from '../../crypto.ts';
import type { DB } from '../../db/types.ts';

const MINUTE = 60_000;
const T = Date.parse('2026-12-01T09:00:00.000Z');
const at = (offsetMinutes: number) => new Date(T + offsetMinutes * MINUTE).toISOString();

describeEachDialect('notifications API', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let clock = T;
  let acme: string;
  let globex: string;
  let alice: { userId: string };
  let bob: { userId: string };
  let aliceHeaders: Record<string, string>;
  let bobHeaders: Record<string, string>;
  let aliceInGlobex: Record<string, string>;
  /** Alice's notifications in Acme, newest first, as the API must present them. */
  const mine: Array<{ id: string; riskId: string; createdAt: string; read: boolean; title: string }> = [];
  let bobs: string;
  let alicesInGlobex: string;

  async function seed(
    organisationId: string,
    userId: string,
    createdAt: string,
    options: { readAt?: string | null; title?: string; id?: string } = {},
  ) {
    const id = options.id ?? uuidv7();
    const riskId = uuidv7();
    await db
      .insertInto('notifications')
      .values({
        id,
        organisation_id: organisationId,
        user_id: userId,
        kind: 'action_overdue',
        subject_type: 'risk',
        subject_id: riskId,
        title: options.title ?? `Notification ${id}`,
        body: 'The treatment action "Patch" for RISK-1 (Outage) was due on 2026-11-30.',
        dedupe_key: `test:${id}`,
        created_at: createdAt,
        read_at: options.readAt ?? null,
      })
      .execute();
    return { id, riskId };
  }

  /** A session of the user in the organisation, started now by the test's clock, as the SPA sends it. */
  async function session(userId: string, organisationId: string): Promise<Record<string, string>> {
    const token = randomToken();
    const now = new Date(clock);
    await db
      .insertInto('sessions')
      .values({
        id: uuidv7(),
        token_hash: hashToken(token),
        user_id: userId,
        organisation_id: organisationId,
        mfa_passed: false,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 12 * 60 * MINUTE).toISOString(),
        ip: null,
        user_agent: null,
      })
      .execute();
    return { ...SPA_HEADERS, cookie: `__Host-vigil_session=${token}` };
  }

  const list = async (headers: Record<string, string>, query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/notifications${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return ZNotificationPage.parse(res.json());
  };
  const read = (headers: Record<string, string>, id: string) =>
    app.inject({ method: 'POST', url: `/api/v1/notifications/${id}/read`, headers });
  const readAll = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers });
  const readAtOf = async (id: string) =>
    (await db.selectFrom('notifications').select('read_at').where('id', '=', id).executeTakeFirstOrThrow())
      .read_at;
  const auditEvents = async () =>
    Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, now: () => new Date(clock) });
    acme = await seedOrganisation(db, 'Acme');
    globex = await seedOrganisation(db, 'Globex');
    alice = await seedMember(db, acme, 'contributor', { email: 'alice@example.org', name: 'Alice' });
    await seedMember(db, globex, 'employee', { email: 'alice@example.org' });
    bob = await seedMember(db, acme, 'security_officer', { email: 'bob@example.org', name: 'Bob' });
    aliceHeaders = await session(alice.userId, acme);
    bobHeaders = await session(bob.userId, acme);
    aliceInGlobex = await session(alice.userId, globex);

    // two created at the same moment: the id decides their order
    const sameMoment = [uuidv7(), uuidv7()].sort();
    const rows = [
      { createdAt: at(-180), read: false },
      { createdAt: at(-120), read: true },
      { createdAt: at(-60), read: false, id: sameMoment[0] },
      { createdAt: at(-60), read: false, id: sameMoment[1] },
      { createdAt: at(0), read: false },
    ];
    for (const [index, row] of rows.entries()) {
      const title = `Alice's notification ${index + 1}`;
      const { id, riskId } = await seed(acme, alice.userId, row.createdAt, {
        readAt: row.read ? at(-100) : null,
        title,
        ...(row.id ? { id: row.id } : {}),
      });
      mine.unshift({ id, riskId, createdAt: row.createdAt, read: row.read, title });
    }
    bobs = (await seed(acme, bob.userId, at(-30))).id;
    alicesInGlobex = (await seed(globex, alice.userId, at(-30), { title: "Alice's Globex notification" })).id;
  });

  it('refuses anonymous callers', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
    expect((await read(SPA_HEADERS, mine[0]?.id ?? '')).statusCode).toBe(401);
    expect((await readAll(SPA_HEADERS)).statusCode).toBe(401);
  });

  it("lists only the caller's own notifications in the current organisation, newest first, with the unread count", async () => {
    const page = await list(aliceHeaders);
    expect(page).toEqual({
      items: mine.map((n) => ({
        id: n.id,
        kind: 'action_overdue',
        title: n.title,
        body: 'The treatment action "Patch" for RISK-1 (Outage) was due on 2026-11-30.',
        link: `/risks/${n.riskId}`,
        createdAt: n.createdAt,
        readAt: n.read ? at(-100) : null,
      })),
      nextCursor: null,
      unreadCount: 4,
    });
    expect(page.items.map((n) => n.title)).toEqual([
      "Alice's notification 5",
      "Alice's notification 4",
      "Alice's notification 3",
      "Alice's notification 2",
      "Alice's notification 1",
    ]);
    // the same person in the other organisation sees only that organisation's
    const globexPage = await list(aliceInGlobex);
    expect(globexPage.items.map((n) => n.id)).toEqual([alicesInGlobex]);
    expect(globexPage.unreadCount).toBe(1);
    expect((await list(bobHeaders)).items.map((n) => n.id)).toEqual([bobs]);
  });

  it('pages with a cursor, filters unread ones, and refuses a forged cursor', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page = await list(aliceHeaders, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.items.map((n) => n.id));
      sizes.push(page.items.length);
      expect(page.unreadCount).toBe(4);
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(ids).toEqual(mine.map((n) => n.id));

    const unread = await list(aliceHeaders, '?unread=true');
    expect(unread.items.map((n) => n.id)).toEqual(mine.filter((n) => !n.read).map((n) => n.id));
    const unreadPage = await list(aliceHeaders, '?unread=true&limit=3');
    expect(unreadPage.items).toHaveLength(3);
    const rest = await list(aliceHeaders, `?unread=true&limit=3&cursor=${unreadPage.nextCursor}`);
    expect(rest.items.map((n) => n.id)).toEqual([mine.at(-1)?.id]);
    expect(rest.nextCursor).toBeNull();

    for (const forged of ['not-a-cursor', Buffer.from('["yesterday","x"]').toString('base64url')]) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/v1/notifications?cursor=${forged}`,
        headers: aliceHeaders,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual([
        { field: 'query.cursor', message: 'Use the nextCursor of the previous page' },
      ]);
    }
    const tooMany = await app.inject({
      method: 'GET',
      url: '/api/v1/notifications?limit=201',
      headers: aliceHeaders,
    });
    expect(tooMany.statusCode).toBe(422);
  });

  it("marks one of one's own notifications read, once; anyone else's is a 404 and stays unread; nothing is audited", async () => {
    const events = await auditEvents();
    const target = mine.find((n) => !n.read);
    if (!target) throw new Error('an unread notification expected');
    clock = T + 5 * MINUTE;
    const res = await read(aliceHeaders, target.id);
    expect(res.statusCode).toBe(200);
    const presented = ZNotification.parse(res.json());
    expect(presented).toMatchObject({ id: target.id, readAt: at(5), link: `/risks/${target.riskId}` });
    expect((await list(aliceHeaders)).unreadCount).toBe(3);

    // again later: still read since the first time
    clock = T + 10 * MINUTE;
    expect((await read(aliceHeaders, target.id)).json().readAt).toBe(at(5));
    expect(await readAtOf(target.id)).toBe(at(5));

    // another person's, the caller's own in another organisation, an unknown id: not found
    for (const id of [bobs, alicesInGlobex, uuidv7()]) {
      const other = await read(aliceHeaders, id);
      expect(other.statusCode).toBe(404);
      expect(other.json().detail).toBe('The notification was not found');
    }
    expect(await readAtOf(bobs)).toBeNull();
    expect(await readAtOf(alicesInGlobex)).toBeNull();
    expect((await read(aliceHeaders, 'not-a-uuid')).statusCode).toBe(422);

    // a cross-site request is refused before anything happens
    const unreadOne = mine.find((n) => !n.read && n.id !== target.id);
    const { origin: _origin, ...noOrigin } = aliceHeaders;
    expect((await read(noOrigin, unreadOne?.id ?? '')).statusCode).toBe(403);
    expect(await readAtOf(unreadOne?.id ?? '')).toBeNull();

    // the user's own inbox state, not a record of the ISMS: no audit event
    expect(await auditEvents()).toBe(events);
  });

  it("marks all of one's own unread notifications in the current organisation read", async () => {
    const events = await auditEvents();
    clock = T + 20 * MINUTE;
    const before = (await list(aliceHeaders)).unreadCount;
    expect(before).toBe(3);
    const res = await readAll(aliceHeaders);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ markedRead: 3 });
    const page = await list(aliceHeaders);
    expect(page.unreadCount).toBe(0);
    // the ones read before keep when they were read
    expect(page.items.map((n) => n.readAt)).toEqual(
      mine.map((n) => (n.read ? at(-100) : n === mine.find((m) => !m.read) ? at(5) : at(20))),
    );
    expect(await list(aliceHeaders, '?unread=true')).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
    // Bob's and Alice's Globex notifications are untouched
    expect(await readAtOf(bobs)).toBeNull();
    expect(await readAtOf(alicesInGlobex)).toBeNull();
    expect((await readAll(aliceHeaders)).json()).toEqual({ markedRead: 0 });
    expect((await readAll(aliceInGlobex)).json()).toEqual({ markedRead: 1 });
    expect(await readAtOf(bobs)).toBeNull();
    expect(await auditEvents()).toBe(events);
  });
});
