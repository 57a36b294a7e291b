import type { TMfaStatus, TMfaVerifyRequest, TTotpEnrolment } from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { type AuditContext, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertSignedIn } from '../../authz/actor.ts';
import { hashToken, seal, unseal } from '../../crypto.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden } from '../../errors.ts';
import { type NewSession, type RequestMeta, startSession } from '../auth/auth.service.ts';
import { clearLoginFailures, loginDelay, recordLoginFailure } from '../auth/throttle.ts';
import { presentMfaStatus, presentTotpEnrolment } from './mfa.presenter.ts';
import * as repo from './mfa.repo.ts';
import {
  canonicalRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  qrCodeDataUrl,
  totpUri,
} from './totp.ts';

/** The purpose under which TOTP secrets are sealed with the instance key. */
const SEAL_PURPOSE = 'totp';

/** Where a code was checked, recorded with a failure. */
type CodePurpose = 'sign_in' | 'enrolment' | 'recovery_codes' | 'disable';

type MfaUser = NonNullable<Awaited<ReturnType<typeof repo.getUserMfa>>>;

const WRONG_CODE =
  'The code is not correct or was already used: enter the current code from your authenticator app';
const WRONG_RECOVERY_CODE = 'The recovery code is not correct or was already used';

// ---------------------------------------------------------------- gates

/** Signed in, and either unrestricted or still having to enrol (the enrolment routes are how they get out). */
function assertMayEnrol(actor: Actor | null): Actor {
  const signedIn = assertSignedIn(actor, { allowRestricted: true });
  if (signedIn.restriction !== 'mfa_enrolment') assertSignedIn(signedIn);
  return signedIn;
}

/** TOTP changes the way a person signs in to their browser sessions: not something an API token does. */
function sessionOf(actor: Actor): string {
  if (!actor.sessionId) {
    throw forbidden('Two-factor authentication is managed from a signed-in browser, not with an API token');
  }
  return actor.sessionId;
}

async function loadUser(deps: Deps, actor: Actor): Promise<MfaUser> {
  const user = await repo.getUserMfa(deps.db, actor.userId);
  if (!user) throw new AppError('unauthenticated', 'Sign in to continue');
  return user;
}

function assertEnabled(user: MfaUser): string {
  if (!user.totp_enabled_at || !user.totp_secret) {
    throw new AppError('conflict', 'Two-factor authentication is not turned on for your account');
  }
  return user.totp_secret;
}

// ---------------------------------------------------------------- code checks

/** Codes count against the same per-account limit as passwords (S6), so they cannot be guessed. */
async function assertNotThrottled(deps: Deps, user: MfaUser): Promise<void> {
  const wait = await loginDelay(deps.db, user.email, deps.now());
  if (wait > 0) {
    throw new AppError(
      'rate_limited',
      'Too many failed sign-in attempts for this account: wait before trying again',
      { extensions: { retryAfterSeconds: Math.ceil(wait / 1000) } },
    );
  }
}

/** The time step at which the code matches the sealed secret, not yet claimed; null when it does not. */
function checkTotp(deps: Deps, user: MfaUser, sealedSecret: string, code: string): Promise<number | null> {
  const secret = unseal(deps.secretKey, SEAL_PURPOSE, sealedSecret);
  return matchTotp(secret, code, deps.now(), user.totp_last_step);
}

/** A wrong (or replayed) code: counts as a failed sign-in attempt of the account, is audited, and is refused. */
async function refuseCode(
  deps: Deps,
  actor: Actor,
  audit: AuditContext,
  user: MfaUser,
  purpose: CodePurpose,
  field: 'code' | 'recoveryCode',
): Promise<never> {
  await recordLoginFailure(deps.db, user.email, deps.now());
  await recordAudit(deps.db, audit, {
    organisationId: actor.organisationId,
    action: 'auth.mfa_failed',
    subject: { type: 'user', id: user.id },
    changes: { purpose: { before: null, after: purpose } },
  });
  const message = field === 'code' ? WRONG_CODE : WRONG_RECOVERY_CODE;
  throw new AppError('validation_failed', message, { fieldErrors: [{ field: `body.${field}`, message }] });
}

/** Replaces the session being elevated; it must still be alive (a revoked one cannot be rotated). */
async function endCurrentSession(tx: Kysely<DB>, deps: Deps, actor: Actor, sessionId: string) {
  if (!(await repo.endSession(tx, actor.userId, sessionId, deps.now().toISOString()))) {
    throw new AppError('unauthenticated', 'This session has ended: sign in again');
  }
}

// ---------------------------------------------------------------- status and enrolment

