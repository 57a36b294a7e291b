import { z } from 'zod';
import { ZId, ZName, ZTimestamp } from './common.ts';
import { ZControlHealth } from './control-checks.ts';
import { ZRiskStatus, ZRiskTreatment } from './risks.ts';

/**
 * The control register (ISO/IEC 27001 6.1.3 b-d, Annex A): the 93 Annex A 2022 controls every
 * organisation starts with, and its own controls; for each, whether it applies and why, whether it is
 * implemented, who owns it and which risks it treats. The Statement of Applicability is built from it.
 */

// ---------------------------------------------------------------- vocabulary (ISO/IEC 27002:2022 attributes)

export const CONTROL_THEMES = ['organisational', 'people', 'physical', 'technological'] as const;
export type TControlTheme = (typeof CONTROL_THEMES)[number];
export const ZControlTheme = z.enum(CONTROL_THEMES);

export const CONTROL_TYPES = ['preventive', 'detective', 'corrective'] as const;
export type TControlType = (typeof CONTROL_TYPES)[number];
export const ZControlType = z.enum(CONTROL_TYPES);

export const SECURITY_PROPERTIES = ['confidentiality', 'integrity', 'availability'] as const;
export type TSecurityProperty = (typeof SECURITY_PROPERTIES)[number];
export const ZSecurityProperty = z.enum(SECURITY_PROPERTIES);

export const CYBERSECURITY_CONCEPTS = ['identify', 'protect', 'detect', 'respond', 'recover'] as const;
export type TCybersecurityConcept = (typeof CYBERSECURITY_CONCEPTS)[number];
export const ZCybersecurityConcept = z.enum(CYBERSECURITY_CONCEPTS);

export const OPERATIONAL_CAPABILITIES = [
  'governance',
  'asset_management',
  'information_protection',
  'human_resource_security',
  'physical_security',
  'system_and_network_security',
  'application_security',
  'secure_configuration',
  'identity_and_access_management',
  'threat_and_vulnerability_management',
  'continuity',
  'supplier_relationships_security',
  'legal_and_compliance',
  'information_security_event_management',
  'information_security_assurance',
] as const;
export type TOperationalCapability = (typeof OPERATIONAL_CAPABILITIES)[number];
export const ZOperationalCapability = z.enum(OPERATIONAL_CAPABILITIES);

/** "defence" keeps the ISO spelling. */
export const SECURITY_DOMAINS = ['governance_and_ecosystem', 'protection', 'defence', 'resilience'] as const;
export type TSecurityDomain = (typeof SECURITY_DOMAINS)[number];
export const ZSecurityDomain = z.enum(SECURITY_DOMAINS);

/** The attribute tags of a control; each list in the vocabulary's order, each value once. */
export const ZControlAttributes = z.object({
  controlTypes: z.array(ZControlType).max(CONTROL_TYPES.length),
  properties: z.array(ZSecurityProperty).max(SECURITY_PROPERTIES.length),
  concepts: z.array(ZCybersecurityConcept).max(CYBERSECURITY_CONCEPTS.length),
  capabilities: z.array(ZOperationalCapability).max(OPERATIONAL_CAPABILITIES.length),
  domains: z.array(ZSecurityDomain).max(SECURITY_DOMAINS.length),
});
export type TControlAttributes = z.infer<typeof ZControlAttributes>;

// ---------------------------------------------------------------- the Statement of Applicability's fields

/** `annex_a`: one of the 93 Annex A 2022 controls (key `A.5.1`); `custom`: the organisation's own (`VC-3`). */
export const CONTROL_SOURCES = ['annex_a', 'custom'] as const;
export type TControlSource = (typeof CONTROL_SOURCES)[number];
export const ZControlSource = z.enum(CONTROL_SOURCES);

/** Every control starts `undecided`; `not_applicable` needs an exclusion justification. */
export const CONTROL_APPLICABILITIES = ['undecided', 'applicable', 'not_applicable'] as const;
export type TControlApplicability = (typeof CONTROL_APPLICABILITIES)[number];
export const ZControlApplicability = z.enum(CONTROL_APPLICABILITIES);

