import {
  type TAcceptInvitationRequest,
  type TCreateInvitationRequest,
  type TInvitation,
  type TInvitationList,
  type TInvitationLookup,
  type TInvitationsQuery,
  type TRole,
  ZRole,
} from '@vigil/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { hashToken, randomToken } from '../../crypto.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { type NewSession, type RequestMeta, startSession } from '../auth/auth.service.ts';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { clearLoginFailures, loginDelay, recordLoginFailure } from '../auth/throttle.ts';
import { canInviteAs, INVITATION_VALID_DAYS, membershipExpiryOnAccept } from './invitations.policy.ts';
import {
  decodeInvitationsCursor,
  encodeInvitationsCursor,
  invitationStatus,
  presentInvitation,
} from './invitations.presenter.ts';
import * as repo from './invitations.repo.ts';

/** Invitations as owner or admin are for those who may make owners or admins (see the policy). */
function assertMayInviteAs(actorRole: TRole | null, role: TRole): void {
  if (!canInviteAs(actorRole, role)) {
    throw forbidden(`Your role may not invite people as ${role.replaceAll('_', ' ')}`);
  }
}

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', message, { fieldErrors: [{ field: `body.${field}`, message }] });

/** One answer for every link that does not work (unknown, expired, used, withdrawn): no oracle. */
const linkNotValid = () =>
  new AppError(
    'not_found',
    'This invitation link does not work: it may have expired, been used or been withdrawn. Ask for a new invitation.',
  );

function expiryFrom(now: Date): string {
  return new Date(now.getTime() + INVITATION_VALID_DAYS * 86_400_000).toISOString();
}

/** Sent after the transaction commits; a failure leaves the invitation in place to be resent. */
async function sendInvitationMail(
  deps: Deps,
  mail: {
    to: string;
    name: string | null;
    organisationName: string;
    inviterName: string | null;
    token: string;
    expiresAt: string;
  },
): Promise<void> {
  const link = `${deps.publicUrl.replace(/\/+$/, '')}/invitations/accept?token=${encodeURIComponent(mail.token)}`;
  const text = [
    mail.name ? `Hello ${mail.name},` : 'Hello,',
    '',
    `${mail.inviterName ?? 'Someone'} invited you to join ${mail.organisationName} on Vigil.`,
    '',
    `Accept the invitation: ${link}`,
    '',
    `The link works once and until ${mail.expiresAt.slice(0, 16).replace('T', ' ')} UTC.`,
    'If you did not expect this invitation, ignore this message.',
  ].join('\n');
  try {
    await deps.mailer.send({
      to: mail.to,
      subject: `You are invited to ${mail.organisationName} on Vigil`,
      text,
    });
  } catch (error) {
    throw new AppError(
      'service_unavailable',
      'The invitation was saved, but its mail could not be sent: check the mail settings, then resend it',
      { cause: error },
    );
  }
}

export async function listInvitations(
  deps: Deps,
  actor: Actor | null,
  query: TInvitationsQuery,
): Promise<TInvitationList> {
  assertCan(actor, 'person:invite');
  const now = deps.now();
  const beforeId = query.cursor ? decodeInvitationsCursor(query.cursor) : null;
  // One row more than asked for says whether there is a next page.
  const rows = await repo.listInvitations(
    deps.db,
    actor.organisationId,
    { status: query.status, now: now.toISOString() },
    { limit: query.limit + 1, beforeId },
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => presentInvitation(row, now)),
    nextCursor: rows.length > query.limit && last ? encodeInvitationsCursor(last.id) : null,
  };
}

