import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/databases.ts';

const BIN = new URL('../../bin/vigil.js', import.meta.url).pathname;
const PASSWORD = 'the owner password from stdin 3';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `vigil` command in its own process, with only the given VIGIL_* variables and `stdin`. */
function vigil(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

interface Served {
  child: ChildProcess;
  url: string;
  logs: () => string;
}

/** Starts `vigil serve` on a free port and resolves with its URL once it listens. */
function serve(env: Record<string, string>): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', VIGIL_PORT: '0', ...env },
    });
    children.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const match = /Vigil is listening on (http:\/\/[^"\s]+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], logs: () => out });
      }
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

/** Stops a server with SIGTERM; resolves with its exit code once it has drained and exited. */
function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('close', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const SETUP_LINK = /No organisation yet: open (\S+)\/setup\?token=([A-Za-z0-9_-]+) to create the first one/;

/** The setup token from the log, waiting for the line (at most 10 s). */
async function setupToken(server: Served): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const match = SETUP_LINK.exec(server.logs());
    if (match?.[2]) return match[2];
    if (Date.now() > deadline) throw new Error(`no setup link in the log:\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'vigil-setup-'));

function count(dataDir: string, table: string): number {
  const db = new DatabaseSync(join(dataDir, 'vigil.db'), { readOnly: true });
  try {
    return Number((db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

describe('first run: the setup link in the log', () => {
  it('prints a fresh one-time link at each start until set up; the link works once; then none', async () => {
    const dataDir = join(tempDir(), 'data');
    const env = { VIGIL_DATA_DIR: dataDir };

    const first = await serve(env);
    const earlier = await setupToken(first);
    const line =
      first
        .logs()
        .split('\n')
        .find((l) => SETUP_LINK.test(l)) ?? '';
    expect(JSON.parse(line)).toMatchObject({ level: 40 });
    // no default account, ever (S15)
    expect(count(dataDir, 'users')).toBe(0);
    expect(await stop(first.child)).toBe(0);

    const server = await serve(env);
    const token = await setupToken(server);
    expect(token).not.toBe(earlier);
    const post = (body: Record<string, unknown>) =>
      fetch(`${server.url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: server.url, 'x-requested-with': 'vigil' },
        body: JSON.stringify({
          organisationName: 'Acme',
          name: 'Olivia Owner',
          email: 'olivia@example.org',
          password: 'the first owner password 1',
          ...body,
        }),
      });
    const required = async () => (await fetch(`${server.url}/api/v1/setup`)).json();

    expect((await post({ token: 'not-the-token' })).status).toBe(403);
    expect((await post({ token: earlier })).status).toBe(403);
    expect(count(dataDir, 'organisations')).toBe(0);
    expect(count(dataDir, 'users')).toBe(0);
    expect(await required()).toEqual({ required: true });

    const created = await post({ token });
    expect(created.status).toBe(201);
    expect((await post({ token, email: 'intruder@example.org' })).status).toBe(403);
    expect(await required()).toEqual({ required: false });
    expect(count(dataDir, 'users')).toBe(1);
    expect(await stop(server.child)).toBe(0);

    const after = await serve(env);
    expect((await fetch(`${after.url}/api/health`)).status).toBe(200);
    // the exit code 0 shows start-up ran to its end (signal handlers in place) before the check below
    expect(await stop(after.child)).toBe(0);
    expect(after.logs()).not.toMatch(/setup\?token=/);
    expect(after.logs()).not.toMatch(/No organisation yet/);
  }, 60_000);
});

