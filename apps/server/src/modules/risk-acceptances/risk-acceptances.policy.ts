import type { TAcceptor, TMethodologyInput, TRole } from '@vigil/contracts';
import { type Actor, can } from '../../authz/actor.ts';
import { mayAccept } from '../risks/risk-scoring.ts';
import { mayEditRisk } from '../risks/risks.policy.ts';

/**
 * Who may accept a risk: `risk:accept`, and the authority the methodology version the risk is rated with
 * gives the person's role for the level (or the risk owner, where the level lists `risk_owner`).
 */
export function mayAcceptRisk(
  actor: Actor,
  methodology: TMethodologyInput,
  levelKey: string,
  risk: { ownerId: string },
): boolean {
  if (!can(actor, 'risk:accept') || actor.role === null) return false;
  return mayAccept(methodology, levelKey, {
    role: actor.role,
    ownsRisk: actor.membershipId !== null && actor.membershipId === risk.ownerId,
  });
}

/** Who may withdraw an acceptance: the acceptor, or whoever may edit the risk. */
export function mayWithdraw(
  actor: Actor,
  acceptance: { acceptedBy: string },
  risk: { ownerId: string },
): boolean {
  if (!can(actor, 'risk:accept')) return false;
  return actor.membershipId === acceptance.acceptedBy || mayEditRisk(actor, risk);
}

const ACCEPTOR_NAMES: Record<TAcceptor, string> = {
  risk_owner: 'the risk owner',
  owner: 'the organisation owner',
  admin: 'an admin',
  security_officer: 'a security officer',
  top_management: 'top management',
  internal_auditor: 'an internal auditor',
  contributor: 'a contributor',
  employee: 'an employee',
  external_auditor: 'an external auditor',
} satisfies Record<TRole | 'risk_owner', string>;

/** "the risk owner, a security officer or top management". */
export function acceptorsText(acceptors: readonly TAcceptor[]): string {
  const names = acceptors.map((a) => ACCEPTOR_NAMES[a]);
  if (names.length === 0) return 'nobody';
  if (names.length === 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
