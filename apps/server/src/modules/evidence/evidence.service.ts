import { createHash } from 'node:crypto';
import {
  type TControlEvidenceList,
  type TControlEvidenceQuery,
  type TCreateEvidenceLinkRequest,
  type TEvidence,
  type TEvidenceFileType,
  type TEvidenceList,
  type TEvidenceListQuery,
  type TEvidenceRef,
  type TEvidenceUploadFields,
  type TFieldError,
  type TSetEvidenceControlsRequest,
  type TUpdateEvidenceRequest,
  type TVersionRequest,
  ZEvidenceFileType,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { formatKey, nextKey } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { controlKey } from '../controls/controls.presenter.ts';
import { localDate } from '../notifications/notification-messages.ts';
import { mayEditEvidence, mayLinkControl } from './evidence.policy.ts';
import {
  decodeEvidenceCursor,
  encodeEvidenceCursor,
  presentEvidence,
  presentEvidenceRef,
} from './evidence.presenter.ts';
import * as repo from './evidence.repo.ts';
import { FILE_TYPES, inspectFile } from './evidence-files.ts';

/**
 * The evidence library: links and files that show controls work, each reusable across controls. Files
 * are checked (evidence-files.ts) before anything is written, stored once per organisation under their
 * SHA-256, and downloaded as attachments; every change and every download is audited. Items are archived,
 * never deleted: a certification audit, a control check or a published Statement of Applicability may
 * have relied on one, and the audit trail keeps pointing at it.
 */

/** An uploaded file with its form fields, as the route read them (after authorization). */
export interface EvidenceUpload {
  filename: string;
  /** The content type the client declared for the file part. */
  mimetype: string;
  data: Buffer;
  fields: TEvidenceUploadFields;
}

/** A file to send as an attachment. */
export interface EvidenceDownload {
  name: string;
  type: TEvidenceFileType;
  mediaType: string;
  sha256: string;
  body: Buffer;
}

/** Today in the organisation's time zone: what `stale` is measured against. */
async function todayOf(db: Kysely<DB>, organisationId: string, clock: Date): Promise<string> {
  return localDate(clock, await repo.timeZoneOf(db, organisationId));
}

// ---------------------------------------------------------------- reading

async function loadRow(
  db: Kysely<DB>,
  organisationId: string,
  evidenceId: string,
): Promise<repo.EvidenceRow> {
  const row = await repo.getEvidence(db, organisationId, evidenceId);
  if (!row) throw notFound('The evidence');
  return row;
}

/** Items with their linked controls, read in one go. */
async function present(
  db: Kysely<DB>,
  organisationId: string,
  rows: readonly repo.EvidenceRow[],
  today: string,
): Promise<TEvidence[]> {
  const links = await repo.listControlLinks(
    db,
    organisationId,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    presentEvidence(
      row,
      links.filter((l) => l.evidence_id === row.id),
      today,
    ),
  );
}

async function loadEvidence(
  db: Kysely<DB>,
  organisationId: string,
  evidenceId: string,
  clock: Date,
): Promise<TEvidence> {
  const [item] = await present(
    db,
    organisationId,
    [await loadRow(db, organisationId, evidenceId)],
    await todayOf(db, organisationId, clock),
  );
  return item as TEvidence;
}

export async function listEvidence(
  deps: Deps,
  actor: Actor | null,
  query: TEvidenceListQuery,
): Promise<TEvidenceList> {
  assertCan(actor, 'evidence:read');
  const organisationId = actor.organisationId;
  const after = query.cursor ? decodeEvidenceCursor(query.cursor) : null;
  const today = await todayOf(deps.db, organisationId, deps.now());
  // One row more than asked for says whether there is a next page.
  const rows = await repo.listEvidence(
    deps.db,
    organisationId,
    {
      controlId: query.controlId,
      kind: query.kind,
      stale: query.stale,
      today,
      q: query.q,
      includeArchived: query.includeArchived,
    },
    { limit: query.limit + 1, after },
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: await present(deps.db, organisationId, items, today),
    nextCursor: rows.length > query.limit && last ? encodeEvidenceCursor(last) : null,
  };
}

export async function getEvidence(deps: Deps, actor: Actor | null, evidenceId: string): Promise<TEvidence> {
  assertCan(actor, 'evidence:read');
  return loadEvidence(deps.db, actor.organisationId, evidenceId, deps.now());
}

/** Every item linked to a control, newest first (archived ones when asked for). */
export async function listControlEvidence(
  deps: Deps,
  actor: Actor | null,
  controlId: string,
  query: TControlEvidenceQuery,
): Promise<TControlEvidenceList> {
  assertCan(actor, 'evidence:read');
  const organisationId = actor.organisationId;
  if ((await repo.findControls(deps.db, organisationId, [controlId])).length === 0)
    throw notFound('The control');
  const today = await todayOf(deps.db, organisationId, deps.now());
  const rows = await repo.listEvidence(
    deps.db,
    organisationId,
    { controlId, today, includeArchived: query.includeArchived },
    // a control's evidence is read whole: it gathers a few items a month at most; the limit is a safety cap
    { limit: 10_000, after: null },
  );
  return { items: await present(deps.db, organisationId, rows, today) };
}

/**
 * Downloads a file item's bytes (evidence:read, archived items included: an auditor may rely on them).
 * Each download is audited: evidence is often confidential (penetration test reports, access reviews),
 * and who read it, external auditors above all, belongs in the trail.
 */
export async function downloadEvidenceFile(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  evidenceId: string,
): Promise<EvidenceDownload> {
  assertCan(actor, 'evidence:read');
  const organisationId = actor.organisationId;
  const row = await loadRow(deps.db, organisationId, evidenceId);
  const file = row.kind === 'file' ? await repo.getFile(deps.db, organisationId, evidenceId) : undefined;
  if (!file || file.file_name === null || file.file_type === null)
    throw new AppError('not_found', `${formatKey('evidence', row.key_number)} is a link: it has no file`);
  const type = ZEvidenceFileType.parse(file.file_type);
  await recordAudit(deps.db, audit, {
    organisationId,
    action: 'evidence.downloaded',
    subject: { type: 'evidence', id: evidenceId },
  });
  const content = file.content;
  return {
    name: file.file_name,
    type,
    mediaType: FILE_TYPES[type].mediaType,
    sha256: file.sha256,
    body: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
  };
}

// ---------------------------------------------------------------- the rules of an item

/** What an edit can change, as the API names it. */
type EvidenceState = {
  title: string;
  description: string;
  url: string | null;
  collectedOn: string;
  validUntil: string | null;
};

function columnsOf(state: EvidenceState): repo.EvidenceFields {
  return {
    title: state.title,
    description: state.description,
    url: state.url,
    collected_on: state.collectedOn,
    valid_until: state.validUntil,
  };
}

function dateErrors(state: EvidenceState, today: string): TFieldError[] {
  const errors: TFieldError[] = [];
  if (state.collectedOn > today)
    errors.push({ field: 'body.collectedOn', message: 'Evidence cannot be collected in the future' });
  if (state.validUntil !== null && state.validUntil < state.collectedOn)
    errors.push({
      field: 'body.validUntil',
      message: 'The evidence must be valid on the day it was collected',
    });
  return errors;
}

function invalidFields(errors: TFieldError[]): AppError {
  const detail = errors.length === 1 && errors[0] ? errors[0].message : 'Some fields are not valid';
  return new AppError('validation_failed', detail, { fieldErrors: errors });
}

function stale(current: TEvidence): AppError {
  return new AppError(
    'conflict',
    `${current.key} was changed by someone else: review the current values and try again`,
    { extensions: { current } },
  );
}

function assertMayEdit(actor: Actor, row: repo.EvidenceRow): void {
  if (!mayEditEvidence(actor, { uploadedBy: row.uploaded_by }))
    throw forbidden(
      `Your role lets you change only the evidence you added: ask a security officer to change ${formatKey('evidence', row.key_number)}`,
    );
}

function assertNotArchived(current: TEvidence): void {
  if (current.archivedAt !== null)
    throw new AppError('conflict', `${current.key} is archived: restore it before changing it`);
}

/**
 * Checks a change of the linked controls from `linked` to `wanted`: every wanted control must be one of
 * the organisation's (another organisation's is a 404, like a missing one), and the caller must be allowed
 * to link each control added and unlink each control removed.
 */
async function checkControlChange(
  db: Kysely<DB>,
  actor: Actor & { organisationId: string },
  wanted: readonly string[],
  linked: ReadonlyArray<{ id: string; ownerId: string | null; key: string }>,
  sent: readonly string[],
): Promise<void> {
  const found = new Map((await repo.findControls(db, actor.organisationId, wanted)).map((c) => [c.id, c]));
  const missing: TFieldError[] = [];
  sent.forEach((controlId, i) => {
    if (!found.has(controlId))
      missing.push({
        field: `body.controlIds.${i}`,
        message: 'No control with this id in this organisation',
      });
  });
  if (missing.length > 0)
    throw new AppError('not_found', 'A control to link was not found: nothing was linked', {
      fieldErrors: missing,
    });
  const linkedIds = new Set(linked.map((c) => c.id));
  const changed = [
    ...wanted
      .filter((id) => !linkedIds.has(id))
      .flatMap((id) => {
        const control = found.get(id);
        return control ? [{ ownerId: control.owner_id, key: controlKey(control) }] : [];
      }),
    ...linked.filter((c) => !wanted.includes(c.id)),
  ];
  const refused = changed.filter((control) => !mayLinkControl(actor, control)).map((c) => c.key);
  if (refused.length > 0)
    throw forbidden(
      `Your role lets you link evidence only to the controls you own, not to ${refused.join(', ')}: ask their owner or a security officer`,
    );
}

// ---------------------------------------------------------------- writing

async function createEvidence(
  deps: Deps,
  actor: Actor & { organisationId: string; membershipId: string | null },
  audit: AuditContext,
  state: EvidenceState,
  controlIds: readonly string[] | undefined,
  file: { sha256: string; name: string; type: TEvidenceFileType; content: Buffer } | null,
): Promise<TEvidence> {
  const organisationId = actor.organisationId;
  const uploadedBy = actor.membershipId;
  if (uploadedBy === null) throw forbidden();
  const wanted = [...new Set(controlIds ?? [])].sort();
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const errors = dateErrors(state, await todayOf(tx, organisationId, clock));
    if (errors.length > 0) throw invalidFields(errors);
    await checkControlChange(tx, actor, wanted, [], controlIds ?? []);
    if (file)
      await repo.insertBlobIfAbsent(tx, organisationId, { sha256: file.sha256, content: file.content }, now);
    const id = uuidv7();
    const keyNumber = await nextKey(tx, organisationId, 'evidence');
    await repo.insertEvidence(
      tx,
      organisationId,
      {
        id,
        key_number: keyNumber,
        kind: file ? 'file' : 'link',
        ...columnsOf(state),
        file_sha256: file?.sha256 ?? null,
        file_name: file?.name ?? null,
        file_type: file?.type ?? null,
        uploaded_by: uploadedBy,
      },
      now,
    );
    await repo.replaceEvidenceControls(tx, organisationId, id, wanted);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'evidence.created',
      subject: { type: 'evidence', id },
      changes: diffChanges(null, {
        key: formatKey('evidence', keyNumber),
        kind: file ? 'file' : 'link',
        ...state,
        file: file && { name: file.name, type: file.type, size: file.content.length, sha256: file.sha256 },
        controlIds: wanted,
      }),
    });
    return loadEvidence(tx, organisationId, id, clock);
  });
}

