import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';
import { lockDataDir } from './lock.ts';
import { loadSecrets } from './secrets.ts';

function configIn(dataDir: string) {
  const result = parseConfig({ VIGIL_DATA_DIR: dataDir });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('secrets', () => {
  it('are generated once into the data directory, owner-only, and read back the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-secrets-'));
    const first = loadSecrets(configIn(dir));
    expect(first.secretKey.length).toBeGreaterThanOrEqual(32);
    expect(first.auditSigningKey.asymmetricKeyType).toBe('ed25519');
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'secrets', 'secret-key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets', 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
    const again = loadSecrets(configIn(dir));
    expect(again.secretKey.equals(first.secretKey)).toBe(true);
    expect(again.auditSigningKey.export({ format: 'pem', type: 'pkcs8' })).toEqual(
      first.auditSigningKey.export({ format: 'pem', type: 'pkcs8' }),
    );
  });

  it('refuses a secret file that others can read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-secrets-'));
    loadSecrets(configIn(dir));
    chmodSync(join(dir, 'secrets', 'secret-key'), 0o644);
    expect(() => loadSecrets(configIn(dir))).toThrow(/readable by others/);
  });
});

describe('data directory lock', () => {
  it('refuses while another live process holds it; releasing frees it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
    lockDataDir(dir, 'vigil serve').release();
    // a live process other than this one (our parent) stands in for a second server; the CLI test uses a real one
    writeFileSync(join(dir, 'vigil.lock'), JSON.stringify({ pid: process.ppid, purpose: 'vigil serve' }));
    expect(() => lockDataDir(dir, 'vigil serve')).toThrow(new RegExp(`pid ${process.ppid}.*stop it first`));
  });

  it('takes over a lock left by a process that died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-lock-'));
    writeFileSync(join(dir, 'vigil.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, purpose: 'vigil serve' }));
    const lock = lockDataDir(dir, 'vigil serve');
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });
});
