import { type TPerson, ZAccessLevel, ZRole, ZSeniority } from '@vigil/contracts';
import { AppError } from '../../errors.ts';
import type { PeopleCursor, PersonRow } from './people.repo.ts';

export function presentPerson(row: PersonRow): TPerson {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    role: ZRole.parse(row.role),
    status: row.status,
    department: row.department,
    jobTitle: row.job_title,
    seniority: row.seniority === null ? null : ZSeniority.parse(row.seniority),
    accessLevel: row.access_level === null ? null : ZAccessLevel.parse(row.access_level),
    manager:
      row.manager_id !== null && row.manager_name !== null
        ? { id: row.manager_id, name: row.manager_name }
        : null,
    expiresAt: row.expires_at,
    mfaEnabled: row.totp_enabled_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** The opaque `nextCursor` of a page of people: the name and id of its last row. */
export function encodePeopleCursor(row: PeopleCursor): string {
  return Buffer.from(JSON.stringify([row.name, row.id]), 'utf8').toString('base64url');
}

export function decodePeopleCursor(cursor: string): PeopleCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { name: value[0], id: value[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', 'The page cursor is not valid: start again from the first page', {
    fieldErrors: [{ field: 'query.cursor', message: 'Use the nextCursor of the previous page' }],
  });
}