/** Adds a link (evidence:upload), optionally linked to controls at once. */
export async function createEvidenceLink(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TCreateEvidenceLinkRequest,
): Promise<TEvidence> {
  assertCan(actor, 'evidence:upload');
  const state: EvidenceState = {
    title: input.title,
    description: input.description ?? '',
    url: input.url,
    collectedOn: input.collectedOn,
    validUntil: input.validUntil ?? null,
  };
  return createEvidence(deps, actor, audit, state, input.controlIds, null);
}

/**
 * Adds a file (evidence:upload). The file is read only after authorization (`receive`), then checked
 * (type by content, name, zip bombs) and hashed before the transaction; equal bytes are stored once per
 * organisation, and the item records the name and type of this upload.
 */
export async function uploadEvidenceFile(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  receive: () => Promise<EvidenceUpload>,
): Promise<TEvidence> {
  assertCan(actor, 'evidence:upload');
  const upload = await receive();
  const inspected = await inspectFile(upload.data, upload);
  const { fields } = upload;
  const state: EvidenceState = {
    title: fields.title,
    description: fields.description ?? '',
    url: null,
    collectedOn: fields.collectedOn,
    validUntil: fields.validUntil ?? null,
  };
  return createEvidence(deps, actor, audit, state, fields.controlIds, {
    sha256: createHash('sha256').update(upload.data).digest('hex'),
    name: inspected.name,
    type: inspected.type,
    content: upload.data,
  });
}

