import { type TInvitation, type TInvitationStatus, ZId, ZRole } from '@vigil/contracts';
import { AppError } from '../../errors.ts';
import type { InvitationRow } from './invitations.repo.ts';

export function invitationStatus(
  row: { accepted_at: string | null; revoked_at: string | null; expires_at: string },
  now: Date,
): TInvitationStatus {
  if (row.accepted_at !== null) return 'accepted';
  if (row.revoked_at !== null) return 'revoked';
  return Date.parse(row.expires_at) <= now.getTime() ? 'expired' : 'pending';
}

export function presentInvitation(row: InvitationRow, now: Date): TInvitation {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: ZRole.parse(row.role),
    department: row.department,
    jobTitle: row.job_title,
    status: invitationStatus(row, now),
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
    invitedBy:
      row.invited_by !== null && row.invited_by_name !== null
        ? { id: row.invited_by, name: row.invited_by_name }
        : null,
    createdAt: row.created_at,
  };
}

/** The opaque `nextCursor` of a page of invitations: the id of its last (oldest) row. */
export function encodeInvitationsCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeInvitationsCursor(cursor: string): string {
  const id = ZId.safeParse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (id.success) return id.data;
  throw new AppError('validation_failed', 'The page cursor is not valid: start again from the first page', {
    fieldErrors: [{ field: 'query.cursor', message: 'Use the nextCursor of the previous page' }],
  });
}