/** Why a control is included (6.1.3 d); `risk_treatment` goes with the linked risks. */
export const INCLUSION_REASONS = [
  'risk_treatment',
  'legal_regulatory',
  'contractual',
  'business_need',
] as const;
export type TInclusionReason = (typeof INCLUSION_REASONS)[number];
export const ZInclusionReason = z.enum(INCLUSION_REASONS);

/** `inherited`: implemented by a supplier (e.g. the hosting provider), named in `inheritedFrom`. */
export const IMPLEMENTATION_STATUSES = [
  'not_started',
  'planned',
  'partially_implemented',
  'implemented',
  'inherited',
] as const;
export type TImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];
export const ZImplementationStatus = z.enum(IMPLEMENTATION_STATUSES);

const ZControlText = z.string().trim().max(4000, 'Use at most 4000 characters');
const ZJustification = z.string().trim().min(1, 'Required').max(4000, 'Use at most 4000 characters');
const ZSupplier = z.string().trim().min(1, 'Required').max(200, 'Use at most 200 characters');
const ZInclusionReasons = z.array(ZInclusionReason).max(INCLUSION_REASONS.length);

// ---------------------------------------------------------------- controls

/** A risk the control treats. */
export const ZControlRiskLink = z.object({
  id: ZId,
  key: z.string(),
  title: z.string(),
  status: ZRiskStatus,
  treatment: ZRiskTreatment.nullable(),
});
export type TControlRiskLink = z.infer<typeof ZControlRiskLink>;

/** A control as the register lists it. */
export const ZControlSummary = z.object({
  id: ZId,
  /** `A.5.1` for an Annex A control, `VC-3` for the organisation's own. */
  key: z.string(),
  source: ZControlSource,
  /** Annex A controls keep their Annex A title, theme and attributes; custom ones are edited freely. */
  title: z.string(),
  /** What a custom control is; empty for Annex A controls. */
  description: z.string(),
  theme: ZControlTheme,
  attributes: ZControlAttributes,
  /** An Annex A control that is new in the 2022 edition. */
  newIn2022: z.boolean(),
  applicability: ZControlApplicability,
  inclusionReasons: z.array(ZInclusionReason),
  inclusionNote: z.string().nullable(),
  /** Always present when the control is not applicable. */
  exclusionJustification: z.string().nullable(),
  implementationStatus: ZImplementationStatus,
  /** The supplier the control is inherited from; present exactly when the status is `inherited`. */
  inheritedFrom: z.string().nullable(),
  /** How the organisation implements the control, in its own words. */
  implementationDescription: z.string(),
  /** A membership of the organisation; null while nobody is assigned. */
  owner: z.object({ id: ZId, name: z.string() }).nullable(),
  /** YYYY-MM-DD: when the control is due to be implemented. */
  targetDate: z.iso.date().nullable(),
  /** By key. */
  risks: z.array(ZControlRiskLink),
  /** How well the control works, from its checks and evidence (see `ZControlHealth`). */
  health: ZControlHealth,
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  version: z.number().int(),
});
export type TControlSummary = z.infer<typeof ZControlSummary>;