/** Edits an item's description (evidence:manage, or evidence:upload for the items one added). */
export async function updateEvidence(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  evidenceId: string,
  input: TUpdateEvidenceRequest,
): Promise<TEvidence> {
  assertCan(actor, 'evidence:upload');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, organisationId, evidenceId);
    assertMayEdit(actor, row);
    const current = await loadEvidence(tx, organisationId, evidenceId, clock);
    if (current.version !== input.version) throw stale(current);
    assertNotArchived(current);
    if (current.kind === 'file' && input.url !== undefined)
      throw invalidFields([
        { field: 'body.url', message: 'A file item has no link: add a new item for a link' },
      ]);

    const before: EvidenceState = {
      title: current.title,
      description: current.description,
      url: current.url,
      collectedOn: current.collectedOn,
      validUntil: current.validUntil,
    };
    const { version: _version, ...sent } = input;
    const after: EvidenceState = { ...before };
    for (const [key, value] of Object.entries(sent) as [keyof EvidenceState, unknown][]) {
      if (value !== undefined) Object.assign(after, { [key]: value });
    }
    const changes = diffChanges(before, after);
    if (Object.keys(changes).length === 0) return current;
    const errors = dateErrors(after, await todayOf(tx, organisationId, clock)).filter(
      // a collection date kept as it was is not re-judged against today
      (e) => e.field !== 'body.collectedOn' || 'collectedOn' in changes,
    );
    if (errors.length > 0) throw invalidFields(errors);

    if (!(await repo.updateEvidence(tx, organisationId, evidenceId, input.version, columnsOf(after), now)))
      throw stale(await loadEvidence(tx, organisationId, evidenceId, clock));
    await recordAudit(tx, audit, {
      organisationId,
      action: 'evidence.updated',
      subject: { type: 'evidence', id: evidenceId },
      changes,
    });
    return loadEvidence(tx, organisationId, evidenceId, clock);
  });
}

