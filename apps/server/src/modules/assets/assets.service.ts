import type {
  TAsset,
  TAssetList,
  TAssetListQuery,
  TCreateAssetRequest,
  TUpdateAssetRequest,
  TVersionRequest,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { formatKey, nextKey } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { decodeAssetCursor, encodeAssetCursor, presentAsset } from './assets.presenter.ts';
import * as repo from './assets.repo.ts';

export async function listAssets(
  deps: Deps,
  actor: Actor | null,
  query: TAssetListQuery,
): Promise<TAssetList> {
  assertCan(actor, 'asset:read');
  const after = query.cursor ? decodeAssetCursor(query.cursor) : null;
  // One row more than asked for says whether there is a next page.
  const rows = await repo.listAssets(deps.db, actor.organisationId, query, { limit: query.limit + 1, after });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentAsset),
    nextCursor: rows.length > query.limit && last ? encodeAssetCursor(last) : null,
  };
}

export async function getAsset(deps: Deps, actor: Actor | null, assetId: string): Promise<TAsset> {
  assertCan(actor, 'asset:read');
  return loadAsset(deps.db, actor.organisationId, assetId);
}

async function loadAsset(db: Kysely<DB>, organisationId: string, assetId: string): Promise<TAsset> {
  const row = await repo.getAsset(db, organisationId, assetId);
  if (!row) throw notFound('The asset');
  return presentAsset(row);
}

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', message, { fieldErrors: [{ field: `body.${field}`, message }] });

function stale(current: TAsset): AppError {
  return new AppError(
    'conflict',
    `${current.key} was changed by someone else: review the current values and try again`,
    { extensions: { current } },
  );
}

/** The editable fields of an asset, as the API names them. */
type Editable = Omit<
  TAsset,
  'id' | 'key' | 'owner' | 'riskCount' | 'archivedAt' | 'createdAt' | 'updatedAt' | 'version'
> & { ownerId: string | null };

function editableOf(asset: TAsset): Editable {
  const { id, key, owner, riskCount, archivedAt, createdAt, updatedAt, version, ...fields } = asset;
  return { ...fields, ownerId: owner?.id ?? null };
}

function columnsOf(fields: Editable): repo.AssetFields {
  return {
    name: fields.name,
    kind: fields.kind,
    description: fields.description,
    owner_id: fields.ownerId,
    classification: fields.classification,
    personal_data: fields.personalData,
    citizen_data: fields.citizenData,
    confidentiality: fields.confidentiality,
    integrity: fields.integrity,
    availability: fields.availability,
    location: fields.location,
    notes: fields.notes,
  };
}

async function assertOwner(db: Kysely<DB>, organisationId: string, ownerId: string | null): Promise<void> {
  if (ownerId !== null && !(await repo.isActiveMember(db, organisationId, ownerId))) {
    throw invalid('ownerId', 'Choose the owner from the active people of this organisation');
  }
}

export async function createAsset(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TCreateAssetRequest,
): Promise<TAsset> {
  assertCan(actor, 'asset:manage');
  const organisationId = actor.organisationId;
  const fields: Editable = {
    name: input.name,
    kind: input.kind,
    description: input.description ?? '',
    ownerId: input.ownerId ?? null,
    classification: input.classification,
    personalData: input.personalData ?? false,
    citizenData: input.citizenData ?? false,
    confidentiality: input.confidentiality,
    integrity: input.integrity,
    availability: input.availability,
    location: input.location ?? null,
    notes: input.notes ?? '',
  };
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    await assertOwner(tx, organisationId, fields.ownerId);
    const id = uuidv7();
    const keyNumber = await nextKey(tx, organisationId, 'asset');
    await repo.insertAsset(tx, organisationId, { id, key_number: keyNumber, ...columnsOf(fields) }, now);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'asset.created',
      subject: { type: 'asset', id },
      changes: diffChanges(null, { key: formatKey('asset', keyNumber), ...fields }),
    });
    return loadAsset(tx, organisationId, id);
  });
}

export async function updateAsset(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  assetId: string,
  input: TUpdateAssetRequest,
): Promise<TAsset> {
  assertCan(actor, 'asset:manage');
  const organisationId = actor.organisationId;
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const current = await loadAsset(tx, organisationId, assetId);
    if (current.version !== input.version) throw stale(current);
    if (current.archivedAt !== null) {
      throw new AppError('conflict', `${current.key} is archived: restore it before editing it`);
    }
    const before = editableOf(current);
    const { version: _version, ...sent } = input;
    const after: Editable = { ...before };
    for (const [key, value] of Object.entries(sent) as [keyof Editable, unknown][]) {
      if (value !== undefined) Object.assign(after, { [key]: value });
    }
    const changes = diffChanges(before, after);
    if (Object.keys(changes).length === 0) return current;
    if ('ownerId' in changes) await assertOwner(tx, organisationId, after.ownerId);

    const updated = await repo.updateAsset(tx, organisationId, assetId, input.version, columnsOf(after), now);
    if (!updated) throw stale(await loadAsset(tx, organisationId, assetId));
    await recordAudit(tx, audit, {
      organisationId,
      action: 'asset.updated',
      subject: { type: 'asset', id: assetId },
      changes,
    });
    return loadAsset(tx, organisationId, assetId);
  });
}

/**
 * Archives an asset (assets are never deleted: risks and the audit trail keep pointing at them) or
 * restores an archived one. Archived assets leave the list unless asked for, and new risks cannot link them.
 */
export async function setAssetArchived(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  assetId: string,
  archived: boolean,
  input: TVersionRequest,
): Promise<TAsset> {
  assertCan(actor, 'asset:manage');
  const organisationId = actor.organisationId;
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const current = await loadAsset(tx, organisationId, assetId);
    if (current.version !== input.version) throw stale(current);
    if ((current.archivedAt !== null) === archived) return current;
    const archivedAt = archived ? now : null;
    const updated = await repo.updateAsset(
      tx,
      organisationId,
      assetId,
      input.version,
      { archived_at: archivedAt },
      now,
    );
    if (!updated) throw stale(await loadAsset(tx, organisationId, assetId));
    await recordAudit(tx, audit, {
      organisationId,
      action: archived ? 'asset.archived' : 'asset.restored',
      subject: { type: 'asset', id: assetId },
      changes: { archivedAt: { before: current.archivedAt, after: archivedAt } },
    });
    return loadAsset(tx, organisationId, assetId);
  });
}
