import type { TControl, TControlHealth, TControlSummary, TCsfCoverage, TEvidence } from '@vigil/contracts';
import { ADA, GRACE } from '../risks/risk-detail-fixtures.ts';

/** Test data for the control pages: a few controls of each kind, evidence and a CSF coverage. */

export const NO_HEALTH: TControlHealth = {
  status: 'unchecked',
  result: null,
  lastCheckedOn: null,
  activeChecks: 0,
  overdueChecks: 0,
  openFollowUps: 0,
  evidence: 0,
  staleEvidence: 0,
};

const NO_ATTRIBUTES = { controlTypes: [], properties: [], concepts: [], capabilities: [], domains: [] };

let next = 0;

/** A control as the register lists it, undecided and not started unless `fields` say otherwise. */
export function controlSummary(
  fields: Partial<TControlSummary> & Pick<TControlSummary, 'key' | 'title'>,
): TControlSummary {
  next += 1;
  return {
    id: `01936f4e-0000-7000-8000-${String(0x900 + next).padStart(12, '0')}`,
    source: 'annex_a',
    description: '',
    theme: 'organisational',
    attributes: NO_ATTRIBUTES,
    newIn2022: false,
    applicability: 'undecided',
    inclusionReasons: [],
    inclusionNote: null,
    exclusionJustification: null,
    implementationStatus: 'not_started',
    inheritedFrom: null,
    implementationDescription: '',
    owner: null,
    targetDate: null,
    risks: [],
    health: NO_HEALTH,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt: '2026-10-02T08:00:00.000Z',
    version: 1,
    ...fields,
  };
}

export const RISK_LINK = {
  id: '01936f4e-0000-7000-8000-0000000000c1',
  key: 'RISK-7',
  title: 'Broken access control exposes citizen submissions',
  status: 'in_treatment',
  treatment: 'mitigate',
} as const;

export const POLICIES = controlSummary({
  key: 'A.5.1',
  title: 'Policies for information security',
  attributes: {
    controlTypes: ['preventive'],
    properties: ['confidentiality', 'integrity', 'availability'],
    concepts: ['identify'],
    capabilities: ['governance'],
    domains: ['governance_and_ecosystem', 'resilience'],
  },
  applicability: 'applicable',
  inclusionReasons: ['legal_regulatory', 'business_need'],
  implementationStatus: 'implemented',
  owner: GRACE,
  targetDate: '2026-12-31',
});

export const ACCESS_CONTROL = controlSummary({
  key: 'A.5.15',
  title: 'Access control',
  attributes: {
    controlTypes: ['preventive'],
    properties: ['confidentiality', 'integrity', 'availability'],
    concepts: ['protect'],
    capabilities: ['identity_and_access_management'],
    domains: ['protection'],
  },
  applicability: 'applicable',
  inclusionReasons: ['risk_treatment'],
  implementationStatus: 'partially_implemented',
  owner: ADA,
  risks: [{ ...RISK_LINK }],
  version: 4,
});

export const PERIMETER = controlSummary({
  key: 'A.7.1',
  title: 'Physical security perimeters',
  theme: 'physical',
  applicability: 'applicable',
  inclusionReasons: ['contractual'],
  implementationStatus: 'inherited',
  inheritedFrom: 'Hosting provider',
});

export const MONITORING = controlSummary({
  key: 'A.8.16',
  title: 'Monitoring activities',
  theme: 'technological',
  newIn2022: true,
  attributes: {
    controlTypes: ['detective', 'corrective'],
    properties: ['confidentiality', 'integrity', 'availability'],
    concepts: ['detect', 'respond'],
    capabilities: ['information_security_event_management'],
    domains: ['defence'],
  },
});

export const ELECTIONS = controlSummary({
  key: 'VC-1',
  title: 'Election-day freeze of changes',
  source: 'custom',
  theme: 'technological',
  description: 'No deployment in the week of an election run on the platform.',
});

/** A control with its crosswalk, as `GET /api/v1/controls/{id}` answers. */
export function control(summary: TControlSummary, crosswalk?: TControl['crosswalk']): TControl {
  return { ...summary, crosswalk: crosswalk ?? { csf: [], sp80053: [] } };
}

export const ACCESS_CONTROL_DETAIL = control(ACCESS_CONTROL, {
  csf: [
    {
      id: 'PR.AA-01',
      label: 'Identities and credentials for authorized users, services, and hardware are managed',
    },
    { id: 'PR.AA-05', label: 'Access permissions, entitlements, and authorizations are defined in a policy' },
  ],
  sp80053: [
    { id: 'AC-1', title: 'Policy and Procedures' },
    { id: 'AC-3', title: 'Access Enforcement' },
  ],
});

export function evidence(
  fields: Partial<TEvidence> & Pick<TEvidence, 'id' | 'key' | 'title' | 'kind'>,
): TEvidence {
  return {
    description: '',
    url: null,
    file: null,
    collectedOn: '2026-09-15',
    validUntil: null,
    stale: false,
    uploadedBy: ADA,
    controls: [{ id: ACCESS_CONTROL.id, key: ACCESS_CONTROL.key, title: ACCESS_CONTROL.title }],
    archivedAt: null,
    createdAt: '2026-09-15T08:00:00.000Z',
    updatedAt: '2026-09-15T08:00:00.000Z',
    version: 1,
    ...fields,
  };
}

export const COVERAGE: TCsfCoverage = {
  summary: { covered: 1, partial: 1, not_covered: 1, not_mapped: 1 },
  items: [
    {
      id: 'GV.OC-01',
      function: 'GV',
      category: 'GV.OC',
      label: 'The organizational mission is understood and informs cybersecurity risk management',
      status: 'not_mapped',
      controls: [],
    },
    {
      id: 'GV.PO-01',
      function: 'GV',
      category: 'GV.PO',
      label: 'Policy for managing cybersecurity risks is established',
      status: 'covered',
      controls: [
        {
          controlId: POLICIES.id,
          key: POLICIES.key,
          title: POLICIES.title,
          applicability: 'applicable',
          implementationStatus: 'implemented',
        },
      ],
    },
    {
      id: 'PR.AA-01',
      function: 'PR',
      category: 'PR.AA',
      label: 'Identities and credentials for authorized users, services, and hardware are managed',
      status: 'partial',
      controls: [
        {
          controlId: ACCESS_CONTROL.id,
          key: ACCESS_CONTROL.key,
          title: ACCESS_CONTROL.title,
          applicability: 'applicable',
          implementationStatus: 'partially_implemented',
        },
      ],
    },
    {
      id: 'DE.CM-01',
      function: 'DE',
      category: 'DE.CM',
      label: 'Networks and network services are monitored to find potentially adverse events',
      status: 'not_covered',
      controls: [
        {
          controlId: MONITORING.id,
          key: MONITORING.key,
          title: MONITORING.title,
          applicability: 'undecided',
          implementationStatus: 'not_started',
        },
      ],
    },
  ],
};