/**
 * Archives an item or restores it. Evidence is never deleted: an auditor may have relied on it, checks
 * and published Statements of Applicability refer to it, and its file stays downloadable. Archived items
 * leave the lists unless asked for, no longer count for a control's health, and cannot be changed or linked.
 */
export async function setEvidenceArchived(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  evidenceId: string,
  archived: boolean,
  input: TVersionRequest,
): Promise<TEvidence> {
  assertCan(actor, 'evidence:upload');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, organisationId, evidenceId);
    assertMayEdit(actor, row);
    const current = await loadEvidence(tx, organisationId, evidenceId, clock);
    if (current.version !== input.version) throw stale(current);
    if ((current.archivedAt !== null) === archived) return current;
    const archivedAt = archived ? now : null;
    if (
      !(await repo.updateEvidence(
        tx,
        organisationId,
        evidenceId,
        input.version,
        { archived_at: archivedAt },
        now,
      ))
    )
      throw stale(await loadEvidence(tx, organisationId, evidenceId, clock));
    await recordAudit(tx, audit, {
      organisationId,
      action: archived ? 'evidence.archived' : 'evidence.restored',
      subject: { type: 'evidence', id: evidenceId },
      changes: { archivedAt: { before: current.archivedAt, after: archivedAt } },
    });
    return loadEvidence(tx, organisationId, evidenceId, clock);
  });
}

