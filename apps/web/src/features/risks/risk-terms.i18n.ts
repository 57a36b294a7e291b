/** The risk vocabulary every risk page shows the same way (statuses, treatments, C/I/A, asset kinds). */
export const riskTermsEn = {
  status: {
    identified: 'Identified',
    assessed: 'Assessed',
    treatment_planned: 'Treatment planned',
    in_treatment: 'In treatment',
    accepted: 'Accepted',
    closed: 'Closed',
  },
  treatment: {
    mitigate: 'Mitigate',
    accept: 'Accept',
    avoid: 'Avoid',
    transfer: 'Transfer',
    none: 'Not chosen',
  },
  affects: {
    confidentiality: 'Confidentiality',
    integrity: 'Integrity',
    availability: 'Availability',
  },
  actionStatus: {
    planned: 'Planned',
    in_progress: 'In progress',
    done: 'Done',
    cancelled: 'Cancelled',
  },
  assetKind: {
    information: 'Information',
    system: 'System',
    service: 'Service',
    people: 'People',
    site: 'Site',
    supplier: 'Supplier',
  },
  classification: {
    public: 'Public',
    internal: 'Internal',
    confidential: 'Confidential',
    restricted: 'Restricted',
  },
  acceptor: {
    risk_owner: 'The risk owner',
  },
  staleReason: {
    rating_changed: 'The residual rating changed after acceptance',
    expired: 'The acceptance expired',
    methodology_changed: 'The methodology changed after acceptance',
  },
  inherent: 'Inherent',
  residual: 'Residual',
  likelihood: 'Likelihood',
  impact: 'Impact',
  level: 'Level',
} as const;
