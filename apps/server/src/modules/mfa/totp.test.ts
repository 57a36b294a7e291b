import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  canonicalRecoveryCode,
  matchTotp,
  newRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  qrCodeDataUrl,
  timeStepAt,
  totpUri,
} from './totp.ts';

/** 10:00:05 UTC: 5 seconds into a 30-second step. */
const NOW = new Date('2026-11-02T10:00:05.000Z');
const STEP = timeStepAt(NOW);

/** The code an authenticator app shows `steps` steps away from NOW (SHA-1, 6 digits, 30 s by default). */
function codeAt(secret: string, steps: number): Promise<string> {
  return generate({ secret, epoch: (STEP + steps) * 30 + 5 });
}

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('makes 160-bit base32 secrets, a new one each time', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('builds the otpauth URI authenticator apps expect', () => {
    const uri = new URL(totpUri(secret, 'ada@example.org'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Vigil:ada@example.org');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Vigil');
    // SHA-1, 6 digits, 30 s are the defaults every app assumes, so the URI leaves them out
    expect([...uri.searchParams.keys()].sort()).toEqual(['issuer', 'secret']);
  });

  it('draws the URI as a PNG QR code', async () => {
    const url = await qrCodeDataUrl(totpUri(secret, 'ada@example.org'));
    expect(url).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('accepts the current code and one step either side, and returns the step it matched', async () => {
    expect(await matchTotp(secret, await codeAt(secret, 0), NOW, null)).toBe(STEP);
    expect(await matchTotp(secret, await codeAt(secret, -1), NOW, null)).toBe(STEP - 1);
    expect(await matchTotp(secret, await codeAt(secret, 1), NOW, null)).toBe(STEP + 1);
  });

  it('refuses codes two steps away', async () => {
    expect(await matchTotp(secret, await codeAt(secret, -2), NOW, null)).toBeNull();
    expect(await matchTotp(secret, await codeAt(secret, 2), NOW, null)).toBeNull();
  });

  it('refuses a code of the last accepted step or earlier (replay), but not a later one', async () => {
    expect(await matchTotp(secret, await codeAt(secret, 0), NOW, STEP)).toBeNull();
    expect(await matchTotp(secret, await codeAt(secret, -1), NOW, STEP)).toBeNull();
    expect(await matchTotp(secret, await codeAt(secret, 1), NOW, STEP)).toBe(STEP + 1);
    // a last step past the whole window (the clock went back) refuses everything rather than throwing
    expect(await matchTotp(secret, await codeAt(secret, 1), NOW, STEP + 5)).toBeNull();
  });

  it('refuses a code of another secret, and anything that is not 6 digits; forgives a space', async () => {
    expect(await matchTotp(newTotpSecret(), await codeAt(secret, 0), NOW, null)).toBeNull();
    const code = await codeAt(secret, 0);
    expect(await matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, NOW, null)).toBe(STEP);
    expect(await matchTotp(secret, code.slice(0, 5), NOW, null)).toBeNull();
    expect(await matchTotp(secret, 'abcdef', NOW, null)).toBeNull();
  });
});

describe('recovery codes', () => {
  it('come as 10 distinct xxxx-xxxx-xxxx codes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('are read forgivingly: case, spaces and dashes, and i/l/o typed for 1/0', () => {
    const code = newRecoveryCode();
    const canonical = code.replaceAll('-', '');
    expect(canonicalRecoveryCode(code)).toBe(canonical);
    expect(canonicalRecoveryCode(` ${code.toUpperCase().replaceAll('-', ' ')} `)).toBe(canonical);
    expect(canonicalRecoveryCode('1000-0000-0000')).toBe(canonicalRecoveryCode('ioOO-0000-0000'));
    expect(canonicalRecoveryCode('1000-0000-0000')).toBe(canonicalRecoveryCode('L000-0000-0000'));
  });

  it('refuse what cannot be one', () => {
    expect(canonicalRecoveryCode('abcd-efgh-jkm')).toBeNull();
    expect(canonicalRecoveryCode('abcd-efgh-jkmnp')).toBeNull();
    expect(canonicalRecoveryCode('abcd-efgh-jkm!')).toBeNull();
    expect(canonicalRecoveryCode('abcd-efgh-jkmu')).toBeNull();
  });
});
