import {
  CONTROL_TYPES,
  CYBERSECURITY_CONCEPTS,
  INCLUSION_REASONS,
  OPERATIONAL_CAPABILITIES,
  SECURITY_DOMAINS,
  SECURITY_PROPERTIES,
  type TControl,
  type TControlAttributes,
  type TControlHealth,
  type TControlRiskLink,
  type TControlSummary,
  type TRiskControlLink,
  ZControlApplicability,
  ZControlTheme,
  ZImplementationStatus,
  ZRiskStatus,
  ZRiskTreatment,
} from '@vigil/contracts';
import { crosswalkOf } from '../../catalogue/annex-a.ts';
import { formatKey } from '../../db/keys.ts';
import type { CoverageControl } from './control-coverage.ts';
import type { ControlRow, RiskLinkRow } from './controls.repo.ts';

/** `A.5.1` for an Annex A control, `VC-3` for the organisation's own. */
export function controlKey(row: { annex_ref: string | null; key_number: number | null }): string {
  return row.annex_ref !== null ? `A.${row.annex_ref}` : formatKey('control', row.key_number ?? 0);
}

/** The values of `vocabulary` found in `values`, in the vocabulary's order, each once (unknown ones dropped). */
export function inVocabularyOrder<T extends string>(
  vocabulary: readonly T[],
  values: readonly string[],
): T[] {
  return vocabulary.filter((v) => values.includes(v));
}

function attributesOf(row: ControlRow): TControlAttributes {
  return {
    controlTypes: inVocabularyOrder(CONTROL_TYPES, row.control_types),
    properties: inVocabularyOrder(SECURITY_PROPERTIES, row.properties),
    concepts: inVocabularyOrder(CYBERSECURITY_CONCEPTS, row.concepts),
    capabilities: inVocabularyOrder(OPERATIONAL_CAPABILITIES, row.capabilities),
    domains: inVocabularyOrder(SECURITY_DOMAINS, row.domains),
  };
}

export function presentRiskLink(row: RiskLinkRow): TControlRiskLink {
  return {
    id: row.id,
    key: formatKey('risk', row.key_number),
    title: row.title,
    status: ZRiskStatus.parse(row.status),
    treatment: row.treatment === null ? null : ZRiskTreatment.parse(row.treatment),
  };
}

export function presentControlSummary(
  row: ControlRow,
  risks: readonly RiskLinkRow[],
  health: TControlHealth,
): TControlSummary {
  return {
    id: row.id,
    key: controlKey(row),
    source: row.annex_ref !== null ? 'annex_a' : 'custom',
    title: row.title,
    description: row.description,
    theme: ZControlTheme.parse(row.theme),
    attributes: attributesOf(row),
    newIn2022: row.new_in_2022,
    applicability: ZControlApplicability.parse(row.applicability),
    inclusionReasons: inVocabularyOrder(INCLUSION_REASONS, row.inclusion_reasons),
    inclusionNote: row.inclusion_note,
    exclusionJustification: row.exclusion_justification,
    implementationStatus: ZImplementationStatus.parse(row.implementation_status),
    inheritedFrom: row.inherited_from,
    implementationDescription: row.implementation_description,
    owner:
      row.owner_id !== null && row.owner_name !== null ? { id: row.owner_id, name: row.owner_name } : null,
    targetDate: row.target_on,
    risks: risks.map(presentRiskLink),
    health,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** A control with its NIST crosswalk (Annex A controls only). */
export function presentControl(
  row: ControlRow,
  risks: readonly RiskLinkRow[],
  health: TControlHealth,
): TControl {
  return { ...presentControlSummary(row, risks, health), crosswalk: crosswalkOf(row.annex_ref) };
}

/** A control as the CSF coverage lists it. */
export function presentCoverageControl(row: ControlRow): CoverageControl {
  return {
    controlId: row.id,
    key: controlKey(row),
    title: row.title,
    applicability: ZControlApplicability.parse(row.applicability),
    implementationStatus: ZImplementationStatus.parse(row.implementation_status),
  };
}

/** A control as a risk shows it. */
export function presentRiskControlLink(row: {
  id: string;
  annex_ref: string | null;
  key_number: number | null;
  title: string;
}): TRiskControlLink {
  return { controlId: row.id, key: controlKey(row), title: row.title };
}
