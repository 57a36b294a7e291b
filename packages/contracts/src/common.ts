import { z } from 'zod';

/** UUIDv7 ids (any RFC 9562 UUID is accepted on input). */
export const ZId = z.uuid();
export const ZTimestamp = z.iso.datetime({ offset: true });
export const ZEmail = z.email({ error: 'Enter a valid email address' }).max(254).trim().toLowerCase();
export const ZName = z.string().trim().min(1, 'Required').max(200);

/**
 * A new password: 12 to 256 characters of any kind, no composition rules (NIST SP 800-63B).
 * The server also refuses common passwords and the account's own email.
 */
export const ZNewPassword = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(256, 'Use at most 256 characters');
/** A password being checked: only bounded. */
export const ZPassword = z.string().min(1, 'Required').max(256);

export const ZIdParams = z.object({ id: ZId });
