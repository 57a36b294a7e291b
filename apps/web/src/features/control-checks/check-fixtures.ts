import type { TControlCheck, TControlCheckRun, TPerson } from '@vigil/contracts';
import { me, ORGANISATION } from '../../../test/identity.ts';
import { ACCESS_CONTROL } from '../controls/control-fixtures.ts';
import { addDays, todayIn } from '../risk-actions/days.ts';
import { ADA, GRACE } from '../risks/risk-detail-fixtures.ts';

/** Test data for the control checks: checks of A.5.15 relative to today, runs and the people who do them. */

export const TODAY = todayIn(ORGANISATION.timeZone);

export const A_5_15 = { id: ACCESS_CONTROL.id, key: ACCESS_CONTROL.key, title: ACCESS_CONTROL.title };

let next = 0;

/** An active check of A.5.15 assigned to Ada, due in 30 days and never run, unless `fields` say otherwise. */
export function check(fields: Partial<TControlCheck> & Pick<TControlCheck, 'title'>): TControlCheck {
  next += 1;
  return {
    id: `01936f4e-0000-7000-8000-${String(0xc00 + next).padStart(12, '0')}`,
    control: A_5_15,
    method: 'inspect',
    procedure: '',
    frequency: 'quarterly',
    assignee: ADA,
    nextDueOn: addDays(TODAY, 30),
    overdue: false,
    dueSoon: false,
    retiredAt: null,
    lastRun: null,
    openFollowUp: null,
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-01-05T08:00:00.000Z',
    version: 1,
    ...fields,
  };
}

/** Overdue, assigned to Grace; its last run was not effective and opened a follow-up. */
export const ACCESS_REVIEW = check({
  title: 'Quarterly review of administrator accounts',
  method: 'test',
  procedure: 'Compare the identity provider’s administrators with the approved list.',
  assignee: GRACE,
  nextDueOn: addDays(TODAY, -4),
  overdue: true,
  lastRun: { id: '01936f4e-0000-7000-8000-000000000d01', result: 'not_effective', performedOn: '2026-06-10' },
  openFollowUp: { runId: '01936f4e-0000-7000-8000-000000000d01', since: '2026-06-10' },
  version: 3,
});

/** Due within the week, assigned to Ada, last found effective. */
export const MFA_CHECK = check({
  title: 'MFA enforced for every account',
  method: 'automated',
  frequency: 'monthly',
  nextDueOn: addDays(TODAY, 3),
  dueSoon: true,
  lastRun: { id: '01936f4e-0000-7000-8000-000000000d02', result: 'effective', performedOn: '2026-10-01' },
});

export const RETIRED_CHECK = check({
  title: 'Badge audit of the old office',
  method: 'interview',
  frequency: 'yearly',
  retiredAt: '2026-03-01T09:00:00.000Z',
  nextDueOn: '2026-04-01',
});

export function run(
  fields: Partial<TControlCheckRun> & Pick<TControlCheckRun, 'id' | 'result'>,
): TControlCheckRun {
  return {
    checkId: ACCESS_REVIEW.id,
    notes: '',
    performedOn: '2026-06-10',
    performedBy: GRACE,
    evidence: [],
    followUpRequired: fields.result === 'not_effective',
    nextDueOn: '2026-09-10',
    recordedAt: '2026-06-10T15:00:00.000Z',
    ...fields,
  };
}

/** A member of Acme as `GET /api/v1/people` lists them; Ada is the signed-in user of `me()`. */
export function person(member: { id: string; name: string }, fields: Partial<TPerson> = {}): TPerson {
  const isMe = member.id === ADA.id;
  return {
    id: member.id,
    userId: isMe ? me().user.id : '01936f4e-0000-7000-8000-0000000000a2',
    name: member.name,
    email: isMe ? me().user.email : 'grace@acme.test',
    role: 'contributor',
    status: 'active',
    department: null,
    jobTitle: null,
    seniority: null,
    accessLevel: null,
    manager: null,
    expiresAt: null,
    mfaEnabled: false,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt: '2026-10-01T08:00:00.000Z',
    version: 1,
    ...fields,
  };
}
