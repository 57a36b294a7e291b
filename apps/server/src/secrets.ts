import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';

export interface Secrets {
  secretKey: Buffer;
  auditSigningKey: KeyObject;
}

/**
 * The instance's secrets: from the configuration when given, otherwise generated once into
 * `dataDir/secrets/` with owner-only permissions (0700 folder, 0600 files) and read from there after.
 */
export function loadSecrets(config: Config): Secrets {
  const dir = join(config.dataDir, 'secrets');
  const secretKey = config.secretKey
    ? Buffer.from(config.secretKey, 'utf8')
    : Buffer.from(
        readOrCreate(dir, 'secret-key', () => randomBytes(32).toString('base64url')),
        'utf8',
      );
  const pem =
    config.auditSigningKey ??
    readOrCreate(dir, 'audit-signing-key.pem', () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
  let auditSigningKey: KeyObject;
  try {
    auditSigningKey = createPrivateKey(pem);
  } catch {
    throw new Error(
      'the audit signing key is not a valid PEM private key (VIGIL_AUDIT_SIGNING_KEY or secrets/audit-signing-key.pem)',
    );
  }
  if (auditSigningKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('the audit signing key must be an Ed25519 key');
  }
  return { secretKey, auditSigningKey };
}

function readOrCreate(dir: string, name: string, create: () => string): string {
  const path = join(dir, name);
  if (existsSync(path)) {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0)
      throw new Error(`${path} is readable by others (mode ${mode.toString(8)}): chmod 600 it`);
    return readFileSync(path, 'utf8').trim();
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const value = create();
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return value;
}