export async function getMfaStatus(deps: Deps, actor: Actor | null): Promise<TMfaStatus> {
  const signedIn = assertMayEnrol(actor);
  const user = await loadUser(deps, signedIn);
  const left = user.totp_enabled_at ? await repo.countUnusedRecoveryCodes(deps.db, user.id) : 0;
  return presentMfaStatus(user, left);
}

/**
 * Starts (or restarts) TOTP enrolment: a new secret is kept sealed and pending until a code from the
 * app confirms it. The secret, its URI and QR code are returned for this one response.
 */
export async function startTotpEnrolment(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
): Promise<TTotpEnrolment> {
  const signedIn = assertMayEnrol(actor);
  sessionOf(signedIn);
  const user = await loadUser(deps, signedIn);
  if (user.totp_enabled_at) {
    throw new AppError(
      'conflict',
      'Two-factor authentication is already on: turn it off first to set up another authenticator',
    );
  }
  const secret = newTotpSecret();
  const uri = totpUri(secret, user.email);
  const qrCode = await qrCodeDataUrl(uri);
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.now().toISOString();
    if (!(await repo.setPendingSecret(tx, user.id, seal(deps.secretKey, SEAL_PURPOSE, secret), now))) {
      throw new AppError('conflict', 'Two-factor authentication was turned on meanwhile');
    }
    await recordAudit(tx, audit, {
      organisationId: signedIn.organisationId,
      action: 'user.mfa_enrolment_started',
      subject: { type: 'user', id: user.id },
    });
  });
  return presentTotpEnrolment({ uri, secret, qrCode });
}

/**
 * Confirms enrolment with a code from the app: TOTP goes on, 10 recovery codes are made (returned once),
 * and the session, having just passed MFA, is replaced by a new one (a privilege change, a new token).
 */
export async function confirmTotpEnrolment(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  meta: RequestMeta,
  code: string,
): Promise<{ session: NewSession; recoveryCodes: string[] }> {
  const signedIn = assertMayEnrol(actor);
  const sessionId = sessionOf(signedIn);
  const user = await loadUser(deps, signedIn);
  if (user.totp_enabled_at) throw new AppError('conflict', 'Two-factor authentication is already on');
  const sealedSecret = user.totp_secret;
  if (!sealedSecret) {
    throw new AppError('conflict', 'Start the set-up first: no authenticator is waiting for confirmation');
  }
  await assertNotThrottled(deps, user);
  const step = await checkTotp(deps, user, sealedSecret, code);
  const recoveryCodes = newRecoveryCodes();
  const accepted =
    step !== null &&
    (await deps.db.transaction().execute(async (tx) => {
      if (!(await repo.claimTimeStep(tx, user.id, step))) return false;
      const now = deps.now().toISOString();
      if (!(await repo.enableTotp(tx, user.id, sealedSecret, now))) {
        throw new AppError('conflict', 'The set-up was restarted meanwhile: scan the new QR code');
      }
      await repo.replaceRecoveryCodes(tx, user.id, recoveryCodes.map(hashRecoveryCode), now);
      await endCurrentSession(tx, deps, signedIn, sessionId);
      await recordAudit(tx, audit, {
        organisationId: signedIn.organisationId,
        action: 'user.mfa_enabled',
        subject: { type: 'user', id: user.id },
        changes: {
          totp: { before: false, after: true },
          recoveryCodes: { before: null, after: recoveryCodes.length },
        },
      });
      return true;
    }));
  if (!accepted) return refuseCode(deps, signedIn, audit, user, 'enrolment', 'code');
  await clearLoginFailures(deps.db, user.email);
  const session = await startSession(deps, audit, meta, {
    userId: user.id,
    organisationId: signedIn.organisationId,
    mfaPassed: true,
    event: 'auth.mfa_passed',
  });
  return { session, recoveryCodes };
}

// ---------------------------------------------------------------- the challenge after sign-in

/**
 * The second step of sign-in: a TOTP code (each time step accepted once) or an unused recovery code
 * (spent). The restricted session is replaced by a new one that has passed MFA.
 */
