import { ROLES, type TRole } from '@vigil/contracts';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { hashToken, randomToken } from '../src/crypto.ts';
import type { DB } from '../src/db/types.ts';
import { seedMember, seedOrganisation } from './identity.ts';

/**
 * The authorization matrix (quality bar S1). Every /api route is listed by Fastify's onRoute and must
 * have a rule here; each rule says who may call it, and builds its request against objects of the
 * caller's own organisation, and (for routes that take an id) of another organisation, which must be a 404.
 * Each organisation carries a canary string that must never appear in another organisation's responses.
 * Modules add their rules in `<module>.matrix.ts` next to their routes.
 */

export type Caller = TRole | 'anonymous';

export interface MatrixOrg {
  id: string;
  canary: string;
  userIds: Record<TRole, string>;
  membershipIds: Record<TRole, string>;
}

export interface MatrixContext {
  app: FastifyInstance;
  db: Kysely<DB>;
  /** The caller's organisation. */
  own: MatrixOrg;
  /** Another organisation, whose objects the caller must never reach. */
  other: MatrixOrg;
  caller: Caller;
}

export interface RouteRule {
  /** 'public': anyone, signed in or not; 'signed_in': every member; else the roles allowed (others 403). */
  allow: 'public' | 'signed_in' | readonly TRole[];
  /** The request as the caller would send it, against an object of the caller's own organisation. */
  request: (ctx: MatrixContext) => Promise<InjectOptions> | InjectOptions;
  /** For routes that take an id: the same request against the other organisation's object (expect 404). */
  crossOrg?: (ctx: MatrixContext) => Promise<InjectOptions> | InjectOptions;
  /** When every caller gets one fixed status (e.g. setup once an instance is set up: 403 for all). */
  status?: number;
}

/** `METHOD /path/:param` as Fastify names the route. */
export type RouteKey = string;

export async function seedMatrixOrg(db: Kysely<DB>, label: string): Promise<MatrixOrg> {
  const canary = `CANARY-${label}-${Math.random().toString(36).slice(2, 10)}`;
  const id = await seedOrganisation(db, `${label} ${canary}`);
  const userIds = {} as Record<TRole, string>;
  const membershipIds = {} as Record<TRole, string>;
  for (const role of ROLES) {
    const expiresAt =
      role === 'external_auditor' ? new Date(Date.now() + 30 * 86_400_000).toISOString() : null;
    const member = await seedMember(db, id, role, { name: `${role} ${canary}`, expiresAt });
    userIds[role] = member.userId;
    membershipIds[role] = member.membershipId;
  }
  return { id, canary, userIds, membershipIds };
}

/**
 * A new session for a member, written straight to the database (the login route is tested elsewhere):
 * every matrix request gets its own, so a route that ends or rotates its session harms no other request.
 */
export async function sessionHeaders(
  db: Kysely<DB>,
  userId: string,
  organisationId: string,
): Promise<Record<string, string>> {
  const token = randomToken();
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id: uuidv7(),
      token_hash: hashToken(token),
      user_id: userId,
      organisation_id: organisationId,
      mfa_passed: false,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
      ip: null,
      user_agent: null,
    })
    .execute();
  return { cookie: `__Host-vigil_session=${token}` };
}

/** Expected status class for a caller under a rule. */
export function expectedOutcome(rule: RouteRule, caller: Caller): 'allowed' | 401 | 403 {
  if (rule.allow === 'public') return 'allowed';
  if (caller === 'anonymous') return 401;
  if (rule.allow === 'signed_in') return 'allowed';
  return rule.allow.includes(caller) ? 'allowed' : 403;
}
