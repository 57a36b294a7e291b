import { z } from 'zod';
import { ZId, ZTimestamp } from './common.ts';
import {
  ZControlApplicability,
  ZControlRiskLink,
  ZControlSource,
  ZControlTheme,
  ZImplementationStatus,
  ZInclusionReason,
} from './controls.ts';
import { ZRole } from './permissions.ts';

/**
 * The Statement of Applicability (ISO/IEC 27001 6.1.3 d): every control of the register with whether it
 * applies and why, whether it is implemented, who owns it and which risks it treats, with the gaps the
 * standard asks about (6.1.3 c-d) as completeness warnings. Publishing freezes a numbered version with its
 * approver; versions are listed, compared and exported (XLSX, PDF) for a certification auditor.
 */

// ---------------------------------------------------------------- one row

/** The result of a control check (9.1), as the last run recorded it. */
export const SOA_HEALTH_STATUSES = ['effective', 'partly_effective', 'not_effective'] as const;
export type TSoaHealthStatus = (typeof SOA_HEALTH_STATUSES)[number];
export const ZSoaHealthStatus = z.enum(SOA_HEALTH_STATUSES);

/**
 * How the control fared when it was last checked: its control health's `result` and `lastCheckedOn`
 * (see `ZControlHealth`). Null while none of the control's active checks has run.
 */
export const ZSoaHealth = z.object({
  status: ZSoaHealthStatus,
  /** YYYY-MM-DD of the last check run. */
  lastCheckedOn: z.iso.date(),
});
export type TSoaHealth = z.infer<typeof ZSoaHealth>;

/** One control as the Statement of Applicability shows it; a published version freezes exactly this. */
export const ZSoaEntry = z.object({
  controlId: ZId,
  /** `A.5.1` for an Annex A control, `VC-3` for the organisation's own. */
  key: z.string(),
  source: ZControlSource,
  title: z.string(),
  theme: ZControlTheme,
  /** What a custom control is; empty for Annex A controls. */
  description: z.string(),
  applicability: ZControlApplicability,
  inclusionReasons: z.array(ZInclusionReason),
  inclusionNote: z.string().nullable(),
  exclusionJustification: z.string().nullable(),
  implementationStatus: ZImplementationStatus,
  inheritedFrom: z.string().nullable(),
  /** How the organisation implements the control, in its own words. */
  implementationDescription: z.string(),
  owner: z.object({ id: ZId, name: z.string() }).nullable(),
  targetDate: z.iso.date().nullable(),
  /** The risks the control treats, by key, with their status and treatment at the time. */
  risks: z.array(ZControlRiskLink),
  health: ZSoaHealth.nullable(),
});
export type TSoaEntry = z.infer<typeof ZSoaEntry>;

// ---------------------------------------------------------------- completeness (6.1.3 c-d)

/**
 * - `undecided`: nobody has decided whether the control applies.
 * - `exclusion_unjustified`: not applicable without an exclusion justification.
 * - `inclusion_unjustified`: applicable without a reason for including it.
 * - `risk_treatment_without_risks`: included for risk treatment, but no risk is linked.
 * - `implementation_unscheduled`: applicable, not started or only planned, and no target date.
 * - `risk_without_control`: an open risk treated by mitigation that no control (other than excluded ones)
 *   treats.
 */
export const SOA_WARNING_KINDS = [
  'undecided',
  'exclusion_unjustified',
  'inclusion_unjustified',
  'risk_treatment_without_risks',
  'implementation_unscheduled',
  'risk_without_control',
] as const;
export type TSoaWarningKind = (typeof SOA_WARNING_KINDS)[number];
export const ZSoaWarningKind = z.enum(SOA_WARNING_KINDS);

export const ZSoaWarning = z.object({
  kind: ZSoaWarningKind,
  /** The control or risk the warning is about. */
  subject: z.object({ type: z.enum(['control', 'risk']), id: ZId, key: z.string() }),
  /** What is missing and how to fix it, written for the person completing the SoA. */
  message: z.string(),
});
export type TSoaWarning = z.infer<typeof ZSoaWarning>;

/** Counts over the controls. Implementation counts are over the applicable controls only. */
export const ZSoaSummary = z.object({
  controls: z.number().int(),
  annexA: z.number().int(),
  custom: z.number().int(),
  applicable: z.number().int(),
  notApplicable: z.number().int(),
  undecided: z.number().int(),
  implementation: z.object({
    not_started: z.number().int(),
    planned: z.number().int(),
    partially_implemented: z.number().int(),
    implemented: z.number().int(),
    inherited: z.number().int(),
  }),
  warnings: z.number().int(),
});
export type TSoaSummary = z.infer<typeof ZSoaSummary>;

