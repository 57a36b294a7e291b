/**
 * The page to return to after signing in, from `?redirect=`. Only paths of this app are accepted: an
 * absolute or protocol-relative URL (`https://evil.example`, `//evil.example`, `/\evil.example`) would
 * turn the sign-in page into an open redirect.
 */
export function safeRedirect(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2000) return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  for (let i = 0; i < target.length; i++) if (target.charCodeAt(i) < 0x20) return fallback; // CR, LF, tab...
  return target;
}

/** `?redirect=` of the sign-in and MFA pages. */
export function redirectSearch(search: Record<string, unknown>): { redirect?: string } {
  return typeof search.redirect === 'string' ? { redirect: search.redirect } : {};
}

/** `?token=` of the setup, reset and invitation pages. */
export function tokenSearch(search: Record<string, unknown>): { token?: string } {
  return typeof search.token === 'string' ? { token: search.token } : {};
}
