import { randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@vigil/contracts';
import { NobleCryptoPlugin, ScureBase32Plugin, TOTP as TotpGenerator } from 'otplib';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) as every authenticator app understands it, and recovery codes. Pure: no I/O, the
 * clock is an argument.
 */
export const TOTP = { algorithm: 'sha1', digits: 6, period: 30 } as const;
const ISSUER = 'Vigil';

const totp = new TotpGenerator({
  ...TOTP,
  issuer: ISSUER,
  crypto: new NobleCryptoPlugin(),
  base32: new ScureBase32Plugin(),
});

/** A fresh 160-bit secret, base32 (what authenticator apps expect). */
export function newTotpSecret(): string {
  return totp.generateSecret();
}

/** The `otpauth://totp/...` URI an app scans; labelled with the account's email. */
export function totpUri(secret: string, account: string): string {
  return totp.toURI({ secret, label: account });
}

/** The URI as a QR code, `data:image/png;base64,...`. */
export function qrCodeDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** The time step (RFC 6238 T) of an instant. */
export function timeStepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP.period);
}

/**
 * The time step at which `code` is valid for `secret`, within one step either side of `now`, or null.
 * Steps at or before `lastStep` (the last accepted one) never match: a code cannot be replayed, nor an
 * older one used after a newer one. The caller must still claim the returned step atomically.
 */
export async function matchTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | null> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const latestCandidate = timeStepAt(now) + 1;
  // Everything within the window is already used: otplib refuses an afterTimeStep past the window.
  if (lastStep !== null && lastStep >= latestCandidate) return null;
  const result = await totp.verify(token, {
    secret,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP.period,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid ? result.timeStep : null;
}

/** Crockford's base32 alphabet, lower case: no i, l, o or u, so nothing is misread. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const RECOVERY_LENGTH = 12;

/** One recovery code, `xxxx-xxxx-xxxx` (60 random bits). */
export function newRecoveryCode(): string {
  let raw = '';
  for (let i = 0; i < RECOVERY_LENGTH; i++) raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return raw.match(/.{4}/g)?.join('-') ?? raw;
}

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
}

/**
 * The canonical form of a typed recovery code (what is hashed), or null when it cannot be one.
 * Case, spaces and dashes do not matter; letters people confuse with digits are read as those digits.
 */
export function canonicalRecoveryCode(input: string): string | null {
  const raw = input.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  if (raw.length !== RECOVERY_LENGTH) return null;
  for (const ch of raw) if (!RECOVERY_ALPHABET.includes(ch)) return null;
  return raw;
}