/**
 * Makes `controlIds` the complete set of controls the item supports. The change is an edit of the item:
 * it carries the version read and bumps it. Contributors add and remove only the controls they own.
 */
export async function setEvidenceControls(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  evidenceId: string,
  input: TSetEvidenceControlsRequest,
): Promise<TEvidence> {
  assertCan(actor, 'evidence:upload');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  const wanted = [...new Set(input.controlIds)].sort();
  return deps.db.transaction().execute(async (tx) => {
    const current = await loadEvidence(tx, organisationId, evidenceId, clock);
    if (current.version !== input.version) throw stale(current);
    assertNotArchived(current);
    const links = await repo.listControlLinks(tx, organisationId, [evidenceId]);
    await checkControlChange(
      tx,
      actor,
      wanted,
      links.map((l) => ({ id: l.id, ownerId: l.owner_id, key: controlKey(l) })),
      input.controlIds,
    );
    const changes = diffChanges({ controlIds: links.map((l) => l.id).sort() }, { controlIds: wanted });
    if (Object.keys(changes).length === 0) return current;

    if (!(await repo.updateEvidence(tx, organisationId, evidenceId, input.version, {}, now)))
      throw stale(await loadEvidence(tx, organisationId, evidenceId, clock));
    await repo.replaceEvidenceControls(tx, organisationId, evidenceId, wanted);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'evidence.controls_linked',
      subject: { type: 'evidence', id: evidenceId },
      changes,
    });
    return loadEvidence(tx, organisationId, evidenceId, clock);
  });
}

// ---------------------------------------------------------------- for control checks and the SoA

/**
 * The items among `evidenceIds` as references (key, title, kind, stale, archived), for services that have
 * authorised their caller already (a control check's run records the evidence it looked at). Another
 * organisation's and missing ids are absent from the map: the caller decides whether that is a 404.
 */
export async function evidenceRefs(
  db: Kysely<DB>,
  organisationId: string,
  evidenceIds: readonly string[],
  clock: Date,
): Promise<Map<string, TEvidenceRef>> {
  const rows = await repo.findEvidence(db, organisationId, [...new Set(evidenceIds)]);
  const today = await todayOf(db, organisationId, clock);
  return new Map(rows.map((row) => [row.id, presentEvidenceRef(row, today)]));
}

/** How fresh a control's evidence is (archived items left out). */
export interface EvidenceFreshness {
  total: number;
  stale: number;
  /** YYYY-MM-DD, or null without evidence. */
  latestCollectedOn: string | null;
}

/**
 * The freshness of each control's evidence, for control health on the control and in the Statement of
 * Applicability; controls without evidence get `{total: 0, stale: 0, latestCollectedOn: null}`.
 */
export async function evidenceFreshnessOfControls(
  db: Kysely<DB>,
  organisationId: string,
  controlIds: readonly string[],
  clock: Date,
): Promise<Map<string, EvidenceFreshness>> {
  const today = await todayOf(db, organisationId, clock);
  const rows = await repo.evidenceFreshness(db, organisationId, controlIds, today);
  const byControl = new Map<string, EvidenceFreshness>(
    controlIds.map((id) => [id, { total: 0, stale: 0, latestCollectedOn: null }]),
  );
  for (const row of rows)
    byControl.set(row.control_id, {
      total: Number(row.total),
      stale: Number(row.stale ?? 0),
      latestCollectedOn: row.latest_collected_on ?? null,
    });
  return byControl;
}
