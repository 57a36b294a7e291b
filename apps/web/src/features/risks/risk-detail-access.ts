import type { TRisk, TRiskAcceptance, TRiskAction, TRole } from '@vigil/contracts';
import { useCan, useMe } from '../auth/me-context.tsx';
import { useMyMembershipId } from './risk-detail.queries.ts';

/** The roles that hold `risk:update` only for the risks and actions they own (as the server's risks policy). */
const OWN_RISKS_ONLY: readonly TRole[] = ['contributor'];

/**
 * What the signed-in person may do with a risk, to show or hide its actions. The server decides and
 * refuses anything else with a 403 the page shows; a closed risk must be reopened before any change.
 */
export function useRiskAccess(risk: TRisk) {
  const me = useMe();
  const can = useCan();
  const ownOnly = me.role !== null && OWN_RISKS_ONLY.includes(me.role);
  const myMembershipId = useMyMembershipId(ownOnly);
  const mine = (membershipId: string) => myMembershipId !== null && myMembershipId === membershipId;
  const open = risk.status !== 'closed';
  const mayChange = can('risk:update') && (!ownOnly || mine(risk.owner.id));
  return {
    /** Edit, close and reopen the risk. */
    mayEdit: mayChange && open,
    mayTransition: mayChange,
    /** Plan actions for the risk. */
    mayAddAction: mayChange && open,
    mayEditAction: (action: TRiskAction) =>
      open && (mayChange || (can('risk:update') && mine(action.owner.id))),
    /** The methodology decides the authority per level; the server explains a refusal. */
    mayAccept: can('risk:accept') && open,
    mayWithdraw: (acceptance: TRiskAcceptance) =>
      can('risk:accept') && (mayChange || mine(acceptance.acceptedBy.id)),
  };
}
