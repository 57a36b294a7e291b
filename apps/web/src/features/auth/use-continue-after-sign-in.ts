import { useNavigate, useRouter } from '@tanstack/react-router';
import type { TSessionRestriction } from '@vigil/contracts';
import { useForgetSession } from './auth.queries.ts';
import { safeRedirect } from './safe-redirect.ts';

/**
 * After a new session starts (sign-in, setup, accepted invitation, MFA passed): forget everything
 * cached, then go to the pending MFA step or on to the page the user was heading for.
 */
export function useContinueAfterSignIn() {
  const navigate = useNavigate();
  const router = useRouter();
  const forgetSession = useForgetSession();
  return async (restriction: TSessionRestriction, redirectTo: string | undefined) => {
    forgetSession();
    const search = redirectTo ? { redirect: redirectTo } : {};
    if (restriction === 'mfa_challenge') await navigate({ to: '/mfa', search });
    else if (restriction === 'mfa_enrolment') await navigate({ to: '/mfa/setup', search });
    else await router.navigate({ href: safeRedirect(redirectTo) });
  };
}
