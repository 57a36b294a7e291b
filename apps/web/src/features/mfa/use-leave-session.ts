import { useNavigate } from '@tanstack/react-router';
import { useForgetSession, useSignOut } from '../auth/auth.queries.ts';

/** Signs out from a half-finished sign-in (MFA pending) and returns to the sign-in page. */
export function useLeaveSession() {
  const signOut = useSignOut();
  const forgetSession = useForgetSession();
  const navigate = useNavigate();
  return {
    isPending: signOut.isPending,
    leave: () =>
      signOut.mutate(undefined, {
        onSettled: () => {
          forgetSession();
          void navigate({ to: '/sign-in' });
        },
      }),
  };
}
