import type {
  TAcceptanceStaleReason,
  TRiskAcceptanceState,
  TRiskActionStatus,
  TRiskActionWithRisk,
  TRiskStatus,
  TRiskSummary,
  TRiskTreatment,
} from '@vigil/contracts';
import { COLUMN_HEADERS, IMPORT_FIELDS, LIST_SEPARATOR, type RiskField } from './risk-import.ts';
import type { Sheet, SheetCell, SheetColumn } from './sheet.ts';

/** The sheets of the register's files, from what the services return: pure, no I/O. */

export const STATUS_LABELS: Record<TRiskStatus, string> = {
  identified: 'Identified',
  assessed: 'Assessed',
  treatment_planned: 'Treatment planned',
  in_treatment: 'In treatment',
  accepted: 'Accepted',
  closed: 'Closed',
};

export const TREATMENT_LABELS: Record<TRiskTreatment, string> = {
  mitigate: 'Mitigate',
  accept: 'Accept',
  avoid: 'Avoid',
  transfer: 'Transfer',
};

export const ACTION_STATUS_LABELS: Record<TRiskActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

const STALE_REASON_TEXT: Record<TAcceptanceStaleReason, string> = {
  rating_changed: 'rating changed',
  expired: 'expired',
  methodology_changed: 'methodology changed',
};

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** Why an acceptance is stale, in words: `rating changed, expired`. */
export const staleReasonsText = (reasons: readonly TAcceptanceStaleReason[]) =>
  reasons.map((r) => STALE_REASON_TEXT[r]).join(', ');

/** `none`, `accepted until 2027-03-31`, or `stale: rating changed, expired`. */
export function acceptanceText(state: TRiskAcceptanceState): string {
  if (!state.current) return 'none';
  if (state.stale) return `stale: ${staleReasonsText(state.staleReasons)}`;
  return `accepted until ${state.current.expiresOn}`;
}

// ---------------------------------------------------------------- the register

/** Widths in characters, for XLSX. */
const WIDTHS: Record<RiskField, number> = {
  key: 10,
  title: 40,
  threat: 40,
  vulnerability: 40,
  consequence: 40,
  category: 18,
  owner: 22,
  ownerEmail: 28,
  assets: 18,
  confidentiality: 15,
  integrity: 10,
  availability: 12,
  inherentLikelihood: 18,
  inherentImpact: 15,
  inherentLevel: 14,
  treatment: 12,
  residualLikelihood: 18,
  residualImpact: 15,
  residualLevel: 14,
  status: 18,
  nextReview: 12,
  reviewOverdue: 15,
  tags: 20,
  acceptance: 30,
  methodologyVersion: 20,
};

const LEVEL_FIELDS: readonly RiskField[] = ['inherentLevel', 'residualLevel'];

const columnsOf = (fields: readonly RiskField[]): SheetColumn[] =>
  fields.map((field) => ({
    header: COLUMN_HEADERS[field],
    width: WIDTHS[field],
    ...(LEVEL_FIELDS.includes(field) ? { level: true } : {}),
  }));

const REGISTER_FIELDS: readonly RiskField[] = [
  'key',
  'title',
  'threat',
  'vulnerability',
  'consequence',
  'category',
  'owner',
  'ownerEmail',
  'assets',
  'confidentiality',
  'integrity',
  'availability',
  'inherentLikelihood',
  'inherentImpact',
  'inherentLevel',
  'treatment',
  'residualLikelihood',
  'residualImpact',
  'residualLevel',
  'status',
  'nextReview',
  'reviewOverdue',
  'tags',
  'acceptance',
  'methodologyVersion',
];

/** A risk of the register export, with what the register summary does not carry. */
export interface RegisterEntry {
  risk: TRiskSummary;
  ownerEmail: string;
  /** Keys of the linked assets (`ASSET-3`). */
  assetKeys: readonly string[];
}

