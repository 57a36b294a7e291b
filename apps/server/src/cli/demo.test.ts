import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/databases.ts';
import { DEMO_RISKS } from '../demo/demo-content.ts';

const BIN = new URL('../../bin/vigil.js', import.meta.url).pathname;
const PASSWORD = 'the demo owner password from stdin 9';

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

/** Starts `vigil serve` on a free port and resolves once it listens and has logged any setup link. */
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

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.on('close', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const SETUP_LINK = /setup\?token=([A-Za-z0-9_-]+)/;

async function setupToken(server: Served): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const match = SETUP_LINK.exec(server.logs());
    if (match?.[1]) return match[1];
    if (Date.now() > deadline) throw new Error(`no setup link in the log:\n${server.logs()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'vigil-demo-')), 'data');

function query(dir: string, sql: string): unknown[] {
  const db = new DatabaseSync(join(dir, 'vigil.db'), { readOnly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

const SPA = (url: string) => ({
  'content-type': 'application/json',
  origin: url,
  'x-requested-with': 'vigil',
});

describe('vigil demo', () => {
  it.each([
    [['demo'], /demo needs --email E/],
    [['demo', '--email', 'not-an-email'], /--email needs an email address/],
    [['demo', '--email', 'a@example.org', '--org', ''], /--org needs a name/],
    [['demo', '--email', 'a@example.org', 'now'], /unexpected argument: now/],
    [['demo', '--email', 'a@example.org', '--role', 'x'], /Unknown option '--role'/],
  ])('usage error %j: exit code 2 with the usage', async (args, message) => {
    const run = await vigil(args, { VIGIL_DATA_DIR: dataDir() }, `${PASSWORD}\n`);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/demo --email E \[--name N\] \[--org NAME\]/);
  });

  it('refuses an empty or unacceptable password for a new account, creating nothing', async () => {
    const dir = dataDir();
    for (const [stdin, message] of [
      ['', /no password on standard input/],
      ['password1234\n', /the password was refused: This password is on a list of commonly used passwords/],
    ] as const) {
      const run = await vigil(['demo', '--email', 'dana@example.org'], { VIGIL_DATA_DIR: dir }, stdin);
      expect({ stdin, code: run.code }).toEqual({ stdin, code: 1 });
      expect(run.stderr).toMatch(message);
    }
    expect(query(dir, 'select count(*) as n from organisations')).toEqual([{ n: 0 }]);
    expect(query(dir, 'select count(*) as n from users')).toEqual([{ n: 0 }]);
  });

  it('makes the first organisation on a fresh instance: the owner signs in with the piped password, the setup link dies, a second run is refused', async () => {
    const dir = dataDir();
    const env = { VIGIL_DATA_DIR: dir };
    const fresh = await serve(env);
    const token = await setupToken(fresh);
    expect(await stop(fresh.child)).toBe(0);

    const run = await vigil(
      ['demo', '--email', 'Dana@Example.org', '--name', 'Dana Demo'],
      env,
      `${PASSWORD}\nignored\n`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Created the demo organisation "Agora Civic Ltd" \([0-9a-f-]{36}\) owned by dana@example.org\./,
    );
    expect(run.stdout).toMatch(/Its other people have no password, so nobody can sign in as them\./);
    expect(query(dir, 'select email from users where password_hash is not null')).toEqual([
      { email: 'dana@example.org' },
    ]);
    expect(query(dir, 'select count(*) as n from users')).toEqual([{ n: 8 }]);

    const server = await serve(env);
    expect(server.logs()).not.toMatch(/setup\?token=/);
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: SPA(server.url),
      body: JSON.stringify({
        token,
        organisationName: 'Taken over',
        name: 'Mallory',
        email: 'mallory@example.org',
        password: 'a password of mallory 1',
      }),
    });
    expect(setup.status).toBe(403);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: SPA(server.url),
      body: JSON.stringify({ email: 'dana@example.org', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const read = async (path: string) =>
      (await fetch(`${server.url}${path}`, { headers: { ...SPA(server.url), cookie } })).json();
    const risks = (await read('/api/v1/risks?limit=100')) as {
      items: { status: string; acceptance: { stale: boolean } }[];
    };
    expect(risks.items).toHaveLength(DEMO_RISKS.length);
    expect(risks.items.filter((r) => r.status !== 'closed').length).toBeGreaterThanOrEqual(24);
    expect(risks.items.filter((r) => r.acceptance.stale)).toHaveLength(1);
    const overdue = (await read('/api/v1/risk-actions?overdue=true')) as { items: unknown[] };
    expect(overdue.items.length).toBeGreaterThanOrEqual(1);
    expect(await stop(server.child)).toBe(0);

    const again = await vigil(['demo', '--email', 'dana@example.org'], env, `${PASSWORD}\n`);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /dana@example.org is already a member of "Agora Civic Ltd": sign in to explore it, or name another demo organisation with --org/,
    );
    expect(query(dir, 'select count(*) as n from organisations')).toEqual([{ n: 1 }]);
    expect((await vigil(['audit', 'verify'], env)).code).toBe(0);
  }, 90_000);

  it.skipIf(!inject('postgres').available)(
    'on PostgreSQL, gives an existing owner a demo organisation without asking for a password',
    async () => {
      const env = { VIGIL_DATA_DIR: dataDir(), VIGIL_DATABASE_URL: await freshDatabaseUrl('postgres') };
      const setup = await vigil(
        ['admin', 'setup', '--org', 'Acme', '--email', 'olivia@example.org'],
        env,
        `${PASSWORD}\n`,
      );
      expect(setup.code).toBe(0);
      // no password on stdin: the account has one
      const run = await vigil(['demo', '--email', 'olivia@example.org', '--org', 'Agora Civic (demo)'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Created the demo organisation "Agora Civic \(demo\)"/);
      expect(run.stdout).toMatch(/olivia@example.org had an account already: it keeps its password/);
      const again = await vigil(
        ['demo', '--email', 'olivia@example.org', '--org', 'Agora Civic (demo)'],
        env,
      );
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already a member of "Agora Civic \(demo\)"/);
      expect((await vigil(['audit', 'verify'], env)).code).toBe(0);
    },
    60_000,
  );
});
