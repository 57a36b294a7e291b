import {
  type TEvidence,
  type TEvidenceControlLink,
  type TEvidenceRef,
  ZEvidenceFileType,
} from '@vigil/contracts';
import { formatKey } from '../../db/keys.ts';
import { AppError } from '../../errors.ts';
import { controlKey } from '../controls/controls.presenter.ts';
import type { ControlLinkRow, EvidenceRow } from './evidence.repo.ts';
import { FILE_TYPES } from './evidence-files.ts';

/** Whether an item no longer counts: its last valid day is before `today` (YYYY-MM-DD, the organisation's). */
export const isStale = (row: { valid_until: string | null }, today: string): boolean =>
  row.valid_until !== null && row.valid_until < today;

export function presentControlLink(row: ControlLinkRow): TEvidenceControlLink {
  return { id: row.id, key: controlKey(row), title: row.title };
}

function fileOf(row: EvidenceRow): TEvidence['file'] {
  if (row.file_sha256 === null || row.file_name === null || row.file_type === null) return null;
  const type = ZEvidenceFileType.parse(row.file_type);
  return {
    name: row.file_name,
    type,
    mediaType: FILE_TYPES[type].mediaType,
    size: Number(row.file_size ?? 0),
    sha256: row.file_sha256,
  };
}

export function presentEvidence(
  row: EvidenceRow,
  controls: readonly ControlLinkRow[],
  today: string,
): TEvidence {
  return {
    id: row.id,
    key: formatKey('evidence', row.key_number),
    kind: row.kind,
    title: row.title,
    description: row.description,
    url: row.url,
    file: fileOf(row),
    collectedOn: row.collected_on,
    validUntil: row.valid_until,
    stale: isStale(row, today),
    uploadedBy: { id: row.uploaded_by, name: row.uploader_name },
    controls: controls.map(presentControlLink),
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function presentEvidenceRef(row: EvidenceRow, today: string): TEvidenceRef {
  return {
    id: row.id,
    key: formatKey('evidence', row.key_number),
    title: row.title,
    kind: row.kind,
    stale: isStale(row, today),
    archived: row.archived_at !== null,
  };
}

/** The opaque `nextCursor` of a page: the key number of its last item. */
export function encodeEvidenceCursor(row: { key_number: number }): string {
  return Buffer.from(JSON.stringify([row.key_number]), 'utf8').toString('base64url');
}

export function decodeEvidenceCursor(cursor: string): number {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && (value[0] as number) > 0)
      return value[0] as number;
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation_failed', 'The page cursor is not valid: start again from the first page', {
    fieldErrors: [{ field: 'query.cursor', message: 'Use the nextCursor of the previous page' }],
  });
}