function registerCells(entry: RegisterEntry): Record<RiskField, SheetCell> {
  const { risk } = entry;
  return {
    key: risk.key,
    title: risk.title,
    threat: risk.threat,
    vulnerability: risk.vulnerability,
    consequence: risk.consequence,
    category: risk.category,
    owner: risk.owner.name,
    ownerEmail: entry.ownerEmail,
    assets: entry.assetKeys.join(LIST_SEPARATOR),
    confidentiality: yesNo(risk.affects.confidentiality),
    integrity: yesNo(risk.affects.integrity),
    availability: yesNo(risk.affects.availability),
    inherentLikelihood: risk.inherent.likelihood,
    inherentImpact: risk.inherent.impact,
    inherentLevel: risk.inherent.level,
    treatment: risk.treatment && TREATMENT_LABELS[risk.treatment],
    residualLikelihood: risk.residual?.likelihood ?? null,
    residualImpact: risk.residual?.impact ?? null,
    residualLevel: risk.residual?.level ?? null,
    status: STATUS_LABELS[risk.status],
    nextReview: risk.nextReviewOn,
    reviewOverdue: yesNo(risk.reviewOverdue),
    tags: risk.tags.join(LIST_SEPARATOR),
    acceptance: acceptanceText(risk.acceptance),
    methodologyVersion: risk.methodologyVersion,
  };
}

/** The register: one row per risk, every column an import reads plus the computed ones. */
export function registerSheet(entries: readonly RegisterEntry[]): Sheet {
  return {
    name: 'Risk register',
    columns: columnsOf(REGISTER_FIELDS),
    rows: entries.map((entry) => {
      const cells = registerCells(entry);
      return REGISTER_FIELDS.map((field) => cells[field]);
    }),
  };
}

// ---------------------------------------------------------------- treatment plans

/** An action of the treatment-plan export, with its owner's email. */
export interface ActionEntry {
  action: TRiskActionWithRisk;
  ownerEmail: string;
}

/** The treatment plans: one row per action, with the risk it treats. */
export function actionsSheet(entries: readonly ActionEntry[]): Sheet {
  return {
    name: 'Treatment plans',
    columns: [
      { header: 'Risk key', width: 10 },
      { header: 'Risk title', width: 40 },
      { header: 'Action', width: 40 },
      { header: 'Description', width: 50 },
      { header: 'Owner', width: 22 },
      { header: 'Owner email', width: 28 },
      { header: 'Due date', width: 12 },
      { header: 'Status', width: 12 },
      { header: 'Overdue', width: 10 },
      { header: 'Completion note', width: 40 },
      { header: 'Evidence link', width: 40 },
    ],
    rows: entries.map(({ action, ownerEmail }) => [
      action.risk.key,
      action.risk.title,
      action.title,
      action.description,
      action.owner.name,
      ownerEmail,
      action.dueOn,
      ACTION_STATUS_LABELS[action.status],
      yesNo(action.overdue),
      action.completionNote,
      action.evidenceUrl,
    ]),
  };
}

// ---------------------------------------------------------------- the import template

/** The import columns with one example row, owned by `ownerEmail` (the person downloading it). */
export function templateSheet(ownerEmail: string): Sheet {
  const example: Record<(typeof IMPORT_FIELDS)[number], SheetCell> = {
    title: 'Phishing of support staff',
    threat: 'Attackers send convincing emails to the helpdesk',
    vulnerability: 'Passwords can be reset without calling the person back',
    consequence: 'Account takeover and exposure of citizens’ submissions',
    category: 'People',
    ownerEmail,
    assets: '',
    confidentiality: 'yes',
    integrity: 'yes',
    availability: 'no',
    inherentLikelihood: 3,
    inherentImpact: 3,
    treatment: TREATMENT_LABELS.mitigate,
    residualLikelihood: 2,
    residualImpact: 2,
    status: STATUS_LABELS.treatment_planned,
    tags: ['people', 'helpdesk'].join(LIST_SEPARATOR),
  };
  return {
    name: 'Risks to import',
    columns: columnsOf(IMPORT_FIELDS),
    rows: [IMPORT_FIELDS.map((field) => example[field])],
  };
}
