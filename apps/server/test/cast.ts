import type { FastifyInstance } from 'fastify';
import type { seedMember, signIn } from './identity.ts';

type Member = Awaited<ReturnType<typeof seedMember>>;
type Headers = Awaited<ReturnType<typeof signIn>>;

/**
 * The named people of a route test ("officer", "contributor", ...): their memberships, their live
 * sessions, and requests sent as one of them.
 */
export function createCast(app: () => FastifyInstance) {
  const members: Record<string, Member> = {};
  const sessions: Record<string, Headers> = {};
  const as = (key: string): Headers => {
    const headers = sessions[key];
    if (!headers) throw new Error(`no session ${key}`);
    return headers;
  };
  const member = (key: string): string => {
    const found = members[key];
    if (!found) throw new Error(`no member ${key}`);
    return found.membershipId;
  };
  const send = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    app().inject({
      method,
      url,
      headers: as(who),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return { members, sessions, as, member, send };
}
