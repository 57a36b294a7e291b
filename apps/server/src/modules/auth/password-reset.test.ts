import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/app.ts';
import { afterTestFile, describeEachDialect, freshDatabase } from '../../../test/databases.ts';
import { SPA_HEADERS, seedMember, seedOrganisation, TEST_PASSWORD } from '../../../test/identity.ts';
import { hashToken } from '../../crypto.ts';
import type { Database } from '../../db/database.ts';
import { PASSWORD_RESET_ACCEPTED } from './password-reset.service.ts';

const MINUTE = 60_000;
const PUBLIC_URL = 'http://127.0.0.1:3000';
const NEW_PASSWORD = 'a fresh and long password 77';

/** A real SMTP peer on loopback that keeps every message it receives. */
async function startSmtpPeer() {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  afterTestFile(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    /** The messages to `to`, once there are `count` of them (at most 10 s). */
    async mailTo(to: string, count = 1): Promise<ParsedMail[]> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const found = messages.filter((m) => m.to && JSON.stringify(m.to).includes(to));
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} after 10 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** The reset token in a message's link. */
function tokenOf(mail: ParsedMail): string {
  const match = /http:\/\/127\.0\.0\.1:3000\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!match?.[1]) throw new Error(`no reset link in: ${mail.text}`);
  return match[1];
}

