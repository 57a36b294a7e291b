import type { TEvidence } from '@vigil/contracts';
import { useCan } from '../auth/me-context.tsx';
import { useMyMembershipId } from '../risks/risk-detail.queries.ts';

/**
 * What the signed-in person may do with evidence, to show or hide its actions (as the server's evidence
 * policy; the server decides and refuses anything else with a 403 the page shows). `evidence:manage`
 * covers every item and control; `evidence:upload` alone adds items, edits and archives the items its
 * holder added, and links items only to or from the controls they own.
 */
export function useEvidenceAccess() {
  const can = useCan();
  const manage = can('evidence:manage');
  const upload = can('evidence:upload');
  const myMembershipId = useMyMembershipId(upload && !manage);
  const mine = (membershipId: string | null) => myMembershipId !== null && myMembershipId === membershipId;
  return {
    mayAdd: manage || upload,
    mayEdit: (evidence: TEvidence) => manage || (upload && mine(evidence.uploadedBy.id)),
    mayLink: manage || upload,
    /** Whether the person may add or remove this control from an item's controls. */
    mayLinkControl: (control: { owner: { id: string } | null }) =>
      manage || (upload && mine(control.owner?.id ?? null)),
    /** Contributors see only their own controls in the pickers. */
    ownControlsOnly: !manage,
  };
}
