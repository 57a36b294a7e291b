import type {
  TLoginRequest,
  TMe,
  TRole,
  TSession,
  TSessionRestriction,
  TSetupRequest,
} from '@vigil/contracts';
import { ZRole } from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertSignedIn, permissionsOf } from '../../authz/actor.ts';
import { hashToken, randomToken, safeEqual } from '../../crypto.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { presentOrganisation } from '../organisations/organisations.presenter.ts';
import { presentSession } from './auth.presenter.ts';
import * as repo from './auth.repo.ts';
import { assertPasswordAcceptable, dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { clearLoginFailures, loginDelay, recordLoginFailure } from './throttle.ts';

/** A new browser session: the token goes into the cookie and nowhere else. */
export interface NewSession {
  token: string;
  expiresAt: string;
  restriction: TSessionRestriction;
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

const SETUP_ID = 'setup';

// ---------------------------------------------------------------- first run

export async function setupRequired(deps: Pick<Deps, 'db'>): Promise<boolean> {
  return (await repo.countOrganisations(deps.db)) === 0;
}

/**
 * While no organisation exists, makes a fresh one-time setup token (only its hash is stored) and returns
 * it for the start-up log; null once the instance is set up.
 */
export async function issueSetupToken(deps: Pick<Deps, 'db' | 'now'>): Promise<string | null> {
  if (!(await setupRequired(deps))) return null;
  const token = randomToken();
  const values = { token_hash: hashToken(token), created_at: deps.now().toISOString(), used_at: null };
  await deps.db
    .insertInto('setup_tokens')
    .values({ id: SETUP_ID, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  return token;
}

function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return slug.length > 0 ? slug : 'organisation';
}

async function uniqueSlug(db: Kysely<DB>, name: string): Promise<string> {
  const base = slugify(name);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const taken = await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', candidate)
      .executeTakeFirst();
    if (!taken) return candidate;
  }
}

/** A new organisation and its owner: an existing user by email, or a new one with this name and password. */
export interface NewOrganisation {
  organisationName: string;
  name: string;
  email: string;
  passwordHash: string | null;
}

/** Makes an organisation with its owner in the caller's transaction: empty, or the demo organisation. */
export type OrganisationMaker = (
  deps: Deps,
  tx: Kysely<DB>,
  audit: AuditContext,
  input: NewOrganisation,
) => Promise<{ organisationId: string; userId: string }>;

/** Creates an organisation with its owner (an existing user or a new one). For setup, the CLI and the demo. */
export async function createOrganisationWithOwner(
  deps: Pick<Deps, 'now'>,
  tx: Kysely<DB>,
  audit: AuditContext,
  input: NewOrganisation,
): Promise<{ organisationId: string; userId: string; membershipId: string }> {
  const now = deps.now().toISOString();
  const organisationId = uuidv7();
  await tx
    .insertInto('organisations')
    .values({
      id: organisationId,
      name: input.organisationName,
      slug: await uniqueSlug(tx, input.organisationName),
      created_at: now,
      updated_at: now,
    })
    .execute();
  let user = await repo.findUserByEmail(tx, input.email);
  if (!user) {
    const userId = uuidv7();
    await tx
      .insertInto('users')
      .values({
        id: userId,
        email: input.email,
        name: input.name,
        password_hash: input.passwordHash,
        created_at: now,
        updated_at: now,
      })
      .execute();
    user = await repo.getUser(tx, userId);
  }
  if (!user) throw new Error('user vanished inside its own transaction');
  const membershipId = uuidv7();
  await tx
    .insertInto('memberships')
    .values({
      id: membershipId,
      organisation_id: organisationId,
      user_id: user.id,
      role: 'owner',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const as = { ...audit, actor: audit.actor.id ? audit.actor : { type: 'user' as const, id: user.id } };
  await recordAudit(tx, as, {
    organisationId,
    action: 'organisation.created',
    subject: { type: 'organisation', id: organisationId },
    changes: { name: { before: null, after: input.organisationName } },
  });
  await recordAudit(tx, as, {
    organisationId,
    action: 'membership.created',
    subject: { type: 'membership', id: membershipId },
    changes: { user: { before: null, after: user.email }, role: { before: null, after: 'owner' } },
  });
  return { organisationId, userId: user.id, membershipId };
}

/** An account by email: whether it has a password, and the organisations it belongs to (for the CLI). */
export async function findAccount(
  deps: Pick<Deps, 'db' | 'now'>,
  email: string,
): Promise<{ userId: string; hasPassword: boolean; organisationNames: string[] } | null> {
  const user = await repo.findUserByEmail(deps.db, email);
  if (!user) return null;
  const memberships = await repo.listMembershipsOfUser(deps.db, user.id, deps.now().toISOString());
  return {
    userId: user.id,
    hasPassword: user.password_hash !== null,
    organisationNames: memberships.map((m) => m.organisationName),
  };
}

/**
 * Adds a person whose account has no password (a new user): they appear among the people and can own
 * records, but cannot sign in until they choose a password through a reset link or an administrator's
 * help. For the demo organisation's cast; an email that already has an account is refused.
 */
export async function addMemberWithoutPassword(
  deps: Pick<Deps, 'now'>,
  tx: Kysely<DB>,
  audit: AuditContext,
  organisationId: string,
  input: { email: string; name: string; role: TRole; department: string | null; jobTitle: string | null },
): Promise<{ userId: string; membershipId: string }> {
  const now = deps.now().toISOString();
  if (await repo.findUserByEmail(tx, input.email))
    throw new AppError('conflict', `${input.email} already has a Vigil account`);
  const userId = uuidv7();
  await tx
    .insertInto('users')
    .values({
      id: userId,
      email: input.email,
      name: input.name,
      password_hash: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const membershipId = uuidv7();
  await tx
    .insertInto('memberships')
    .values({
      id: membershipId,
      organisation_id: organisationId,
      user_id: userId,
      role: input.role,
      department: input.department,
      job_title: input.jobTitle,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await recordAudit(tx, audit, {
    organisationId,
    action: 'membership.created',
    subject: { type: 'membership', id: membershipId },
    changes: diffChanges(null, {
      user: input.email,
      role: input.role,
      department: input.department,
      jobTitle: input.jobTitle,
      accountCreated: true,
      passwordSet: false,
    }),
  });
  return { userId, membershipId };
}

/**
 * The web setup: needs the token from the log; creates the first organisation and its owner, empty or
 * (`demo`, made by `makeDemo`) the demo organisation, in one transaction, and signs in.
 */
export async function setup(
  deps: Deps,
  audit: AuditContext,
  meta: RequestMeta,
  input: TSetupRequest,
  makeDemo: OrganisationMaker,
): Promise<NewSession> {
  assertPasswordAcceptable(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  const { userId, organisationId } = await deps.db.transaction().execute(async (tx) => {
    const pending = await tx
      .selectFrom('setup_tokens')
      .selectAll()
      .where('id', '=', SETUP_ID)
      .executeTakeFirst();
    const valid =
      pending && pending.used_at === null && safeEqual(pending.token_hash, hashToken(input.token));
    if (!valid || (await repo.countOrganisations(tx)) > 0) {
      throw new AppError(
        'forbidden',
        'The setup token is not valid: use the link printed in the server log, or this instance is already set up',
      );
    }
    await tx
      .updateTable('setup_tokens')
      .set({ used_at: deps.now().toISOString() })
      .where('id', '=', SETUP_ID)
      .execute();
    const make = input.demo ? makeDemo : createOrganisationWithOwner;
    const created = await make(deps, tx, audit, {
      organisationName: input.organisationName,
      name: input.name,
      email: input.email,
      passwordHash,
    });
    await recordAudit(
      tx,
      { ...audit, actor: { type: 'user', id: created.userId } },
      {
        organisationId: null,
        action: 'instance.setup_completed',
        subject: { type: 'organisation', id: created.organisationId },
        ...(input.demo ? { changes: { demo: { before: null, after: true } } } : {}),
      },
    );
    return created;
  });
  return startSession(deps, audit, meta, {
    userId,
    organisationId,
    mfaPassed: false,
    event: 'session.created',
  });
}

// ---------------------------------------------------------------- sessions

/** The organisation's MFA rule, as read with the session or for a new one; null without an organisation. */
type MfaRule = { mfa_policy: 'off' | 'all' | 'roles'; mfa_roles: string[] } | null;

function restrictionFor(
  user: { totp_enabled_at: string | null },
  mfaPassed: boolean,
  org: MfaRule,
  role: TRole | null,
): TSessionRestriction {
  if (user.totp_enabled_at) return mfaPassed ? null : 'mfa_challenge';
  if (!org || org.mfa_policy === 'off') return null;
  if (org.mfa_policy === 'all') return 'mfa_enrolment';
  return role && org.mfa_roles.includes(role) ? 'mfa_enrolment' : null;
}

export async function startSession(
  deps: Deps,
  audit: AuditContext,
  meta: RequestMeta,
  input: { userId: string; organisationId: string | null; mfaPassed: boolean; event: string },
): Promise<NewSession> {
  const token = randomToken(32);
  const now = deps.now();
  const org = input.organisationId ? await repo.getOrganisation(deps.db, input.organisationId) : undefined;
  const absoluteMinutes = org?.session_absolute_minutes ?? 720;
  const expiresAt = new Date(now.getTime() + absoluteMinutes * 60_000).toISOString();
  const id = uuidv7();
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sessions')
      .values({
        id,
        token_hash: hashToken(token),
        user_id: input.userId,
        organisation_id: input.organisationId,
        mfa_passed: input.mfaPassed,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 500) ?? null,
      })
      .execute();
    await recordAudit(
      tx,
      { ...audit, actor: { type: 'user', id: input.userId } },
      {
        organisationId: input.organisationId,
        action: input.event,
        subject: { type: 'session', id },
      },
    );
  });
  const user = await repo.getUser(deps.db, input.userId);
  const membership = input.organisationId
    ? (await repo.listMembershipsOfUser(deps.db, input.userId, now.toISOString())).find(
        (m) => m.organisationId === input.organisationId,
      )
    : undefined;
  const role = membership ? ZRole.parse(membership.role) : null;
  const restriction = user ? restrictionFor(user, input.mfaPassed, org ?? null, role) : null;
  return { token, expiresAt, restriction };
}

/**
 * Resolves a session cookie to an actor, or null when the session is unknown, revoked, past its absolute
 * or idle timeout, or its user is disabled. Marks activity at most once a minute.
 */
export async function resolveSession(deps: Deps, token: string): Promise<Actor | null> {
  const now = deps.now();
  const session = await repo.findSessionByTokenHash(deps.db, hashToken(token), now.toISOString());
  if (!session || session.revoked_at || session.user_status !== 'active') return null;
  if (Date.parse(session.expires_at) <= now.getTime()) return null;
  const idleMs = (session.session_idle_minutes ?? 30) * 60_000;
  if (Date.parse(session.last_seen_at) + idleMs <= now.getTime()) return null;

  // A removed or disabled membership ends the session's access to that organisation at once.
  if (session.organisation_id && !session.membership_id) return null;
  const role = session.membership_role ? ZRole.parse(session.membership_role) : null;

  if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
    await deps.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', session.id)
      .execute();
  }
  const org =
    session.mfa_policy !== null && session.mfa_roles !== null
      ? { mfa_policy: session.mfa_policy, mfa_roles: session.mfa_roles }
      : null;
  return {
    userId: session.user_id,
    sessionId: session.id,
    tokenId: null,
    organisationId: session.organisation_id,
    membershipId: session.membership_id,
    role,
    permissions: permissionsOf(role),
    restriction: restrictionFor(session, session.mfa_passed, org, role),
  };
}

const INVALID_LOGIN = 'The email or password is not correct';

/**
 * Email + password. Unknown and known emails get the same answer and take as long (a dummy hash is
 * checked); at most 10 checks per account per 15 minutes, with growing delays after the third failure.
 */
export async function login(
  deps: Deps,
  audit: AuditContext,
  meta: RequestMeta,
  input: TLoginRequest,
): Promise<NewSession> {
  const now = deps.now();
  const wait = await loginDelay(deps.db, input.email, now);
  if (wait > 0) {
    throw new AppError(
      'rate_limited',
      'Too many failed sign-in attempts for this account: wait before trying again',
      {
        extensions: { retryAfterSeconds: Math.ceil(wait / 1000) },
      },
    );
  }
  const user = await repo.findUserByEmail(deps.db, input.email);
  const check = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  const memberships = user ? await repo.listMembershipsOfUser(deps.db, user.id, now.toISOString()) : [];
  const home = memberships[0]?.organisationId ?? null;
  if (!user || !check.ok || user.status !== 'active' || user.password_hash === null) {
    await recordLoginFailure(deps.db, input.email, now);
    await deps.db.transaction().execute((tx) =>
      recordAudit(tx, audit, {
        organisationId: home,
        action: 'auth.login_failed',
        subject: { type: 'user', id: user?.id ?? null },
        changes: user ? {} : { email: { before: null, after: hashToken(input.email).slice(0, 16) } },
      }),
    );
    throw new AppError('unauthenticated', INVALID_LOGIN);
  }
  await clearLoginFailures(deps.db, input.email);
  if (check.rehash) {
    const rehashed = await hashPassword(input.password);
    await deps.db.updateTable('users').set({ password_hash: rehashed }).where('id', '=', user.id).execute();
  }
  return startSession(deps, audit, meta, {
    userId: user.id,
    organisationId: home,
    mfaPassed: false,
    event: 'auth.login_succeeded',
  });
}

export async function logout(deps: Deps, actor: Actor | null, audit: AuditContext): Promise<void> {
  if (!actor?.sessionId) return;
  const sessionId = actor.sessionId;
  await deps.db.transaction().execute(async (tx) => {
    await repo.revokeSessionsOfUser(tx, actor.userId, deps.now().toISOString(), { only: sessionId });
    await recordAudit(tx, audit, {
      organisationId: actor.organisationId,
      action: 'auth.logged_out',
      subject: { type: 'session', id: sessionId },
    });
  });
}

// ---------------------------------------------------------------- me

export async function getMe(deps: Deps, actor: Actor | null): Promise<TMe> {
  const signedIn = assertSignedIn(actor, { allowRestricted: true });
  const user = await repo.getUser(deps.db, signedIn.userId);
  if (!user) throw new AppError('unauthenticated', 'Sign in to continue');
  const memberships = await repo.listMembershipsOfUser(deps.db, user.id, deps.now().toISOString());
  const org = signedIn.organisationId
    ? await repo.getOrganisation(deps.db, signedIn.organisationId)
    : undefined;
  return {
    user: { id: user.id, email: user.email, name: user.name, mfaEnabled: user.totp_enabled_at !== null },
    memberships: memberships.map((m) => ({
      organisationId: m.organisationId,
      organisationName: m.organisationName,
      organisationSlug: m.organisationSlug,
      role: ZRole.parse(m.role),
    })),
    organisation: org ? presentOrganisation(org) : null,
    role: signedIn.role,
    abilities: signedIn.restriction ? [] : [...signedIn.permissions].sort(),
    restriction: signedIn.restriction,
    mailConfigured: deps.mailer.configured,
  };
}

/** Moves the session to another organisation of the user's: a privilege change, so a new token. */
export async function switchOrganisation(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  meta: RequestMeta,
  organisationId: string,
): Promise<NewSession> {
  const signedIn = assertSignedIn(actor);
  if (!signedIn.sessionId) throw new AppError('forbidden', 'Only a browser session can switch organisation');
  const memberships = await repo.listMembershipsOfUser(deps.db, signedIn.userId, deps.now().toISOString());
  if (!memberships.some((m) => m.organisationId === organisationId)) throw notFound('The organisation');
  const session = await deps.db
    .selectFrom('sessions')
    .select('mfa_passed')
    .where('id', '=', signedIn.sessionId)
    .executeTakeFirstOrThrow();
  await repo.revokeSessionsOfUser(deps.db, signedIn.userId, deps.now().toISOString(), {
    only: signedIn.sessionId,
  });
  return startSession(deps, audit, meta, {
    userId: signedIn.userId,
    organisationId,
    mfaPassed: session.mfa_passed,
    event: 'session.organisation_switched',
  });
}

export async function listMySessions(deps: Deps, actor: Actor | null): Promise<TSession[]> {
  const signedIn = assertSignedIn(actor);
  const rows = await repo.listSessionsOfUser(deps.db, signedIn.userId, deps.now().toISOString());
  return rows.map((row) => presentSession(row, signedIn.sessionId));
}

export async function revokeMySession(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  sessionId: string,
): Promise<void> {
  const signedIn = assertSignedIn(actor);
  await deps.db.transaction().execute(async (tx) => {
    const revoked = await repo.revokeSessionsOfUser(tx, signedIn.userId, deps.now().toISOString(), {
      only: sessionId,
    });
    if (revoked === 0) throw notFound('The session');
    await recordAudit(tx, audit, {
      organisationId: signedIn.organisationId,
      action: 'session.revoked',
      subject: { type: 'session', id: sessionId },
    });
  });
}

/** Needs the current password; ends every other session of the user. */
export async function changePassword(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const signedIn = assertSignedIn(actor);
  const user = await repo.getUser(deps.db, signedIn.userId);
  if (!user?.password_hash || !(await verifyPassword(user.password_hash, input.currentPassword)).ok) {
    throw new AppError('validation_failed', 'The current password is not correct', {
      fieldErrors: [{ field: 'body.currentPassword', message: 'The current password is not correct' }],
    });
  }
  assertPasswordAcceptable(input.newPassword, user.email, 'body.newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.now().toISOString();
    await tx
      .updateTable('users')
      .set((eb) => ({ password_hash: passwordHash, updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', user.id)
      .execute();
    const ended = await repo.revokeSessionsOfUser(
      tx,
      user.id,
      now,
      signedIn.sessionId ? { except: signedIn.sessionId } : {},
    );
    await recordAudit(tx, audit, {
      organisationId: signedIn.organisationId,
      action: 'user.password_changed',
      subject: { type: 'user', id: user.id },
      changes: {
        password: { before: '[secret]', after: '[secret]' },
        otherSessionsEnded: { before: null, after: ended },
      },
    });
  });
}
