import type { TMe, TPermission } from '@vigil/contracts';
import { createContext, type ReactNode, use } from 'react';

const MeContext = createContext<TMe | null>(null);

/** Provided by the app shell once the session is known; every signed-in page reads it. */
export function MeProvider({ me, children }: { me: TMe; children: ReactNode }) {
  return <MeContext value={me}>{children}</MeContext>;
}

/** The signed-in user, their organisation, role and abilities. Only inside the signed-in app. */
export function useMe(): TMe {
  const me = use(MeContext);
  if (!me) throw new Error('useMe must be used inside the signed-in app (<MeProvider>)');
  return me;
}

/** Whether the current role may do something: the SPA shows or hides actions by it (the server decides). */
export function useCan(): (permission: TPermission) => boolean {
  const me = useMe();
  return (permission) => me.abilities.includes(permission);
}