describe('vigil admin setup', () => {
  it.each([
    [['admin'], /admin needs a command: setup/],
    [['admin', 'promote'], /unknown admin command: promote/],
    [['admin', 'setup', '--email', 'a@example.org'], /admin setup needs --org NAME/],
    [['admin', 'setup', '--org', 'Acme'], /admin setup needs --email E/],
    [['admin', 'setup', '--org', 'Acme', '--email', 'not-an-email'], /--email needs an email address/],
    [['admin', 'setup', '--org', '', '--email', 'a@example.org'], /--org needs a name/],
    [
      ['admin', 'setup', '--org', 'Acme', '--email', 'a@example.org', '--role', 'x'],
      /Unknown option '--role'/,
    ],
  ])('usage error %j: exit code 2 with the usage', async (args, message) => {
    const dataDir = join(tempDir(), 'data');
    const run = await vigil(args, { VIGIL_DATA_DIR: dataDir }, `${PASSWORD}\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/admin setup --org NAME --email E \[--name N\]/);
  });

  it('refuses an empty or unacceptable password with the policy’s message, creating nothing', async () => {
    const dataDir = join(tempDir(), 'data');
    const args = ['admin', 'setup', '--org', 'Acme', '--email', 'olivia@example.org'];
    const env = { VIGIL_DATA_DIR: dataDir };
    for (const [stdin, message] of [
      ['', /no password on standard input/],
      ['\n', /no password on standard input/],
      ['short pass\n', /the password was refused: Use at least 12 characters/],
      ['password1234\n', /the password was refused: This password is on a list of commonly used passwords/],
      ['olivia@example.org\n', /the password was refused: The password must not be your email address/],
    ] as const) {
      const run = await vigil(args, env, stdin);
      expect({ stdin, code: run.code }).toEqual({ stdin, code: 1 });
      expect(run.stderr).toMatch(message);
    }
    expect(count(dataDir, 'organisations')).toBe(0);
    expect(count(dataDir, 'users')).toBe(0);
  });

  it('creates the first organisation and its owner, whose password then signs in; a second run is refused', async () => {
    const dataDir = join(tempDir(), 'data');
    const env = { VIGIL_DATA_DIR: dataDir };
    const run = await vigil(
      ['admin', 'setup', '--org', 'Acme Security', '--email', 'Olivia@Example.org', '--name', 'Olivia Owner'],
      env,
      `${PASSWORD}\r\nignored second line\n`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Created the organisation "Acme Security" \([0-9a-f-]{36}\) with its owner olivia@example.org\./,
    );

    const db = new DatabaseSync(join(dataDir, 'vigil.db'), { readOnly: true });
    const owner = db
      .prepare(
        `select u.email, u.name, u.password_hash, m.role, o.name as org from users u
         join memberships m on m.user_id = u.id join organisations o on o.id = m.organisation_id`,
      )
      .all();
    db.close();
    expect(owner).toEqual([
      {
        email: 'olivia@example.org',
        name: 'Olivia Owner',
        password_hash: expect.stringMatching(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/),
        role: 'owner',
        org: 'Acme Security',
      },
    ]);

    const again = await vigil(
      ['admin', 'setup', '--org', 'Other', '--email', 'mallory@example.org'],
      env,
      `${PASSWORD}\n`,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/this instance is already set up: an organisation exists/);
    expect(count(dataDir, 'organisations')).toBe(1);
    expect(count(dataDir, 'users')).toBe(1);
    expect((await vigil(['audit', 'verify'], env)).code).toBe(0);

    // the server prints no setup link, refuses web setup, and the owner signs in with the piped password
    const server = await serve(env);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, 'x-requested-with': 'vigil' },
      body: JSON.stringify({ email: 'olivia@example.org', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(await (await fetch(`${server.url}/api/v1/setup`)).json()).toEqual({ required: false });

    // the data directory is locked while the server runs
    const locked = await vigil(
      ['admin', 'setup', '--org', 'X', '--email', 'x@example.org'],
      env,
      `${PASSWORD}\n`,
    );
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(/another Vigil process/);
    expect(await stop(server.child)).toBe(0);
    expect(server.logs()).not.toMatch(/setup\?token=/);
  }, 60_000);

  it.skipIf(!inject('postgres').available)(
    'works the same on PostgreSQL',
    async () => {
      const env = {
        VIGIL_DATA_DIR: join(tempDir(), 'data'),
        VIGIL_DATABASE_URL: await freshDatabaseUrl('postgres'),
      };
      const args = ['admin', 'setup', '--org', 'Acme', '--email', 'olivia@example.org'];
      const first = await vigil(args, env, `${PASSWORD}\n`);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/Created the organisation "Acme"/);
      const second = await vigil(args, env, `${PASSWORD}\n`);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/already set up/);
    },
    60_000,
  );
});
