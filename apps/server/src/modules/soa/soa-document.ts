import type {
  TControlApplicability,
  TControlTheme,
  TImplementationStatus,
  TInclusionReason,
  TRole,
  TSoaEntry,
  TSoaHealthStatus,
  TSoaSummary,
  TSoaWarning,
  TSoaWarningKind,
} from '@vigil/contracts';
import { localDateTime } from '../risk-files/pdf-report.ts';

/**
 * The Statement of Applicability as a document for a certification auditor, whichever the file format:
 * the lines of its title block and its table of controls as text. Pure, no I/O.
 */

export interface SoaDocument {
  organisationName: string;
  /** The organisation's time zone (IANA), in which times are written. */
  timeZone: string;
  generatedAt: Date;
  generatedBy: string;
  /** The published version, or null for the current SoA (a draft). */
  version: {
    number: number;
    approvedBy: string;
    approverRole: TRole;
    approvedAt: string;
    approvalNote: string;
  } | null;
  summary: TSoaSummary;
  /** The current SoA's completeness warnings, or the ones a version's approver acknowledged. */
  warnings: readonly TSoaWarning[];
  entries: readonly TSoaEntry[];
}

export const DOCUMENT_TITLE = 'Statement of Applicability';

export const THEME_LABELS: Record<TControlTheme, string> = {
  organisational: 'Organisational',
  people: 'People',
  physical: 'Physical',
  technological: 'Technological',
};

export const APPLICABILITY_LABELS: Record<TControlApplicability, string> = {
  applicable: 'Yes',
  not_applicable: 'No',
  undecided: 'Undecided',
};

export const INCLUSION_REASON_LABELS: Record<TInclusionReason, string> = {
  risk_treatment: 'Risk treatment',
  legal_regulatory: 'Legal or regulatory requirement',
  contractual: 'Contractual requirement',
  business_need: 'Business need',
};

export const STATUS_LABELS: Record<TImplementationStatus, string> = {
  not_started: 'Not started',
  planned: 'Planned',
  partially_implemented: 'Partially implemented',
  implemented: 'Implemented',
  inherited: 'Inherited',
};

export const HEALTH_LABELS: Record<TSoaHealthStatus, string> = {
  effective: 'Effective',
  partly_effective: 'Partly effective',
  not_effective: 'Not effective',
};

export const WARNING_LABELS: Record<TSoaWarningKind, string> = {
  undecided: 'Undecided',
  exclusion_unjustified: 'Exclusion not justified',
  inclusion_unjustified: 'Inclusion not justified',
  risk_treatment_without_risks: 'Risk treatment without risks',
  implementation_unscheduled: 'No target date',
  risk_without_control: 'Mitigated risk without a control',
};

/** The table's columns: a header and the share of the page width it takes in the PDF. */
export const SOA_COLUMNS = [
  { header: 'Control', share: 0.06, width: 10 },
  { header: 'Title', share: 0.145, width: 40 },
  { header: 'Theme', share: 0.08, width: 15 },
  { header: 'Applicable', share: 0.07, width: 11 },
  { header: 'Justification', share: 0.175, width: 50 },
  { header: 'Status', share: 0.09, width: 22 },
  { header: 'Description', share: 0.16, width: 50 },
  { header: 'Owner', share: 0.07, width: 20 },
  { header: 'Linked risks', share: 0.08, width: 30 },
  { header: 'Last check', share: 0.07, width: 16 },
] as const;

/** Why the control is included (reasons, then the note), or why it is excluded. */
export function justificationText(entry: TSoaEntry): string {
  if (entry.applicability === 'not_applicable') return entry.exclusionJustification ?? '';
  const reasons = entry.inclusionReasons.map((r) => INCLUSION_REASON_LABELS[r]).join('; ');
  return [reasons, entry.inclusionNote ?? ''].filter((part) => part.length > 0).join('\n');
}

export function statusText(entry: TSoaEntry): string {
  return entry.implementationStatus === 'inherited' && entry.inheritedFrom !== null
    ? `Inherited from ${entry.inheritedFrom}`
    : STATUS_LABELS[entry.implementationStatus];
}

/** A custom control's own description, then how the organisation implements the control. */
export function descriptionText(entry: TSoaEntry): string {
  return [entry.description, entry.implementationDescription].filter((part) => part.length > 0).join('\n');
}

/** One row of the table, in the columns' order. */
export function rowOf(entry: TSoaEntry): string[] {
  return [
    entry.key,
    entry.title,
    THEME_LABELS[entry.theme],
    APPLICABILITY_LABELS[entry.applicability],
    justificationText(entry),
    statusText(entry),
    descriptionText(entry),
    entry.owner?.name ?? '',
    entry.risks.map((r) => `${r.key} ${r.title}`).join('\n'),
    entry.health ? `${HEALTH_LABELS[entry.health.status]} on ${entry.health.lastCheckedOn}` : '',
  ];
}

const roleText = (role: string) => role.replaceAll('_', ' ');

/** The title block's lines after the title and organisation: version or draft, generation, counts. */
export function headerLines(doc: SoaDocument): string[] {
  const at = (date: Date) => `${localDateTime(date, doc.timeZone)} (${doc.timeZone})`;
  const lines: string[] = [];
  if (doc.version) {
    const v = doc.version;
    lines.push(
      `Version ${v.number}, approved by ${v.approvedBy} (${roleText(v.approverRole)}) on ${at(new Date(v.approvedAt))}`,
    );
    if (v.approvalNote) lines.push(`Approval note: ${v.approvalNote}`);
  } else lines.push('Draft — not published');
  lines.push(`Generated ${at(doc.generatedAt)} by ${doc.generatedBy}`);
  const s = doc.summary;
  lines.push(
    `Controls: ${s.controls} (${s.annexA} from Annex A, ${s.custom} of the organisation's own); applicable ${s.applicable}, not applicable ${s.notApplicable}, undecided ${s.undecided}`,
    `Of the applicable controls: implemented ${s.implementation.implemented}, inherited ${s.implementation.inherited}, partially implemented ${s.implementation.partially_implemented}, planned ${s.implementation.planned}, not started ${s.implementation.not_started}`,
    doc.version
      ? `Completeness warnings acknowledged by the approver: ${doc.warnings.length}`
      : `Completeness warnings: ${doc.warnings.length}`,
  );
  return lines;
}

/** The file name without extension: `statement-of-applicability-v3` or `...-draft-2026-03-15`. */
export function basenameOf(doc: SoaDocument, today: string): string {
  return doc.version
    ? `statement-of-applicability-v${doc.version.number}`
    : `statement-of-applicability-draft-${today}`;
}
