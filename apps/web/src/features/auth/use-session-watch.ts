import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import type { TMe } from '@vigil/contracts';
import { useEffect } from 'react';
import { isApiError } from '../../api/client.ts';
import { authKeys } from './auth.queries.ts';

/** A 401 (the session ended) or a 403 naming a pending MFA step: the session must be looked up again. */
function endsSession(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.status === 401 || (error.status === 403 && typeof error.extensions.restriction === 'string'))
  );
}

/**
 * Keeps the signed-in app honest about its session: when any request finds the session ended (idle
 * timeout, revoked elsewhere) or restricted, `/me` is asked again; when that says nobody is signed in
 * (or an MFA step is pending) the route guards run again and send the user to sign-in or MFA.
 */
export function useSessionWatch(me: TMe | null | undefined): void {
  const queryClient = useQueryClient();
  const router = useRouter();

  useEffect(() => {
    const recheck = (error: unknown) => {
      if (endsSession(error)) void queryClient.invalidateQueries({ queryKey: authKeys.me() });
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') recheck(event.action.error);
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') recheck(event.action.error);
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient]);

  useEffect(() => {
    if (me === null || me?.restriction) void router.invalidate();
  }, [me, router]);
}