export async function verifyMfa(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  meta: RequestMeta,
  input: TMfaVerifyRequest,
): Promise<NewSession> {
  const signedIn = assertSignedIn(actor, { allowRestricted: true });
  if (signedIn.restriction === 'mfa_enrolment') assertSignedIn(signedIn);
  if (signedIn.restriction !== 'mfa_challenge') {
    throw new AppError('conflict', 'This session has already passed two-factor authentication');
  }
  const sessionId = sessionOf(signedIn);
  const user = await loadUser(deps, signedIn);
  const sealedSecret = assertEnabled(user);
  await assertNotThrottled(deps, user);

  let accepted: boolean;
  if (input.code !== undefined) {
    const step = await checkTotp(deps, user, sealedSecret, input.code);
    accepted =
      step !== null &&
      (await deps.db.transaction().execute(async (tx) => {
        if (!(await repo.claimTimeStep(tx, user.id, step))) return false;
        await endCurrentSession(tx, deps, signedIn, sessionId);
        return true;
      }));
  } else {
    const canonical = canonicalRecoveryCode(input.recoveryCode ?? '');
    accepted =
      canonical !== null &&
      (await deps.db.transaction().execute(async (tx) => {
        const now = deps.now().toISOString();
        if (!(await repo.useRecoveryCode(tx, user.id, hashToken(canonical), now))) return false;
        await endCurrentSession(tx, deps, signedIn, sessionId);
        const left = await repo.countUnusedRecoveryCodes(tx, user.id);
        await recordAudit(tx, audit, {
          organisationId: signedIn.organisationId,
          action: 'auth.recovery_code_used',
          subject: { type: 'user', id: user.id },
          changes: { recoveryCodesLeft: { before: left + 1, after: left } },
        });
        return true;
      }));
  }
  if (!accepted) {
    return refuseCode(
      deps,
      signedIn,
      audit,
      user,
      'sign_in',
      input.code !== undefined ? 'code' : 'recoveryCode',
    );
  }
  await clearLoginFailures(deps.db, user.email);
  return startSession(deps, audit, meta, {
    userId: user.id,
    organisationId: signedIn.organisationId,
    mfaPassed: true,
    event: 'auth.mfa_passed',
  });
}

// ---------------------------------------------------------------- recovery codes and turning off

function hashRecoveryCode(code: string): string {
  const canonical = canonicalRecoveryCode(code);
  if (canonical === null) throw new Error('a generated recovery code is not in the recovery code alphabet');
  return hashToken(canonical);
}

/** New recovery codes (the old ones stop working) with a current code from the app; returned once. */
export async function regenerateRecoveryCodes(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  code: string,
): Promise<string[]> {
  const signedIn = assertSignedIn(actor);
  sessionOf(signedIn);
  const user = await loadUser(deps, signedIn);
  const sealedSecret = assertEnabled(user);
  await assertNotThrottled(deps, user);
  const step = await checkTotp(deps, user, sealedSecret, code);
  const recoveryCodes = newRecoveryCodes();
  const accepted =
    step !== null &&
    (await deps.db.transaction().execute(async (tx) => {
      if (!(await repo.claimTimeStep(tx, user.id, step))) return false;
      const left = await repo.countUnusedRecoveryCodes(tx, user.id);
      await repo.replaceRecoveryCodes(
        tx,
        user.id,
        recoveryCodes.map(hashRecoveryCode),
        deps.now().toISOString(),
      );
      await recordAudit(tx, audit, {
        organisationId: signedIn.organisationId,
        action: 'user.recovery_codes_regenerated',
        subject: { type: 'user', id: user.id },
        changes: { recoveryCodesLeft: { before: left, after: recoveryCodes.length } },
      });
      return true;
    }));
  if (!accepted) return refuseCode(deps, signedIn, audit, user, 'recovery_codes', 'code');
  await clearLoginFailures(deps.db, user.email);
  return recoveryCodes;
}

/**
 * Turns TOTP off with a current code from the app; refused while any organisation of the user requires
 * MFA for their role there (they would be locked out of it, or it would be pointless).
 */
export async function disableTotp(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  code: string,
): Promise<void> {
  const signedIn = assertSignedIn(actor);
  sessionOf(signedIn);
  const user = await loadUser(deps, signedIn);
  const sealedSecret = assertEnabled(user);
  const policies = await repo.listMfaPoliciesOfUser(deps.db, user.id, deps.now().toISOString());
  const requiring = policies.find(
    (p) => p.mfa_policy === 'all' || (p.mfa_policy === 'roles' && p.mfa_roles.includes(p.role)),
  );
  if (requiring) {
    throw forbidden(
      `${requiring.organisationName} requires two-factor authentication for your role, so it cannot be turned off`,
    );
  }
  await assertNotThrottled(deps, user);
  const step = await checkTotp(deps, user, sealedSecret, code);
  const accepted =
    step !== null &&
    (await deps.db.transaction().execute(async (tx) => {
      if (!(await repo.claimTimeStep(tx, user.id, step))) return false;
      const left = await repo.countUnusedRecoveryCodes(tx, user.id);
      await repo.disableTotp(tx, user.id, deps.now().toISOString());
      await recordAudit(tx, audit, {
        organisationId: signedIn.organisationId,
        action: 'user.mfa_disabled',
        subject: { type: 'user', id: user.id },
        changes: {
          totp: { before: true, after: false },
          recoveryCodesLeft: { before: left, after: 0 },
        },
      });
      return true;
    }));
  if (!accepted) return refuseCode(deps, signedIn, audit, user, 'disable', 'code');
  await clearLoginFailures(deps.db, user.email);
}