/** Invites someone by email; the mail with the single-use link goes out after the invitation is saved. */
export async function createInvitation(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TCreateInvitationRequest,
): Promise<TInvitation> {
  assertCan(actor, 'person:invite');
  assertMayInviteAs(actor.role, input.role);
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  const token = randomToken();
  const id = uuidv7();
  const fields = {
    email: input.email,
    name: input.name ?? null,
    role: input.role,
    department: input.department ?? null,
    jobTitle: input.jobTitle ?? null,
  };
  const saved = await deps.db.transaction().execute(async (tx) => {
    const member = await repo.findMembershipByEmail(tx, organisationId, input.email);
    if (member) {
      throw new AppError(
        'conflict',
        member.status === 'disabled'
          ? `${input.email} is a member whose access is disabled: enable them on the people page instead`
          : member.expires_at !== null && member.expires_at <= now
            ? `${input.email}'s membership has ended: change its end date on the people page instead`
            : `${input.email} is already a member of this organisation`,
      );
    }
    if (await repo.hasPendingInvitation(tx, organisationId, input.email, now)) {
      throw new AppError('conflict', `${input.email} already has a pending invitation: resend it instead`);
    }
    await repo.insertInvitation(tx, organisationId, {
      id,
      email: fields.email,
      name: fields.name,
      role: fields.role,
      department: fields.department,
      job_title: fields.jobTitle,
      token_hash: hashToken(token),
      invited_by: actor.userId,
      expires_at: expiryFrom(clock),
      created_at: now,
      updated_at: now,
    });
    await recordAudit(tx, audit, {
      organisationId,
      action: 'invitation.created',
      subject: { type: 'invitation', id },
      changes: diffChanges(null, fields),
    });
    const row = await repo.getInvitation(tx, organisationId, id);
    if (!row) throw new Error('invitation vanished inside its own transaction');
    return {
      row,
      organisationName: await repo.getOrganisationName(tx, organisationId),
    };
  });
  await sendInvitationMail(deps, {
    to: saved.row.email,
    name: saved.row.name,
    organisationName: saved.organisationName,
    inviterName: saved.row.invited_by_name,
    token,
    expiresAt: saved.row.expires_at,
  });
  return presentInvitation(saved.row, clock);
}

/** A new link for an open invitation (the old one stops working), valid for another week, mailed again. */
export async function resendInvitation(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  invitationId: string,
): Promise<TInvitation> {
  assertCan(actor, 'person:invite');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  const token = randomToken();
  const saved = await deps.db.transaction().execute(async (tx) => {
    const before = await repo.getInvitation(tx, organisationId, invitationId);
    if (!before) throw notFound('The invitation');
    assertMayInviteAs(actor.role, ZRole.parse(before.role));
    const status = invitationStatus(before, clock);
    if (status === 'accepted' || status === 'revoked') {
      throw new AppError(
        'conflict',
        status === 'accepted'
          ? `${before.email} has already accepted this invitation`
          : `This invitation to ${before.email} was withdrawn: invite them again instead`,
      );
    }
    const expiresAt = expiryFrom(clock);
    const renewed = await repo.renewInvitationToken(tx, organisationId, invitationId, {
      tokenHash: hashToken(token),
      expiresAt,
      now,
    });
    if (!renewed)
      throw new AppError('conflict', 'The invitation was changed meanwhile: reload and try again');
    await recordAudit(tx, audit, {
      organisationId,
      action: 'invitation.resent',
      subject: { type: 'invitation', id: invitationId },
      changes: diffChanges({ expiresAt: before.expires_at }, { expiresAt }),
    });
    const row = await repo.getInvitation(tx, organisationId, invitationId);
    if (!row) throw new Error('invitation vanished inside its own transaction');
    return { row, organisationName: await repo.getOrganisationName(tx, organisationId) };
  });
  await sendInvitationMail(deps, {
    to: saved.row.email,
    name: saved.row.name,
    organisationName: saved.organisationName,
    inviterName: (await repo.getUserName(deps.db, actor.userId)) ?? saved.row.invited_by_name,
    token,
    expiresAt: saved.row.expires_at,
  });
  return presentInvitation(saved.row, clock);
}

/** Withdraws an invitation: its link stops working. Withdrawing a withdrawn one changes nothing. */
export async function revokeInvitation(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  invitationId: string,
): Promise<void> {
  assertCan(actor, 'person:invite');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  await deps.db.transaction().execute(async (tx) => {
    const before = await repo.getInvitation(tx, organisationId, invitationId);
    if (!before) throw notFound('The invitation');
    assertMayInviteAs(actor.role, ZRole.parse(before.role));
    const status = invitationStatus(before, clock);
    if (status === 'revoked') return;
    if (status === 'accepted') {
      throw new AppError(
        'conflict',
        `${before.email} has already accepted this invitation: disable them on the people page instead`,
      );
    }
    const revoked = await repo.revokeInvitation(tx, organisationId, invitationId, clock.toISOString());
    if (!revoked)
      throw new AppError('conflict', 'The invitation was changed meanwhile: reload and try again');
    await recordAudit(tx, audit, {
      organisationId,
      action: 'invitation.revoked',
      subject: { type: 'invitation', id: invitationId },
      changes: { status: { before: status, after: 'revoked' } },
    });
  });
}

/** What an invitee sees before accepting; the same 404 for every link that does not work. */
export async function lookupInvitation(deps: Deps, token: string): Promise<TInvitationLookup> {
  const invitation = await repo.unsafeFindOpenInvitationByTokenHash(
    deps.db,
    hashToken(token),
    deps.now().toISOString(),
  );
  if (!invitation) throw linkNotValid();
  const account = await repo.unsafeFindUserByEmail(deps.db, invitation.email);
  return {
    organisationName: invitation.organisation_name,
    email: invitation.email,
    role: ZRole.parse(invitation.role),
    accountExists: account !== undefined,
  };
}

