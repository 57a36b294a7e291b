import type { TPasswordResetConfirm } from '@vigil/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, REDACTED, recordAudit } from '../../audit/audit.ts';
import { hashToken, randomToken } from '../../crypto.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import * as authRepo from './auth.repo.ts';
import * as repo from './password-reset.repo.ts';
import { assertPasswordAcceptable, hashPassword } from './passwords.ts';
import { clearLoginFailures } from './throttle.ts';

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MINUTES = 30;
/** Open links per account at once: more requests are answered alike but send nothing (no mail bombing). */
const MAX_OPEN_RESETS = 3;

/** The one answer to every reset request, whether or not the email belongs to an account. */
export const PASSWORD_RESET_ACCEPTED =
  'If an account uses this email address, a link to choose a new password is on its way. It works once, for 30 minutes.';

const INVALID_LINK =
  'This password reset link does not work any more: it was already used, it expired, or it is incomplete. Ask for a new one.';

/**
 * Starts a forgotten-password reset. Known and unknown emails get the same outcome: a random token is
 * made and hashed either way; only an active account gets a stored, single-use reset and a mail, sent
 * after commit and in the background, so neither the answer, its timing nor a mail failure tells them apart.
 */
export async function requestPasswordReset(
  deps: Deps,
  audit: AuditContext,
  log: Pick<FastifyBaseLogger, 'error'>,
  email: string,
): Promise<void> {
  const token = randomToken();
  const tokenHash = hashToken(token);
  const now = deps.now();
  const user = await authRepo.findUserByEmail(deps.db, email);
  if (user?.status !== 'active') return;
  const memberships = await authRepo.listMembershipsOfUser(deps.db, user.id, now.toISOString());
  const id = uuidv7();
  const issued = await deps.db.transaction().execute(async (tx) => {
    if ((await repo.countOpenPasswordResets(tx, user.id, now.toISOString())) >= MAX_OPEN_RESETS) return false;
    await repo.insertPasswordReset(tx, user.id, {
      id,
      tokenHash,
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MINUTES * 60_000).toISOString(),
      createdAt: now.toISOString(),
    });
    await recordAudit(tx, audit, {
      organisationId: memberships[0]?.organisationId ?? null,
      action: 'user.password_reset_requested',
      subject: { type: 'user', id: user.id },
    });
    return true;
  });
  if (!issued) return;
  const link = `${deps.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  deps.mailer
    .send({
      to: user.email,
      subject: 'Reset your Vigil password',
      text: [
        `Hello ${user.name},`,
        '',
        'Someone (hopefully you) asked to reset the password of your Vigil account.',
        `Choose a new password here: ${link}`,
        '',
        `The link works once, for ${PASSWORD_RESET_TTL_MINUTES} minutes. Choosing a new password signs you out everywhere.`,
        'If you did not ask for this, ignore this message: your password stays as it is.',
      ].join('\n'),
    })
    .catch((error: unknown) =>
      log.error({ err: error, resetId: id }, 'the password reset mail could not be sent'),
    );
}

/**
 * Sets a new password with a reset link: the link must be unused and unexpired. Uses up every open link
 * of the account, ends all its sessions and clears its sign-in throttle. Every kind of bad link gets the
 * same message.
 */
export async function confirmPasswordReset(
  deps: Deps,
  audit: AuditContext,
  input: TPasswordResetConfirm,
): Promise<void> {
  const invalid = () =>
    new AppError('validation_failed', INVALID_LINK, {
      fieldErrors: [{ field: 'body.token', message: INVALID_LINK }],
    });
  const reset = await repo.unsafeFindPasswordResetByHash(deps.db, hashToken(input.token));
  const started = deps.now();
  if (
    !reset ||
    reset.used_at !== null ||
    Date.parse(reset.expires_at) <= started.getTime() ||
    reset.user_status !== 'active'
  ) {
    throw invalid();
  }
  assertPasswordAcceptable(input.newPassword, reset.email, 'body.newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const memberships = await authRepo.listMembershipsOfUser(deps.db, reset.user_id, started.toISOString());
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.now().toISOString();
    if (!(await repo.useUpPasswordResets(tx, reset.user_id, reset.id, now))) throw invalid();
    await repo.setPasswordHash(tx, reset.user_id, passwordHash, now);
    const ended = await authRepo.revokeSessionsOfUser(tx, reset.user_id, now);
    await clearLoginFailures(tx, reset.email);
    await recordAudit(
      tx,
      { ...audit, actor: { type: 'user', id: reset.user_id } },
      {
        organisationId: memberships[0]?.organisationId ?? null,
        action: 'user.password_reset',
        subject: { type: 'user', id: reset.user_id },
        changes: {
          password: { before: REDACTED, after: REDACTED },
          sessionsEnded: { before: null, after: ended },
        },
      },
    );
  });
}
