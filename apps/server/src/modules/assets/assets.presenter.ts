import { type TAsset, ZAssetKind, ZClassification } from '@vigil/contracts';
import { formatKey } from '../../db/keys.ts';
import { AppError } from '../../errors.ts';
import type { AssetCursor, AssetRow } from './assets.repo.ts';

export function presentAsset(row: AssetRow): TAsset {
  return {
    id: row.id,
    key: formatKey('asset', row.key_number),
    name: row.name,
    kind: ZAssetKind.parse(row.kind),
    description: row.description,
    owner:
      row.owner_id !== null && row.owner_name !== null ? { id: row.owner_id, name: row.owner_name } : null,
    classification: ZClassification.parse(row.classification),
    personalData: row.personal_data,
    citizenData: row.citizen_data,
    confidentiality: row.confidentiality,
    integrity: row.integrity,
    availability: row.availability,
    location: row.location,
    notes: row.notes,
    riskCount: Number(row.risk_count ?? 0),
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** The opaque `nextCursor` of a page of assets: the sort name and id of its last row. */
export function encodeAssetCursor(row: { sort_name: string; id: string }): string {
  return Buffer.from(JSON.stringify([row.sort_name, row.id]), 'utf8').toString('base64url');
}

export function decodeAssetCursor(cursor: string): AssetCursor {
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
