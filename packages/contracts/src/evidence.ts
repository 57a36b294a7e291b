import { z } from 'zod';
import { ZId, ZName, ZTimestamp } from './common.ts';
import { ZPageQuery } from './people.ts';

/**
 * Evidence that controls work (ISO/IEC 27001 7.5, 9.1): files and links, each reusable across controls.
 * Files are stored in the database, content-addressed by SHA-256 and deduplicated within the
 * organisation; their type is decided by their bytes against an allowlist. An item whose `validUntil`
 * has passed (in the organisation's time zone) is `stale`. Evidence is archived, never deleted: audits
 * and published Statements of Applicability may rely on it.
 */

export const EVIDENCE_KINDS = ['file', 'link'] as const;
export type TEvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const ZEvidenceKind = z.enum(EVIDENCE_KINDS);

/**
 * The file types accepted, decided by the file's content (magic bytes, the ZIP directory of office
 * documents, UTF-8 for text); the name's extension and the declared content type must agree with it.
 */
export const EVIDENCE_FILE_TYPES = [
  'pdf',
  'png',
  'jpeg',
  'gif',
  'webp',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'txt',
  'csv',
  'md',
] as const;
export type TEvidenceFileType = (typeof EVIDENCE_FILE_TYPES)[number];
export const ZEvidenceFileType = z.enum(EVIDENCE_FILE_TYPES);

/** The extensions a file of each type may have (the first one is given to a file named without one). */
export const EVIDENCE_FILE_EXTENSIONS: Record<TEvidenceFileType, readonly string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  gif: ['gif'],
  webp: ['webp'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  pptx: ['pptx'],
  odt: ['odt'],
  ods: ['ods'],
  odp: ['odp'],
  txt: ['txt', 'text', 'log'],
  csv: ['csv'],
  md: ['md', 'markdown'],
};

const ZEvidenceText = z.string().trim().max(4000, 'Use at most 4000 characters');
const ZEvidenceUrl = z
  .url({ protocol: /^https?$/, error: 'Give an http or https link' })
  .max(2000, 'Use at most 2000 characters');
const ZDate = z.iso.date({ error: 'Give the date as YYYY-MM-DD' });
const ZControlIds = z.array(ZId).max(100, 'Link at most 100 controls');

/** A control the evidence supports. */
export const ZEvidenceControlLink = z.object({
  id: ZId,
  /** `A.5.1` or `VC-3`. */
  key: z.string(),
  title: z.string(),
});
export type TEvidenceControlLink = z.infer<typeof ZEvidenceControlLink>;

/** The stored file of a file item. */
export const ZEvidenceFile = z.object({
  /** Sanitised: no path, no control or bidi characters, with an extension that matches the type. */
  name: z.string(),
  type: ZEvidenceFileType,
  /** What the download's Content-Type says, e.g. `application/pdf`. */
  mediaType: z.string(),
  /** Bytes. */
  size: z.number().int(),
  /** SHA-256 of the bytes, lower-case hex: the file's address; equal files are stored once. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type TEvidenceFile = z.infer<typeof ZEvidenceFile>;

export const ZEvidence = z.object({
  id: ZId,
  /** Per organisation: `EV-3`. */
  key: z.string(),
  kind: ZEvidenceKind,
  title: z.string(),
  description: z.string(),
  /** The link of a `link` item; null for files. */
  url: z.string().nullable(),
  /** The file of a `file` item (download it from `/api/v1/evidence/{id}/file`); null for links. */
  file: ZEvidenceFile.nullable(),
  /** YYYY-MM-DD: when the evidence was collected (a screenshot taken, a report issued). */
  collectedOn: z.iso.date(),
  /** YYYY-MM-DD: the last day the evidence counts; null when it does not expire. */
  validUntil: z.iso.date().nullable(),
  /** `validUntil` has passed, in the organisation's time zone. Derived when read, never stored. */
  stale: z.boolean(),
  /** The member who added it. */
  uploadedBy: z.object({ id: ZId, name: z.string() }),
  /** The controls it supports, in key order. */
  controls: z.array(ZEvidenceControlLink),
  archivedAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  version: z.number().int(),
});
export type TEvidence = z.infer<typeof ZEvidence>;

/** Newest first (by key), a page at a time. */
export const ZEvidenceList = z.object({ items: z.array(ZEvidence), nextCursor: z.string().nullable() });
export type TEvidenceList = z.infer<typeof ZEvidenceList>;

export const ZEvidenceListQuery = ZPageQuery.extend({
  /** Evidence linked to this control. */
  controlId: ZId.optional(),
  kind: ZEvidenceKind.optional(),
  /** `true`: only stale items; `false`: only items still valid. */
  stale: z.stringbool().optional(),
  /** Part of the key, title, description, link or file name, any case. */
  q: z.string().trim().min(1).max(200).optional(),
  includeArchived: z.stringbool().optional(),
});
export type TEvidenceListQuery = z.infer<typeof ZEvidenceListQuery>;

/** `GET /api/v1/controls/{id}/evidence`: every item linked to the control, newest first. */
export const ZControlEvidenceQuery = z.object({ includeArchived: z.stringbool().optional() });
export type TControlEvidenceQuery = z.infer<typeof ZControlEvidenceQuery>;

export const ZControlEvidenceList = z.object({ items: z.array(ZEvidence) });
export type TControlEvidenceList = z.infer<typeof ZControlEvidenceList>;

/** The fields every new item has, link or file. */
const newEvidenceFields = {
  title: ZName,
  description: ZEvidenceText.optional(),
  collectedOn: ZDate,
  validUntil: ZDate.nullable().optional(),
  /** Controls to link at once (contributors: only the controls they own). */
  controlIds: ZControlIds.optional(),
};

/** `POST /api/v1/evidence` (JSON): a link. */
export const ZCreateEvidenceLinkRequest = z.object({ ...newEvidenceFields, url: ZEvidenceUrl });
export type TCreateEvidenceLinkRequest = z.infer<typeof ZCreateEvidenceLinkRequest>;

/**
 * The text fields of `POST /api/v1/evidence/files` (multipart/form-data, beside the `file` field):
 * `controlIds` repeated once per control; an empty `validUntil` or `description` is the same as none.
 */
export const ZEvidenceUploadFields = z.object(newEvidenceFields);
export type TEvidenceUploadFields = z.infer<typeof ZEvidenceUploadFields>;

/** A change of an item's description: only the fields sent change; `version` is the one you read. */
export const ZUpdateEvidenceRequest = z.object({
  version: z.number().int().min(1),
  title: ZName.optional(),
  description: ZEvidenceText.optional(),
  /** Links only: a file item keeps its file (add a new item for a new file). */
  url: ZEvidenceUrl.optional(),
  collectedOn: ZDate.optional(),
  validUntil: ZDate.nullable().optional(),
});
export type TUpdateEvidenceRequest = z.infer<typeof ZUpdateEvidenceRequest>;

/** The complete set of controls the item supports; `version` is the item's, as you read it. */
export const ZSetEvidenceControlsRequest = z.object({
  version: z.number().int().min(1),
  controlIds: ZControlIds,
});
export type TSetEvidenceControlsRequest = z.infer<typeof ZSetEvidenceControlsRequest>;

/** Evidence as another record (a control check's run) refers to it. */
export const ZEvidenceRef = z.object({
  id: ZId,
  key: z.string(),
  title: z.string(),
  kind: ZEvidenceKind,
  stale: z.boolean(),
  archived: z.boolean(),
});
export type TEvidenceRef = z.infer<typeof ZEvidenceRef>;
