import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../errors.ts';

/** OWASP's argon2id parameters; stored with every hash so they can be raised later (rehash on login). */
export const ARGON2_PARAMS = { memory: 19456, passes: 2, parallelism: 1 } as const;
const TAG_LENGTH = 32;

function derive(
  password: string,
  salt: Buffer,
  p: { memory: number; passes: number; parallelism: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    argon2('argon2id', { message: password, nonce: salt, tagLength: TAG_LENGTH, ...p }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** A PHC string: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (base64 without padding). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, ARGON2_PARAMS);
  const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
  const { memory, passes, parallelism } = ARGON2_PARAMS;
  return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${b64(salt)}$${b64(hash)}`;
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export function parsePasswordHash(stored: string) {
  const m = PHC.exec(stored);
  if (!m) return null;
  return {
    memory: Number(m[1]),
    passes: Number(m[2]),
    parallelism: Number(m[3]),
    salt: Buffer.from(m[4] ?? '', 'base64'),
    hash: Buffer.from(m[5] ?? '', 'base64'),
  };
}

/** Checks a password; `rehash` says the stored parameters are weaker than today's. */
export async function verifyPassword(
  stored: string,
  password: string,
): Promise<{ ok: boolean; rehash: boolean }> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return { ok: false, rehash: false };
  const candidate = await derive(password, parsed.salt, parsed);
  const ok = candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
  const rehash =
    parsed.memory < ARGON2_PARAMS.memory ||
    parsed.passes < ARGON2_PARAMS.passes ||
    parsed.parallelism !== ARGON2_PARAMS.parallelism;
  return { ok, rehash };
}

/** A hash of a random password: checked against for unknown accounts so they take as long as known ones. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}

const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/**
 * The password policy (NIST SP 800-63B): 12 to 256 characters, anything allowed, no composition rules;
 * refused when it is a known common password or the account's own email. Throws a field error.
 */
export function assertPasswordAcceptable(password: string, email: string, field = 'body.password'): void {
  const problem =
    password.length < 12
      ? 'Use at least 12 characters'
      : password.length > 256
        ? 'Use at most 256 characters'
        : COMMON.has(password.toLowerCase())
          ? 'This password is on a list of commonly used passwords: choose another'
          : password.trim().toLowerCase() === email.trim().toLowerCase()
            ? 'The password must not be your email address'
            : null;
  if (problem)
    throw new AppError('validation_failed', problem, { fieldErrors: [{ field, message: problem }] });
}
