import { type Actor, can } from '../../authz/actor.ts';
import { mayEditControl } from '../controls/controls.policy.ts';

/**
 * Who may change which evidence. `evidence:manage` (security officers, admins) covers every item and
 * every link. `evidence:upload` (contributors) adds items, edits and archives only the items its holder
 * added, and links any item the holder can read, but only to or from the controls they may edit (the
 * controls policy: contributors, the controls they own), so reusing a report for one's own control
 * never touches anyone else's.
 */
export function mayEditEvidence(actor: Actor, evidence: { uploadedBy: string }): boolean {
  if (can(actor, 'evidence:manage')) return true;
  return (
    can(actor, 'evidence:upload') && actor.membershipId !== null && actor.membershipId === evidence.uploadedBy
  );
}

export function mayLinkControl(actor: Actor, control: { ownerId: string | null }): boolean {
  if (can(actor, 'evidence:manage')) return true;
  return can(actor, 'evidence:upload') && mayEditControl(actor, control);
}
