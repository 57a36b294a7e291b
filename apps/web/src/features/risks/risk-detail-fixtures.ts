import {
  DEFAULT_METHODOLOGY,
  type TMethodology,
  type TRisk,
  type TRiskAcceptance,
  type TRiskAction,
} from '@vigil/contracts';

/** Test data for the risk pages: the default methodology, one risk, its actions and acceptances. */

export const ADA = { id: '01936f4e-0000-7000-8000-0000000000b1', name: 'Ada Lovelace' };
export const GRACE = { id: '01936f4e-0000-7000-8000-0000000000b2', name: 'Grace Hopper' };

export const METHODOLOGY: TMethodology = {
  id: '01936f4e-0000-7000-8000-0000000000f1',
  version: 2,
  current: true,
  createdAt: '2026-09-01T08:00:00.000Z',
  createdBy: ADA,
  ...DEFAULT_METHODOLOGY,
};

const level = (key: 'low' | 'medium' | 'high') => {
  const found = METHODOLOGY.levels.find((l) => l.key === key);
  if (!found) throw new Error(key);
  return { key: found.key, label: found.label, colour: found.colour };
};

export const LOW = level('low');
export const MEDIUM = level('medium');
export const HIGH = level('high');

export const RISK: TRisk = {
  id: '01936f4e-0000-7000-8000-0000000000c1',
  key: 'RISK-7',
  title: 'Broken access control exposes citizen submissions',
  threat: 'An attacker reads other users’ submissions',
  vulnerability: 'Object ids are not checked against the consultation',
  consequence: 'Personal data of citizens exposed',
  category: 'Access control',
  owner: GRACE,
  affects: { confidentiality: true, integrity: false, availability: false },
  methodologyVersion: 2,
  inherent: { likelihood: 4, impact: 4, level: HIGH },
  treatment: 'mitigate',
  residual: { likelihood: 2, impact: 3, level: MEDIUM },
  level: MEDIUM,
  status: 'in_treatment',
  nextReviewOn: '2027-03-01',
  reviewOverdue: false,
  tags: ['gdpr'],
  acceptance: { current: null, stale: false, staleReasons: [] },
  closedAt: null,
  createdAt: '2026-10-01T08:00:00.000Z',
  updatedAt: '2026-10-02T08:00:00.000Z',
  version: 3,
  assets: [
    {
      id: '01936f4e-0000-7000-8000-0000000000d1',
      key: 'ASSET-1',
      name: 'Citizen submissions',
      archived: false,
    },
  ],
  ratingHistory: [
    {
      id: '01936f4e-0000-7000-8000-000000000101',
      methodologyVersion: 2,
      inherent: { likelihood: 4, impact: 4, level: HIGH },
      residual: { likelihood: 2, impact: 3, level: MEDIUM },
      reason: 'Penetration test found the flaw',
      ratedBy: ADA,
      ratedAt: '2026-10-02T08:00:00.000Z',
    },
    {
      id: '01936f4e-0000-7000-8000-000000000102',
      methodologyVersion: 1,
      inherent: { likelihood: 2, impact: 4, level: MEDIUM },
      residual: null,
      reason: 'First assessment',
      ratedBy: null,
      ratedAt: '2026-10-01T08:00:00.000Z',
    },
  ],
  links: { controls: [] },
};

export function riskAction(overrides: Partial<TRiskAction> & Pick<TRiskAction, 'id' | 'title'>): TRiskAction {
  return {
    riskId: RISK.id,
    description: '',
    owner: GRACE,
    dueOn: '2026-12-01',
    status: 'planned',
    completionNote: null,
    evidenceUrl: null,
    completedAt: null,
    overdue: false,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt: '2026-10-01T08:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export const ACCEPTANCE: TRiskAcceptance = {
  id: '01936f4e-0000-7000-8000-000000000201',
  riskId: RISK.id,
  acceptedBy: ADA,
  acceptorRole: 'top_management',
  justification: 'Compensating monitoring is in place until the fix ships',
  methodologyVersion: 2,
  rating: { likelihood: 3, impact: 3, level: MEDIUM },
  acceptedAt: '2026-10-03T08:00:00.000Z',
  expiresOn: '2027-10-03',
  withdrawnAt: null,
};
