import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/databases.ts';

const BIN = new URL('../../bin/vigil.js', import.meta.url).pathname;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `vigil` command in its own process, with only the given VIGIL_* variables. */
function vigil(args: string[], env: Record<string, string> = {}): Promise<Run> {
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
  });
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `vigil serve` on a free port and resolves with its URL once it listens. */
function serve(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; logs: () => string }> {
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

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('close', (code) => resolve(code));
  });

const tempDir = () => mkdtempSync(join(tmpdir(), 'vigil-cli-'));

describe('vigil command line', () => {
  it('prints help and its version', async () => {
    const help = await vigil(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: vigil <command>/);
    expect(help.stdout).toMatch(/audit verify/);
    const version = await vigil(['version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [[], /Usage/],
    [['frobnicate'], /unknown command: frobnicate/],
    [['backup'], /backup needs --out FILE/],
    [['audit'], /audit needs a command/],
    [['audit', 'verify', '--bogus'], /Unknown option '--bogus'/],
    [['version', 'extra'], /unexpected argument: extra/],
  ])('usage error %j: says what is wrong, shows the usage, exit code 2', async (args, message) => {
    const run = await vigil(args);
    expect(run.code).toBe(2);
    expect(run.stderr + run.stdout).toMatch(message);
    expect(run.stderr + run.stdout).toMatch(/Usage: vigil/);
  });

  it('refuses bad configuration with one line per problem, writing nothing', async () => {
    const dataDir = join(tempDir(), 'data');
    const run = await vigil(['serve'], {
      VIGIL_DATA_DIR: dataDir,
      VIGIL_PORT: 'eighty',
      VIGIL_LOG_LEVEL: 'chatty',
      VIGIL_SECRET_KEY: 'changeme',
    });
    expect(run.code).toBe(1);
    const problems = run.stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(problems).toHaveLength(3);
    expect(run.stderr).toMatch(/VIGIL_PORT/);
    expect(run.stderr).toMatch(/VIGIL_SECRET_KEY holds an example value/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('serves on SQLite, refuses a second server on the same data directory, and stops cleanly', async () => {
    const dataDir = join(tempDir(), 'data');
    const first = await serve({ VIGIL_DATA_DIR: dataDir });
    const ready = await fetch(`${first.url}/api/ready`);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { dialect: 'sqlite' } });
    expect(existsSync(join(dataDir, 'vigil.db'))).toBe(true);
    expect(existsSync(join(dataDir, 'secrets', 'audit-signing-key.pem'))).toBe(true);

    const second = await vigil(['serve'], { VIGIL_DATA_DIR: dataDir, VIGIL_PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`another Vigil process \\(pid ${first.child.pid}`));
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(existsSync(join(dataDir, 'vigil.lock'))).toBe(false);
    // no secret ever reaches the log
    const key = readFileSync(join(dataDir, 'secrets', 'secret-key'), 'utf8').trim();
    expect(first.logs()).not.toContain(key);
  });

  it.skipIf(!inject('postgres').available)('serves the same on PostgreSQL', async () => {
    const url = await freshDatabaseUrl('postgres');
    const server = await serve({ VIGIL_DATA_DIR: join(tempDir(), 'data'), VIGIL_DATABASE_URL: url });
    const ready = await fetch(`${server.url}/api/ready`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      database: { dialect: 'postgres', reachable: true, pendingMigrations: 0 },
    });
    server.child.kill('SIGTERM');
    expect(await exited(server.child)).toBe(0);
  });

  it('migrates, verifies audit chains, writes a signed checkpoint, and catches tampering against it', async () => {
    const dataDir = join(tempDir(), 'data');
    const env = { VIGIL_DATA_DIR: dataDir };
    expect((await vigil(['migrate'], env)).stdout).toMatch(/Applied: 0001-platform/);
    expect((await vigil(['migrate'], env)).stdout).toMatch(/up to date/);

    // a few events through the real code path
    const { openDatabase } = await import('../db/database.ts');
    const { recordAudit, SYSTEM_CONTEXT } = await import('../audit/audit.ts');
    const database = await openDatabase(`sqlite:${join(dataDir, 'vigil.db')}`);
    for (let i = 0; i < 5; i++) {
      await database.db.transaction().execute((tx) =>
        recordAudit(tx, SYSTEM_CONTEXT(), {
          organisationId: 'org-a',
          action: 'test.happened',
          subject: { type: 'test', id: String(i) },
        }),
      );
    }
    await database.close();

    const clean = await vigil(['audit', 'verify'], env);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/ok +org-a: 5 events/);

    const checkpointFile = join(tempDir(), 'checkpoint.json');
    const cp = await vigil(['audit', 'checkpoint', '--out', checkpointFile], env);
    expect(cp.code).toBe(0);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8')).checkpoint.chains).toEqual([
      { organisationId: 'org-a', seq: 5, hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect((await vigil(['audit', 'verify', '--checkpoint', checkpointFile], env)).code).toBe(0);

    const raw = new DatabaseSync(join(dataDir, 'vigil.db'));
    raw.exec(`update audit_events set subject_id = 'forged' where seq = 3`);
    raw.close();
    const broken = await vigil(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN +org-a: first broken at sequence 3/);
  });

  it.skipIf(!inject('postgres').available)(
    'backs up a SQLite instance and restores it into PostgreSQL, where the audit chains still verify',
    async () => {
      const dataDir = join(tempDir(), 'data');
      const env = { VIGIL_DATA_DIR: dataDir };
      expect((await vigil(['migrate'], env)).code).toBe(0);
      const { openDatabase } = await import('../db/database.ts');
      const { recordAudit, SYSTEM_CONTEXT } = await import('../audit/audit.ts');
      const source = await openDatabase(`sqlite:${join(dataDir, 'vigil.db')}`);
      for (let i = 0; i < 3; i++) {
        await source.db.transaction().execute((tx) =>
          recordAudit(tx, SYSTEM_CONTEXT(), {
            organisationId: null,
            action: 'test.happened',
            subject: { type: 'test', id: `${i}` },
          }),
        );
      }
      await source.close();

      const archive = join(tempDir(), 'vigil.backup');
      const backup = await vigil(['backup', '--out', archive], env);
      expect(backup.code).toBe(0);
      expect(backup.stdout).toMatch(/Backup written to .*rows/);

      const target = {
        VIGIL_DATA_DIR: join(tempDir(), 'data'),
        VIGIL_DATABASE_URL: await freshDatabaseUrl('postgres'),
      };
      const restore = await vigil(['restore', archive], target);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      const verify = await vigil(['audit', 'verify'], target);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/ok +instance: 3 events/);
      // a second restore into the now non-empty database is refused and changes nothing
      const again = await vigil(['restore', archive], target);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/empty/);
    },
  );
});