/**
 * An invitee who already has an account proves it with its password; those checks count towards the
 * account's sign-in limit like any other (S6).
 */
async function assertAccountPassword(
  deps: Deps,
  account: { email: string; password_hash: string | null; status: string },
  password: string | undefined,
): Promise<void> {
  if (password === undefined) {
    throw invalid('password', `${account.email} already has a Vigil account: enter its password to join`);
  }
  const now = deps.now();
  const wait = await loginDelay(deps.db, account.email, now);
  if (wait > 0) {
    throw new AppError(
      'rate_limited',
      'Too many wrong passwords for this account: wait before trying again',
      {
        extensions: { retryAfterSeconds: Math.ceil(wait / 1000) },
      },
    );
  }
  const ok =
    account.status === 'active' &&
    account.password_hash !== null &&
    (await verifyPassword(account.password_hash, password)).ok;
  if (!ok) {
    await recordLoginFailure(deps.db, account.email, now);
    throw invalid(
      'password',
      'This is not the password of your Vigil account, or the account cannot sign in',
    );
  }
  await clearLoginFailures(deps.db, account.email);
}

/**
 * Accepts an invitation: a new account sets its password, an existing one proves its password; then the
 * membership is made with the invited role, the link is used up in the same transaction, and the
 * invitee is signed in to the inviting organisation.
 */
export async function acceptInvitation(
  deps: Deps,
  audit: AuditContext,
  meta: RequestMeta,
  input: TAcceptInvitationRequest,
): Promise<NewSession> {
  const clock = deps.now();
  const now = clock.toISOString();
  const tokenHash = hashToken(input.token);
  const invitation = await repo.unsafeFindOpenInvitationByTokenHash(deps.db, tokenHash, now);
  if (!invitation) throw linkNotValid();
  const organisationId = invitation.organisation_id;
  const role = ZRole.parse(invitation.role);

  const account = await repo.unsafeFindUserByEmail(deps.db, invitation.email);
  let newAccount: { name: string; passwordHash: string } | null = null;
  if (account) {
    await assertAccountPassword(deps, account, input.password);
  } else {
    const name = input.name ?? invitation.name;
    if (!name) throw invalid('name', 'Enter your name');
    if (input.password === undefined) throw invalid('password', 'Choose a password for your Vigil account');
    assertPasswordAcceptable(input.password, invitation.email);
    newAccount = { name, passwordHash: await hashPassword(input.password) };
  }

  const userId = await deps.db
    .transaction()
    .execute(async (tx) => {
      if (!(await repo.markInvitationAccepted(tx, organisationId, invitation.id, tokenHash, now))) {
        throw linkNotValid();
      }
      const userId = account?.id ?? uuidv7();
      if (newAccount) {
        await repo.insertUser(tx, {
          id: userId,
          email: invitation.email,
          name: newAccount.name,
          password_hash: newAccount.passwordHash,
          created_at: now,
          updated_at: now,
        });
      } else if (await repo.hasMembership(tx, organisationId, userId)) {
        throw new AppError('conflict', `You are already a member of ${invitation.organisation_name}`);
      }
      const membershipId = uuidv7();
      const membership = {
        role,
        department: invitation.department,
        jobTitle: invitation.job_title,
        expiresAt: membershipExpiryOnAccept(role, clock),
      };
      await repo.insertMembership(tx, organisationId, {
        id: membershipId,
        user_id: userId,
        role: membership.role,
        department: membership.department,
        job_title: membership.jobTitle,
        expires_at: membership.expiresAt,
        created_at: now,
        updated_at: now,
      });
      const as: AuditContext = { ...audit, actor: { type: 'user', id: userId } };
      await recordAudit(tx, as, {
        organisationId,
        action: 'invitation.accepted',
        subject: { type: 'invitation', id: invitation.id },
        changes: {
          status: { before: 'pending', after: 'accepted' },
          accountCreated: { before: null, after: newAccount !== null },
        },
      });
      await recordAudit(tx, as, {
        organisationId,
        action: 'membership.created',
        subject: { type: 'membership', id: membershipId },
        changes: diffChanges(null, { user: invitation.email, ...membership }),
      });
      return userId;
    })
    .catch((error: unknown) => {
      // another acceptance created the same account a moment earlier
      if (isUniqueViolation(error)) {
        throw new AppError(
          'conflict',
          'An account with this email was just created: sign in and open the link again',
        );
      }
      throw error;
    });
  return startSession(deps, audit, meta, {
    userId,
    organisationId,
    mfaPassed: false,
    event: 'session.created',
  });
}
