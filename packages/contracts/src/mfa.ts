import { z } from 'zod';
import { ZSessionRestriction } from './identity.ts';

/** How many single-use recovery codes a user holds after enrolment or regeneration. */
export const RECOVERY_CODE_COUNT = 10;

/** A 6-digit code from an authenticator app; a space in the middle (as apps show it) is allowed. */
export const ZTotpCode = z
  .string()
  .trim()
  .regex(/^\d{3} ?\d{3}$/, 'Enter the 6-digit code from your authenticator app');

/** A recovery code as shown once (`xxxx-xxxx-xxxx`); case, spaces and dashes are forgiven. */
export const ZRecoveryCode = z
  .string()
  .trim()
  .min(12, 'Enter one of your recovery codes, e.g. abcd-efgh-jkmn')
  .max(40, 'Enter one of your recovery codes, e.g. abcd-efgh-jkmn');

/** Two-factor authentication of the signed-in user. */
export const ZMfaStatus = z.object({
  enabled: z.boolean(),
  /** Enrolment was started (a secret is waiting) but not confirmed with a code yet. */
  pendingEnrolment: z.boolean(),
  /** Unused recovery codes; 0 while TOTP is off. */
  recoveryCodesLeft: z.number().int().min(0),
});
export type TMfaStatus = z.infer<typeof ZMfaStatus>;

/** What an authenticator app needs: shown once, while enrolment is pending. */
export const ZTotpEnrolment = z.object({
  /** `otpauth://totp/...`, the content of the QR code. */
  otpauthUri: z.string(),
  /** The same secret in base32, for typing into an app by hand. */
  secret: z.string(),
  /** The QR code as a `data:image/png;base64,...` URL. */
  qrCode: z.string(),
});
export type TTotpEnrolment = z.infer<typeof ZTotpEnrolment>;

export const ZTotpCodeRequest = z.object({ code: ZTotpCode });
export type TTotpCodeRequest = z.infer<typeof ZTotpCodeRequest>;

export const ZRecoveryCodes = z.object({
  /** Shown once: only their hashes are stored. */
  recoveryCodes: z.array(z.string()),
});
export type TRecoveryCodes = z.infer<typeof ZRecoveryCodes>;

/** Enrolment confirmed: the session has a new token and has passed MFA; the recovery codes, shown once. */
export const ZTotpConfirmResponse = ZRecoveryCodes.extend({ restriction: ZSessionRestriction });
export type TTotpConfirmResponse = z.infer<typeof ZTotpConfirmResponse>;

/** The MFA challenge after sign-in: a code from the app, or one of the recovery codes. */
export const ZMfaVerifyRequest = z
  .object({ code: ZTotpCode.optional(), recoveryCode: ZRecoveryCode.optional() })
  .refine((body) => (body.code === undefined) !== (body.recoveryCode === undefined), {
    message: 'Send either a code from your authenticator app or a recovery code',
  });
export type TMfaVerifyRequest = z.infer<typeof ZMfaVerifyRequest>;