// ---------------------------------------------------------------- the current SoA

/** A row of the current SoA: its entry, plus the control's version for an edit (`PATCH /controls/{id}`). */
export const ZSoaCurrentEntry = ZSoaEntry.extend({ controlVersion: z.number().int() });
export type TSoaCurrentEntry = z.infer<typeof ZSoaCurrentEntry>;

export const ZSoa = z.object({
  /** The last published version's number; null before the first. */
  latestVersion: z.number().int().nullable(),
  summary: ZSoaSummary,
  /** By control key (Annex A in natural order, then custom controls), then risk key. */
  warnings: z.array(ZSoaWarning),
  /** Every control, in key order. */
  items: z.array(ZSoaCurrentEntry),
});
export type TSoa = z.infer<typeof ZSoa>;

// ---------------------------------------------------------------- versions

export const ZSoaVersionSummary = z.object({
  id: ZId,
  /** Per organisation: 1, 2, 3... */
  number: z.number().int(),
  /** Who approved it, as they were then. */
  approvedBy: z.object({ id: ZId, name: z.string(), role: ZRole }),
  approvedAt: ZTimestamp,
  approvalNote: z.string(),
  summary: ZSoaSummary,
  /** The completeness warnings the approver acknowledged when publishing (empty for a complete SoA). */
  acknowledgedWarnings: z.array(ZSoaWarning),
});
export type TSoaVersionSummary = z.infer<typeof ZSoaVersionSummary>;

/** A published version with every control as it was when it was published; later edits never change it. */
export const ZSoaVersion = ZSoaVersionSummary.extend({ items: z.array(ZSoaEntry) });
export type TSoaVersion = z.infer<typeof ZSoaVersion>;

/** Newest first. */
export const ZSoaVersionList = z.object({ items: z.array(ZSoaVersionSummary) });
export type TSoaVersionList = z.infer<typeof ZSoaVersionList>;

/**
 * Publish the current SoA as the next version. With completeness warnings it is refused (422, the warnings
 * in `warnings`) unless `acknowledgeWarnings` is true; the version then records the warnings acknowledged.
 */
export const ZPublishSoaRequest = z.object({
  approvalNote: z.string().trim().max(4000, 'Use at most 4000 characters').optional(),
  acknowledgeWarnings: z.boolean().optional(),
});
export type TPublishSoaRequest = z.infer<typeof ZPublishSoaRequest>;

export const ZSoaCompareQuery = z.object({ from: ZId, to: ZId });
export type TSoaCompareQuery = z.infer<typeof ZSoaCompareQuery>;

/** The fields whose change a comparison reports. */
export const SOA_COMPARED_FIELDS = [
  'title',
  'applicability',
  'inclusionReasons',
  'inclusionNote',
  'exclusionJustification',
  'implementationStatus',
  'inheritedFrom',
  'implementationDescription',
  'owner',
  'targetDate',
  'risks',
] as const;
export type TSoaComparedField = (typeof SOA_COMPARED_FIELDS)[number];
export const ZSoaComparedField = z.enum(SOA_COMPARED_FIELDS);

export const ZSoaComparison = z.object({
  from: ZSoaVersionSummary,
  to: ZSoaVersionSummary,
  /** In `to` only: controls added since (the organisation's own). */
  added: z.array(ZSoaEntry),
  /** In `from` only. */
  removed: z.array(ZSoaEntry),
  /** In both, with at least one compared field changed (risks: by key); in key order. */
  changed: z.array(
    z.object({
      controlId: ZId,
      key: z.string(),
      fields: z.array(ZSoaComparedField),
      from: ZSoaEntry,
      to: ZSoaEntry,
    }),
  ),
  unchanged: z.number().int(),
});
export type TSoaComparison = z.infer<typeof ZSoaComparison>;

// ---------------------------------------------------------------- exports

export const SOA_EXPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type TSoaExportFormat = (typeof SOA_EXPORT_FORMATS)[number];

export const ZSoaExportQuery = z.object({
  format: z.enum(SOA_EXPORT_FORMATS, { error: 'Choose xlsx or pdf' }),
});
export type TSoaExportQuery = z.infer<typeof ZSoaExportQuery>;
