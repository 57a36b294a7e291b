import { ROLES, type TAcceptor } from '@vigil/contracts';
import type { TFunction } from 'i18next';

/** Everyone a methodology level can name as its acceptor: the risk's owner, then the roles. */
export const ACCEPTORS: readonly TAcceptor[] = ['risk_owner', ...ROLES];

export function acceptorLabel(t: TFunction, acceptor: TAcceptor): string {
  return acceptor === 'risk_owner' ? t('riskTerms.acceptor.risk_owner') : t(`roles.${acceptor}`);
}