describeEachDialect('forgotten password', (dialect) => {
  let database: Database;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let clockMs = Date.parse('2026-11-28T09:00:00.000Z');
  let orgId: string;
  let ip = 0;

  const requestReset = (email: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      headers: SPA_HEADERS,
      payload: { email },
    });
  const confirm = (token: string, newPassword = NEW_PASSWORD) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      headers: SPA_HEADERS,
      payload: { token, newPassword },
    });
  const login = (email: string, password: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: SPA_HEADERS,
      payload: { email, password },
      remoteAddress: `10.40.0.${++ip}`,
    });
  async function session(email: string, password = TEST_PASSWORD) {
    const res = await login(email, password);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === '__Host-vigil_session');
    return { cookie: `${cookie?.name}=${cookie?.value}` };
  }
  const me = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/me', headers });
  const events = (action: string, userId: string) =>
    database.db
      .selectFrom('audit_events')
      .select(['organisation_id', 'actor_id'])
      .where('action', '=', action)
      .where('subject_id', '=', userId)
      .execute();

  /** Asks for a reset of `email` and returns the token from the mail that arrives. */
  async function resetLink(email: string): Promise<string> {
    const before = (await smtp.mailTo(email, 0)).length;
    expect((await requestReset(email)).statusCode).toBe(202);
    const mails = await smtp.mailTo(email, before + 1);
    return tokenOf(mails[before] as ParsedMail);
  }

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    database = await freshDatabase(dialect);
    app = await buildTestApp(dialect, {
      database,
      smtpUrl: smtp.url,
      publicUrl: PUBLIC_URL,
      now: () => new Date(clockMs),
    });
    orgId = await seedOrganisation(database.db, 'Acme');
  });

  it('answers a known and an unknown email identically, and mails only the known one', async () => {
    const known = await seedMember(database.db, orgId, 'employee', { name: 'Kim Known' });
    const unknown = await requestReset('nobody-here@example.org');
    const knownRes = await requestReset(known.email.toUpperCase());
    for (const res of [unknown, knownRes]) {
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ message: PASSWORD_RESET_ACCEPTED });
    }
    expect(knownRes.body).toBe(unknown.body);
    expect(Object.keys(knownRes.headers).sort()).toEqual(Object.keys(unknown.headers).sort());

    const [mail] = await smtp.mailTo(known.email);
    expect(mail?.subject).toBe('Reset your Vigil password');
    expect(mail?.text).toContain('Hello Kim Known');
    expect(mail?.text).toContain('30 minutes');
    const token = tokenOf(mail as ParsedMail);
    // the known request's mail has arrived; the unknown one sent nothing before or since
    expect(smtp.messages.filter((m) => JSON.stringify(m.to).includes('nobody-here'))).toEqual([]);

    const stored = await database.db
      .selectFrom('password_resets')
      .selectAll()
      .where('user_id', '=', known.userId)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).toBe(hashToken(token));
    expect(stored[0]?.expires_at).toBe(new Date(clockMs + 30 * MINUTE).toISOString());
    expect(await events('user.password_reset_requested', known.userId)).toEqual([
      { organisation_id: orgId, actor_id: null },
    ]);
    const anyForUnknown = await database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'user.password_reset_requested')
      .execute();
    expect(anyForUnknown).toHaveLength(1);
  });

  it('sets the new password once, ends every session, and clears the sign-in throttle', async () => {
    const member = await seedMember(database.db, orgId, 'contributor');
    const laptop = await session(member.email);
    const phone = await session(member.email);
    expect((await login(member.email, 'not the password at all')).statusCode).toBe(401);
    expect((await login(member.email, 'not the password either')).statusCode).toBe(401);

    const throttled = () => database.db.selectFrom('login_throttle').select('failures').execute();
    expect((await throttled()).map((t) => t.failures)).toEqual([2]);

    const token = await resetLink(member.email);
    const res = await confirm(token);
    expect(res.statusCode).toBe(204);
    expect(await throttled()).toEqual([]);

    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await login(member.email, TEST_PASSWORD)).statusCode).toBe(401);
    expect((await login(member.email, NEW_PASSWORD)).statusCode).toBe(200);

    const again = await confirm(token, 'yet another long password 8');
    expect(again.statusCode).toBe(422);
    expect((await login(member.email, NEW_PASSWORD)).statusCode).toBe(200);

    expect(await events('user.password_reset', member.userId)).toEqual([
      { organisation_id: orgId, actor_id: member.userId },
    ]);
    const used = await database.db
      .selectFrom('password_resets')
      .select('used_at')
      .where('user_id', '=', member.userId)
      .execute();
    expect(used.map((u) => u.used_at)).toEqual([new Date(clockMs).toISOString()]);
  });

  it('gives the same answer to a used, an expired and an unknown link', async () => {
    const member = await seedMember(database.db, orgId, 'employee');
    const first = await resetLink(member.email);
    const second = await resetLink(member.email);

    clockMs += 29 * MINUTE;
    expect((await confirm(second)).statusCode).toBe(204);
    // using one link uses up the others
    const usedUp = await confirm(first, 'another quite long password 5');

    const expiring = await resetLink(member.email);
    clockMs += 30 * MINUTE;
    const expired = await confirm(expiring, 'another quite long password 5');
    const unknown = await confirm('bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtcmVhbGx5LW5v');

    for (const res of [usedUp, expired, unknown]) {
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'validation_failed',
        detail: expect.stringMatching(/^This password reset link does not work any more/),
        errors: [{ field: 'body.token', message: expect.any(String) }],
      });
    }
    expect(usedUp.json().detail).toBe(unknown.json().detail);
    expect(expired.json().detail).toBe(unknown.json().detail);
    expect((await login(member.email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses an unacceptable new password without using up the link', async () => {
    const member = await seedMember(database.db, orgId, 'employee');
    const token = await resetLink(member.email);
    const weak = await confirm(token, 'password1234');
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors).toEqual([
      {
        field: 'body.newPassword',
        message: 'This password is on a list of commonly used passwords: choose another',
      },
    ]);
    const own = await confirm(token, member.email);
    expect(own.json().errors[0].message).toBe('The password must not be your email address');
    expect((await confirm(token)).statusCode).toBe(204);
  });

  it('sends nothing to a disabled account, and at most three open links per account', async () => {
    const disabled = await seedMember(database.db, orgId, 'employee');
    await database.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', disabled.userId)
      .execute();
    expect((await requestReset(disabled.email)).json()).toEqual({ message: PASSWORD_RESET_ACCEPTED });

    const busy = await seedMember(database.db, orgId, 'employee');
    for (let i = 0; i < 4; i++) expect((await requestReset(busy.email)).statusCode).toBe(202);
    await smtp.mailTo(busy.email, 3);
    const open = await database.db
      .selectFrom('password_resets')
      .select('id')
      .where('user_id', '=', busy.userId)
      .execute();
    expect(open).toHaveLength(3);
    // a later request's mail would have arrived by now, after the three
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.filter((m) => JSON.stringify(m.to).includes(busy.email))).toHaveLength(3);
    expect(smtp.messages.filter((m) => JSON.stringify(m.to).includes(disabled.email))).toEqual([]);
    expect(await events('user.password_reset_requested', disabled.userId)).toEqual([]);
  });

  it('limits requests per address', async () => {
    const limited = await buildTestApp(dialect);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await limited.inject({
        method: 'POST',
        url: '/api/v1/auth/password-reset',
        headers: SPA_HEADERS,
        payload: { email: `someone-${i}@example.org` },
        remoteAddress: '10.50.0.1',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
