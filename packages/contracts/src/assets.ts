import { z } from 'zod';
import { ZId, ZName, ZTimestamp } from './common.ts';
import { ZPageQuery } from './people.ts';

/**
 * The asset inventory (ISO/IEC 27001 A.5.9): information and the assets that support it, with their
 * owner, classification and importance. Risks link to assets.
 */

export const ASSET_KINDS = ['information', 'system', 'service', 'people', 'site', 'supplier'] as const;
export type TAssetKind = (typeof ASSET_KINDS)[number];
export const ZAssetKind = z.enum(ASSET_KINDS);

export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export type TClassification = (typeof CLASSIFICATIONS)[number];
export const ZClassification = z.enum(CLASSIFICATIONS);

/** How much confidentiality, integrity or availability matters for an asset: 1 low, 2 medium, 3 high. */
export const ZImportance = z
  .number()
  .int('Use 1 (low), 2 (medium) or 3 (high)')
  .min(1, 'Use 1 (low), 2 (medium) or 3 (high)')
  .max(3, 'Use 1 (low), 2 (medium) or 3 (high)');

const ZLongText = z.string().trim().max(4000, 'Use at most 4000 characters');
const ZLocation = z.string().trim().min(1, 'Required').max(200, 'Use at most 200 characters');

export const ZAsset = z.object({
  id: ZId,
  /** Per organisation: `ASSET-3`. */
  key: z.string(),
  name: z.string(),
  kind: ZAssetKind,
  description: z.string(),
  /** The accountable person (a membership of the organisation); null while nobody is assigned. */
  owner: z.object({ id: ZId, name: z.string() }).nullable(),
  classification: ZClassification,
  /** Holds personal data (GDPR). */
  personalData: z.boolean(),
  /** Holds data of citizens (the public a government customer serves). */
  citizenData: z.boolean(),
  confidentiality: ZImportance,
  integrity: ZImportance,
  availability: ZImportance,
  location: z.string().nullable(),
  notes: z.string(),
  /** How many risks are linked to the asset. */
  riskCount: z.number().int(),
  archivedAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  version: z.number().int(),
});
export type TAsset = z.infer<typeof ZAsset>;

export const ZAssetList = z.object({ items: z.array(ZAsset), nextCursor: z.string().nullable() });
export type TAssetList = z.infer<typeof ZAssetList>;

/** Assets by name, a page at a time; archived assets only when asked for. */
export const ZAssetListQuery = ZPageQuery.extend({
  kind: ZAssetKind.optional(),
  classification: ZClassification.optional(),
  ownerId: ZId.optional(),
  personalData: z.stringbool().optional(),
  /** Part of the name or description, any case. */
  q: z.string().trim().min(1).max(200).optional(),
  includeArchived: z.stringbool().optional(),
});
export type TAssetListQuery = z.infer<typeof ZAssetListQuery>;

export const ZCreateAssetRequest = z.object({
  name: ZName,
  kind: ZAssetKind,
  description: ZLongText.optional(),
  ownerId: ZId.nullable().optional(),
  classification: ZClassification,
  personalData: z.boolean().optional(),
  citizenData: z.boolean().optional(),
  confidentiality: ZImportance,
  integrity: ZImportance,
  availability: ZImportance,
  location: ZLocation.nullable().optional(),
  notes: ZLongText.optional(),
});
export type TCreateAssetRequest = z.infer<typeof ZCreateAssetRequest>;

/** A change of an asset: only the fields sent change; `version` is the one you read. */
export const ZUpdateAssetRequest = z.object({
  version: z.number().int().min(1),
  name: ZName.optional(),
  kind: ZAssetKind.optional(),
  description: ZLongText.optional(),
  ownerId: ZId.nullable().optional(),
  classification: ZClassification.optional(),
  personalData: z.boolean().optional(),
  citizenData: z.boolean().optional(),
  confidentiality: ZImportance.optional(),
  integrity: ZImportance.optional(),
  availability: ZImportance.optional(),
  location: ZLocation.nullable().optional(),
  notes: ZLongText.optional(),
});
export type TUpdateAssetRequest = z.infer<typeof ZUpdateAssetRequest>;

/** Archiving or restoring carries the version you read, like an edit. */
export const ZVersionRequest = z.object({ version: z.number().int().min(1) });
export type TVersionRequest = z.infer<typeof ZVersionRequest>;
