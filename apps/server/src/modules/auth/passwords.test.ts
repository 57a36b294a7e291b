import { dictionary } from '@zxcvbn-ts/language-common';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { assertPasswordAcceptable, hashPassword, parsePasswordHash, verifyPassword } from './passwords.ts';

describe('password hashing (S7)', () => {
  it('stores argon2id with m >= 19456 KiB, t >= 2, p = 1 and a random salt', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    expect(a).not.toBe(b);
    const parsed = parsePasswordHash(a);
    expect(a.startsWith('$argon2id$v=19$')).toBe(true);
    expect(parsed?.memory).toBeGreaterThanOrEqual(19456);
    expect(parsed?.passes).toBeGreaterThanOrEqual(2);
    expect(parsed?.parallelism).toBe(1);
    expect(parsed?.salt.length).toBe(16);
    expect(parsed?.hash.length).toBe(32);
  });

  it('verifies the right password only, and asks for a rehash of weaker parameters', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toEqual({ ok: true, rehash: false });
    expect((await verifyPassword(stored, 'correct horse battery stapl')).ok).toBe(false);
    const weaker = stored.replace('m=19456,t=2', 'm=19456,t=1');
    expect((await verifyPassword(weaker, 'correct horse battery staple')).rehash).toBe(true);
    expect(await verifyPassword('not a hash', 'x')).toEqual({ ok: false, rehash: false });
  });
});

describe('password policy (S7)', () => {
  const refused = (password: string, email = 'ana@example.org') => {
    try {
      assertPasswordAcceptable(password, email);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).fieldErrors?.[0]?.message ?? null;
    }
  };

  it('accepts any 12+ characters without composition rules', () => {
    expect(refused('all lowercase words here')).toBeNull();
    expect(refused('ЁЖЗ日本語パスワード12')).toBeNull();
    expect(refused('x'.repeat(256))).toBeNull();
  });

  it('refuses short, too long, the email, and every common password of 12+ characters from the shipped list', () => {
    expect(refused('short')).toMatch(/at least 12/);
    expect(refused('x'.repeat(257))).toMatch(/at most 256/);
    expect(refused('Ana.Long@Example.org', 'ana.long@example.org')).toMatch(/email/);
    const common = (dictionary['passwords-common'] as string[]).filter(
      (p) => p.length >= 12 && p.length <= 256,
    );
    expect(common.length).toBeGreaterThan(100);
    for (const password of common) expect(refused(password)).toMatch(/commonly used/);
    expect(refused('QWERTY123456')).toMatch(/commonly used/);
  });
});