/** NIST references mapped to an Annex A control (partial correspondence, never equivalence). */
export const ZControlCrosswalk = z.object({
  /** NIST CSF 2.0 subcategories, e.g. `PR.AA-01`. */
  csf: z.array(z.object({ id: z.string(), label: z.string() })),
  /** NIST SP 800-53 Rev. 5 controls, e.g. `AC-2`. */
  sp80053: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type TControlCrosswalk = z.infer<typeof ZControlCrosswalk>;

/** A control with its crosswalk (empty for custom controls). */
export const ZControl = ZControlSummary.extend({ crosswalk: ZControlCrosswalk });
export type TControl = z.infer<typeof ZControl>;

/** The whole register at once, in key order (Annex A in natural order: A.5.2 before A.5.10, then VC-n). */
export const ZControlList = z.object({ items: z.array(ZControlSummary) });
export type TControlList = z.infer<typeof ZControlList>;

export const ZControlListQuery = z.object({
  source: ZControlSource.optional(),
  theme: ZControlTheme.optional(),
  applicability: ZControlApplicability.optional(),
  status: ZImplementationStatus.optional(),
  ownerId: ZId.optional(),
  controlType: ZControlType.optional(),
  property: ZSecurityProperty.optional(),
  concept: ZCybersecurityConcept.optional(),
  capability: ZOperationalCapability.optional(),
  domain: ZSecurityDomain.optional(),
  /** Controls linked to this risk. */
  riskId: ZId.optional(),
  /** Part of the key, title or implementation description, any case. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type TControlListQuery = z.infer<typeof ZControlListQuery>;

/** The fields of the Statement of Applicability, as a create or an edit sends them. */
const soaFields = {
  applicability: ZControlApplicability.optional(),
  inclusionReasons: ZInclusionReasons.optional(),
  inclusionNote: ZJustification.nullable().optional(),
  /** Required when the control is not applicable. */
  exclusionJustification: ZJustification.nullable().optional(),
  implementationStatus: ZImplementationStatus.optional(),
  /** Required when the status is `inherited`, and only then. */
  inheritedFrom: ZSupplier.nullable().optional(),
  implementationDescription: ZControlText.optional(),
  ownerId: ZId.nullable().optional(),
  targetDate: z.iso.date().nullable().optional(),
};

/** A custom control of the organisation (key `VC-n`). */
export const ZCreateControlRequest = z.object({
  title: ZName,
  description: ZControlText.optional(),
  theme: ZControlTheme,
  attributes: ZControlAttributes.partial().optional(),
  ...soaFields,
});
export type TCreateControlRequest = z.infer<typeof ZCreateControlRequest>;

/**
 * A change of a control: only the fields sent change, `null` clears one; `version` is the one you read.
 * Title, description, theme and attributes can be changed on custom controls only.
 */
export const ZUpdateControlRequest = z.object({
  version: z.number().int().min(1),
  title: ZName.optional(),
  description: ZControlText.optional(),
  theme: ZControlTheme.optional(),
  attributes: ZControlAttributes.partial().optional(),
  ...soaFields,
});
export type TUpdateControlRequest = z.infer<typeof ZUpdateControlRequest>;

/** The complete set of risks a control treats; `version` is the control's, as you read it. */
export const ZSetControlRisksRequest = z.object({
  version: z.number().int().min(1),
  riskIds: z.array(ZId).max(100, 'Link at most 100 risks'),
});
export type TSetControlRisksRequest = z.infer<typeof ZSetControlRisksRequest>;

// ---------------------------------------------------------------- NIST CSF 2.0 coverage

/**
 * How far the organisation's Annex A controls cover a CSF 2.0 subcategory. Of the mapped controls that
 * are not excluded: `covered` when every one is implemented (or inherited), `partial` when some are
 * implemented or partially implemented, `not_covered` otherwise; `not_mapped` when no Annex A control maps
 * to it (the ISMS clauses address it).
 */
export const COVERAGE_STATUSES = ['covered', 'partial', 'not_covered', 'not_mapped'] as const;
export type TCoverageStatus = (typeof COVERAGE_STATUSES)[number];
export const ZCoverageStatus = z.enum(COVERAGE_STATUSES);

export const CSF_FUNCTIONS = ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'] as const;
export type TCsfFunction = (typeof CSF_FUNCTIONS)[number];
export const ZCsfFunction = z.enum(CSF_FUNCTIONS);

export const ZCsfCoverageItem = z.object({
  /** `PR.AA-01`. */
  id: z.string(),
  function: ZCsfFunction,
  /** `PR.AA`. */
  category: z.string(),
  label: z.string(),
  status: ZCoverageStatus,
  /** The organisation's Annex A controls mapped to the subcategory, by key. */
  controls: z.array(
    z.object({
      controlId: ZId,
      key: z.string(),
      title: z.string(),
      applicability: ZControlApplicability,
      implementationStatus: ZImplementationStatus,
    }),
  ),
});
export type TCsfCoverageItem = z.infer<typeof ZCsfCoverageItem>;

export const ZCsfCoverage = z.object({
  /** How many subcategories have each status. */
  summary: z.object({
    covered: z.number().int(),
    partial: z.number().int(),
    not_covered: z.number().int(),
    not_mapped: z.number().int(),
  }),
  /** Every CSF 2.0 subcategory, by function (GV, ID, PR, DE, RS, RC), then id. */
  items: z.array(ZCsfCoverageItem),
});
export type TCsfCoverage = z.infer<typeof ZCsfCoverage>;
