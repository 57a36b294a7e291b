import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, signIn, TEST_PASSWORD } from '../../../test/identity.ts';
import { hashToken } from '../../crypto.ts';
import type { DB } from '../../db/types.ts';

type Headers = Awaited<ReturnType<typeof signIn>>;

/** A real SMTP server on loopback that keeps every message it receives, parsed. */
async function startSmtpPeer(): Promise<{ url: string; inbox: ParsedMail[] }> {
  const inbox: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}`, inbox };
}

function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

const LINK =
  /^Accept the invitation: (http:\/\/127\.0\.0\.1:3000\/invitations\/accept\?token=([A-Za-z0-9_-]{43}))$/m;

const DAY = 86_400_000;

describeEachDialect('invitations', (dialect) => {
  let app: FastifyInstance;
  let db: Kysely<DB>;
  let inbox: ParsedMail[];
  let clock = new Date();
  let acme: string;
  let globex: string;
  let adminUserId: string;
  const h: Record<string, Headers> = {};
  /** What each audited action should number by the end: counted as the tests make the changes. */
  const tally = {
    'invitation.created': 0,
    'invitation.resent': 0,
    'invitation.revoked': 0,
    'invitation.accepted': 0,
    'membership.created': 0,
  };

  const as = (key: string) => {
    const headers = h[key];
    if (!headers) throw new Error(`no session ${key}`);
    return headers;
  };
  const invite = (headers: Headers, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/invitations', headers, payload });
  const lookup = (token: string) =>
    app.inject({ method: 'GET', url: `/api/v1/invitations/lookup?token=${encodeURIComponent(token)}` });
  const accept = (payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/invitations/accept', headers: SPA_HEADERS, payload });
  const resend = (headers: Headers, id: string) =>
    app.inject({ method: 'POST', url: `/api/v1/invitations/${id}/resend`, headers });
  const revoke = (headers: Headers, id: string) =>
    app.inject({ method: 'DELETE', url: `/api/v1/invitations/${id}`, headers });
  const list = async (headers: Headers, query = '') =>
    (await app.inject({ method: 'GET', url: `/api/v1/invitations${query}`, headers })).json();
  const auditCount = async (action: string, organisationId = acme) =>
    (
      await db
        .selectFrom('audit_events')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('action', '=', action)
        .execute()
    ).length;

  /** The latest mail to `email`, and the token of its link. */
  async function mailTo(email: string): Promise<{ mail: ParsedMail; link: string; token: string }> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const mail = inbox.findLast((m) => recipients(m).includes(email));
      const match = mail?.text ? LINK.exec(mail.text) : null;
      if (mail && match?.[1] && match[2]) return { mail, link: match[1], token: match[2] };
      if (Date.now() > deadline) throw new Error(`no invitation mail to ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Invites and returns the invitation and the token from the mail that arrived. */
  async function invited(headers: Headers, payload: Record<string, unknown>) {
    const before = inbox.length;
    const res = await invite(headers, payload);
    expect(res.statusCode, res.body).toBe(201);
    tally['invitation.created']++;
    expect(inbox.length).toBe(before + 1);
    const { token } = await mailTo(res.json().email);
    return { invitation: res.json(), token };
  }

  function sessionOf(res: { cookies: { name: string; value: string }[] }): Headers {
    const cookie = res.cookies.find((c) => c.name === '__Host-vigil_session');
    if (!cookie) throw new Error('no session cookie');
    return { cookie: `${cookie.name}=${cookie.value}`, ...SPA_HEADERS };
  }

  beforeAll(async () => {
    const smtp = await startSmtpPeer();
    inbox = smtp.inbox;
    const database = await freshDatabase(dialect);
    db = database.db;
    app = await buildTestApp(dialect, { database, smtpUrl: smtp.url, now: () => clock });
    acme = await seedOrganisation(db, 'Acme');
    globex = await seedOrganisation(db, 'Globex');
    const admin = await seedMember(db, acme, 'admin', { name: 'Adam Admin', email: 'admin@acme.example' });
    adminUserId = admin.userId;
    await seedMember(db, acme, 'owner', { email: 'owner@acme.example' });
    await seedMember(db, acme, 'security_officer', { email: 'officer@acme.example' });
    await seedMember(db, acme, 'employee', { email: 'employee@acme.example' });
    await seedMember(db, globex, 'admin', { email: 'admin@globex.example' });
    await seedMember(db, globex, 'contributor', { name: 'Xavier Existing', email: 'xavier@globex.example' });
    for (const key of ['admin', 'owner', 'officer', 'employee'])
      h[key] = await signIn(app, `${key}@acme.example`);
    h.globex = await signIn(app, 'admin@globex.example');
  });

  describe('a new colleague', () => {
    let token: string;

    it('gets a mail with a single-use link; only its hash is stored', async () => {
      const res = await invite(as('admin'), {
        email: 'Nina@Example.org',
        name: 'Nina New',
        role: 'contributor',
        department: 'Engineering',
        jobTitle: 'Developer',
      });
      expect(res.statusCode, res.body).toBe(201);
      tally['invitation.created']++;
      const invitation = res.json();
      expect(invitation).toEqual({
        id: expect.any(String),
        email: 'nina@example.org',
        name: 'Nina New',
        role: 'contributor',
        department: 'Engineering',
        jobTitle: 'Developer',
        status: 'pending',
        expiresAt: new Date(clock.getTime() + 7 * DAY).toISOString(),
        acceptedAt: null,
        revokedAt: null,
        invitedBy: { id: adminUserId, name: 'Adam Admin' },
        createdAt: clock.toISOString(),
      });

      const sent = await mailTo('nina@example.org');
      token = sent.token;
      expect(sent.mail.subject).toBe('You are invited to Acme on Vigil');
      expect(sent.mail.text).toContain('Adam Admin invited you to join Acme on Vigil.');
      expect(sent.link).toBe(`http://127.0.0.1:3000/invitations/accept?token=${token}`);
      const row = await db
        .selectFrom('invitations')
        .select('token_hash')
        .where('id', '=', invitation.id)
        .executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(hashToken(token));
      const stored = JSON.stringify(await db.selectFrom('invitations').selectAll().execute());
      expect(stored).not.toContain(token);
      expect(await auditCount('invitation.created')).toBe(1);
    });

    it('shows the invitee what the link offers', async () => {
      const res = await lookup(token);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        organisationName: 'Acme',
        email: 'nina@example.org',
        role: 'contributor',
        accountExists: false,
      });
    });

    it('refuses a weak password and keeps the link working', async () => {
      const short = await accept({ token, password: 'too short' });
      expect(short.statusCode).toBe(422);
      expect(short.json().errors).toEqual([
        { field: 'body.password', message: 'Use at least 12 characters' },
      ]);
      const email = await accept({ token, password: 'nina@example.org' });
      expect(email.statusCode).toBe(422);
      expect(email.json().errors[0].field).toBe('body.password');
      expect((await lookup(token)).statusCode).toBe(200);
    });

    it('joins with a new account and is signed in with the invited role', async () => {
      const res = await accept({ token, password: 'a brand new passphrase 7' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ restriction: null });
      tally['invitation.accepted']++;
      tally['membership.created']++;
      const session = sessionOf(res);
      const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers: session })).json();
      expect(me.user).toMatchObject({ email: 'nina@example.org', name: 'Nina New' });
      expect(me.organisation.id).toBe(acme);
      expect(me.role).toBe('contributor');
      const people = (
        await app.inject({ method: 'GET', url: '/api/v1/people?search=nina', headers: session })
      ).json();
      expect(people.items).toHaveLength(1);
      expect(people.items[0]).toMatchObject({
        email: 'nina@example.org',
        role: 'contributor',
        department: 'Engineering',
        jobTitle: 'Developer',
        expiresAt: null,
      });
      expect(await auditCount('invitation.accepted')).toBe(1);
      expect(await auditCount('membership.created')).toBe(1);
      const listed = await list(as('admin'), '?status=accepted');
      expect(listed.items.map((i: { email: string }) => i.email)).toEqual(['nina@example.org']);
      expect(listed.items[0].acceptedAt).toBe(clock.toISOString());
      // The new account signs in with its password like any other.
      await signIn(app, 'nina@example.org', 'a brand new passphrase 7');
    });

    it('works once: the used link is the same 404 as an unknown one', async () => {
      const unknown = await lookup('x'.repeat(43));
      expect(unknown.statusCode).toBe(404);
      const again = await accept({ token, password: 'a brand new passphrase 7' });
      expect(again.statusCode).toBe(404);
      const looked = await lookup(token);
      expect(looked.statusCode).toBe(404);
      for (const res of [again, looked]) expect(res.json().detail).toBe(unknown.json().detail);
      expect(await auditCount('invitation.accepted')).toBe(1);
    });
  });

  it('lets someone with an account join with its password only', async () => {
    const { token } = await invited(as('admin'), {
      email: 'xavier@globex.example',
      role: 'internal_auditor',
    });
    expect((await lookup(token)).json()).toMatchObject({ accountExists: true, organisationName: 'Acme' });
    const none = await accept({ token, name: 'Someone Else' });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].field).toBe('body.password');
    const wrong = await accept({ token, password: 'not the password at all' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('body.password');
    expect(wrong.cookies.find((c) => c.name === '__Host-vigil_session')).toBeUndefined();
    expect((await lookup(token)).statusCode).toBe(200);

    const res = await accept({ token, password: TEST_PASSWORD, name: 'Someone Else' });
    expect(res.statusCode, res.body).toBe(201);
    tally['invitation.accepted']++;
    tally['membership.created']++;
    const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers: sessionOf(res) })).json();
    expect(me.user.name).toBe('Xavier Existing');
    expect(me.organisation.id).toBe(acme);
    expect(me.role).toBe('internal_auditor');
    expect(me.memberships.map((x: { organisationId: string }) => x.organisationId).sort()).toEqual(
      [acme, globex].sort(),
    );
  });

  it('gives an invited external auditor access that ends 30 days after accepting', async () => {
    const { token } = await invited(as('admin'), {
      email: 'ext@audit.example',
      name: 'Erin Ext',
      role: 'external_auditor',
    });
    const res = await accept({ token, password: 'an auditor passphrase 3' });
    expect(res.statusCode).toBe(201);
    tally['invitation.accepted']++;
    tally['membership.created']++;
    const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers: sessionOf(res) })).json();
    expect(me.role).toBe('external_auditor');
    const people = (
      await app.inject({ method: 'GET', url: '/api/v1/people?search=erin', headers: as('admin') })
    ).json();
    expect(people.items[0].expiresAt).toBe(new Date(clock.getTime() + 30 * DAY).toISOString());
  });

  it('resends with a new link: the old one stops working', async () => {
    const { invitation, token: first } = await invited(as('admin'), {
      email: 'rita@example.org',
      role: 'employee',
    });
    // Less than the idle timeout, so the sessions of this suite live on.
    clock = new Date(clock.getTime() + 10 * 60_000);
    const before = inbox.length;
    const res = await resend(as('admin'), invitation.id);
    expect(res.statusCode, res.body).toBe(200);
    tally['invitation.resent']++;
    expect(res.json()).toMatchObject({
      id: invitation.id,
      status: 'pending',
      expiresAt: new Date(clock.getTime() + 7 * DAY).toISOString(),
    });
    expect(inbox.length).toBe(before + 1);
    const { token: second } = await mailTo('rita@example.org');
    expect(second).not.toBe(first);
    expect((await lookup(first)).statusCode).toBe(404);
    expect((await accept({ token: first, password: 'rita passphrase long enough' })).statusCode).toBe(404);
    expect((await lookup(second)).statusCode).toBe(200);
    expect(await auditCount('invitation.resent')).toBe(1);
  });

  it('revokes: the link stops working, a second revoke changes nothing', async () => {
    const { invitation, token } = await invited(as('admin'), { email: 'vic@example.org', role: 'employee' });
    const res = await revoke(as('admin'), invitation.id);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    tally['invitation.revoked']++;
    expect((await lookup(token)).statusCode).toBe(404);
    expect((await accept({ token, password: 'vic passphrase long enough' })).statusCode).toBe(404);
    expect((await revoke(as('admin'), invitation.id)).statusCode).toBe(204);
    expect(await auditCount('invitation.revoked')).toBe(1);
    const revoked = await list(as('admin'), '?status=revoked');
    expect(revoked.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([
      [invitation.id, 'revoked'],
    ]);
    const again = await resend(as('admin'), invitation.id);
    expect(again.statusCode).toBe(409);
  });

  it('keeps owner and admin invitations out of a security officer’s hands', async () => {
    for (const role of ['owner', 'admin']) {
      const res = await invite(as('officer'), { email: `boss-${role}@example.org`, role });
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toBe(`Your role may not invite people as ${role}`);
    }
    const adminInvite = await invited(as('admin'), { email: 'second-admin@example.org', role: 'admin' });
    expect((await resend(as('officer'), adminInvite.invitation.id)).statusCode).toBe(403);
    expect((await revoke(as('officer'), adminInvite.invitation.id)).statusCode).toBe(403);
    const ownerByAdmin = await invite(as('admin'), { email: 'boss@example.org', role: 'owner' });
    expect(ownerByAdmin.statusCode).toBe(403);
    await invited(as('officer'), { email: 'helper@example.org', role: 'security_officer' });
    await invited(as('owner'), { email: 'co-owner@example.org', role: 'owner' });
  });

  it('refuses an employee (403) and anonymous callers (401)', async () => {
    const res = await invite(as('employee'), { email: 'friend@example.org', role: 'employee' });
    expect(res.statusCode).toBe(403);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/invitations', headers: as('employee') });
    expect(listed.statusCode).toBe(403);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: SPA_HEADERS,
      payload: { email: 'friend@example.org', role: 'employee' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses to invite a member or someone already invited (409)', async () => {
    const member = await invite(as('admin'), { email: 'employee@acme.example', role: 'employee' });
    expect(member.statusCode).toBe(409);
    expect(member.json().detail).toBe('employee@acme.example is already a member of this organisation');
    const pending = await invite(as('admin'), { email: 'rita@example.org', role: 'employee' });
    expect(pending.statusCode).toBe(409);
    expect(pending.json().detail).toBe(
      'rita@example.org already has a pending invitation: resend it instead',
    );
  });

  it('answers 404 for another organisation’s invitation and never lists it', async () => {
    const acmeInvitations = await list(as('admin'));
    const target = acmeInvitations.items[0];
    expect(target).toBeDefined();
    expect((await resend(as('globex'), target.id)).statusCode).toBe(404);
    expect((await revoke(as('globex'), target.id)).statusCode).toBe(404);
    expect((await list(as('globex'))).items).toEqual([]);
    expect((await list(as('admin'))).items.find((i: { id: string }) => i.id === target.id)?.status).toBe(
      target.status,
    );
  });

  it('pages through invitations newest first', async () => {
    const all = (await list(as('admin'), '?limit=200')).items.map((i: { id: string }) => i.id);
    expect(all.length).toBeGreaterThan(3);
    expect([...all].sort().reverse()).toEqual(all);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page: { items: { id: string }[]; nextCursor: string | null } = await list(
        as('admin'),
        cursor ? `?limit=3&cursor=${cursor}` : '?limit=3',
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
  });

  it('refuses a link past its 7 days', async () => {
    const { invitation, token } = await invited(as('admin'), { email: 'late@example.org', role: 'employee' });
    clock = new Date(clock.getTime() + 7 * DAY + 60_000);
    expect((await lookup(token)).statusCode).toBe(404);
    expect((await accept({ token, password: 'late passphrase long enough' })).statusCode).toBe(404);
    // Every session has passed its absolute timeout by now.
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/invitations', headers: as('admin') })).statusCode,
    ).toBe(401);
    h.admin = await signIn(app, 'admin@acme.example');
    const expired = await list(as('admin'), '?status=expired');
    expect(expired.items.map((i: { id: string }) => i.id)).toContain(invitation.id);
    const pending = await list(as('admin'), '?status=pending');
    expect(pending.items).toEqual([]);
  });

  it('audits every change exactly once', async () => {
    for (const [action, expected] of Object.entries(tally)) {
      expect(await auditCount(action), action).toBe(expected);
      expect(await auditCount(action, globex), action).toBe(0);
    }
    expect(tally['invitation.created']).toBeGreaterThan(5);
  });
});
