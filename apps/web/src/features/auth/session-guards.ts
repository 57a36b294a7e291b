import type { QueryClient } from '@tanstack/react-query';
import { type ParsedLocation, redirect } from '@tanstack/react-router';
import type { TMe, TPermission, TSessionRestriction } from '@vigil/contracts';
import type { ApiClient } from '../../api/client.ts';
import { meQueryOptions, setupStatusQueryOptions } from './auth.queries.ts';
import { safeRedirect } from './safe-redirect.ts';

/** What the guards need from the router context. */
export interface GuardContext {
  queryClient: QueryClient;
  apiClient: ApiClient;
}

/** Thrown by a route whose page the signed-in user's role may not open; the route error page explains it. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
}

/** The cached session when there is one (refreshed in the background once stale), else asks the server. */
function loadMe(context: GuardContext): Promise<TMe | null> {
  return context.queryClient.ensureQueryData({
    ...meQueryOptions(context.apiClient),
    revalidateIfStale: true,
  });
}

/** Where a session with a pending MFA step must go, keeping the page it was heading for. */
function restrictionRedirect(restriction: NonNullable<TSessionRestriction>, target: string | undefined) {
  const search = target && target !== '/' ? { redirect: target } : {};
  return restriction === 'mfa_challenge'
    ? redirect({ to: '/mfa', search })
    : redirect({ to: '/mfa/setup', search });
}

/**
 * Pages of the signed-in app. Nobody signed in: the setup page while the instance has no organisation,
 * else the sign-in page (with `?redirect=` back here). A pending MFA step: the MFA challenge or enrolment.
 */
export async function requireSession({
  context,
  location,
}: {
  context: GuardContext;
  location: ParsedLocation;
}): Promise<{ me: TMe }> {
  const me = await loadMe(context);
  if (!me) {
    const setup = await context.queryClient.fetchQuery(setupStatusQueryOptions(context.apiClient));
    if (setup.required) throw redirect({ to: '/setup' });
    throw redirect({ to: '/sign-in', search: location.href === '/' ? {} : { redirect: location.href } });
  }
  if (me.restriction) throw restrictionRedirect(me.restriction, location.href);
  return { me };
}

/** A page for holders of one permission; others get an explanation instead of a broken page. */
export function requireAbility(permission: TPermission) {
  return ({ context }: { context: { me: TMe } }): void => {
    if (!context.me.abilities.includes(permission)) throw new AccessDeniedError(permission);
  };
}

/** The sign-in page: someone already signed in goes on to where they were heading. */
export async function redirectIfSignedIn({
  context,
  search,
}: {
  context: GuardContext;
  search: { redirect?: string };
}): Promise<void> {
  const me = await loadMe(context);
  if (!me) return;
  if (me.restriction) throw restrictionRedirect(me.restriction, search.redirect);
  throw redirect({ href: safeRedirect(search.redirect) });
}

/** The MFA challenge and enrolment pages: only for a session whose next step they are. */
export function requireRestriction(expected: NonNullable<TSessionRestriction>) {
  return async ({
    context,
    search,
  }: {
    context: GuardContext;
    search: { redirect?: string };
  }): Promise<{ me: TMe }> => {
    const me = await loadMe(context);
    if (!me) throw redirect({ to: '/sign-in', search: search.redirect ? { redirect: search.redirect } : {} });
    if (me.restriction === expected) return { me };
    if (me.restriction) throw restrictionRedirect(me.restriction, search.redirect);
    // Nothing pending: enrolment of a signed-in user happens on the profile page.
    throw redirect({ href: safeRedirect(search.redirect, expected === 'mfa_enrolment' ? '/profile' : '/') });
  };
}

/** The setup page exists only while the instance has no organisation. */
export async function requireSetupPending({ context }: { context: GuardContext }): Promise<void> {
  const setup = await context.queryClient.fetchQuery(setupStatusQueryOptions(context.apiClient));
  if (!setup.required) throw redirect({ to: '/' });
}
