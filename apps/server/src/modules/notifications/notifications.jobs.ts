import { CHECK_DUE_SOON_DAYS, type TNotificationKind } from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import type { Job } from '../../jobs/scheduler.ts';
import { type CheckToAnnounce, checksToAnnounce } from '../control-checks/control-checks.service.ts';
import {
  acceptanceExpiringMessage,
  actionDueMessage,
  actionOverdueMessage,
  addDays,
  checkDueMessage,
  checkOverdueMessage,
  localDate,
  riskReviewMessage,
} from './notification-messages.ts';
import { notificationLink } from './notifications.presenter.ts';
import * as repo from './notifications.repo.ts';

/**
 * The scheduled jobs that notify people, in the app and by mail. Each computes, per organisation and on
 * its calendar, what should be notified, and inserts it with a deterministic dedupe key (kind, subject,
 * the date concerned, recipient), so that however often and on however many nodes it runs, each
 * notification exists once. Mail goes out after the insert commits, once per notification (see `mail`).
 * A date that moves (a new due date, review date or expiry) is a new notification.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Actions due within this many days (today included) are announced to their owner. */
export const ACTION_DUE_DAYS = 7;
/** Reviews due within this many days, or overdue, are announced to the risk owner. */
export const REVIEW_DUE_DAYS = 14;
/** Acceptances expiring within this many days, or expired, are announced to the acceptor and the owner. */
export const ACCEPTANCE_EXPIRY_DAYS = 30;
/** A notification whose mail could not be sent is retried for this long, then stays in the app only. */
export const MAIL_RETRY_MS = 3 * 24 * HOUR_MS;
/** Notifications mailed per query; the retry job mails at most this many per run. */
const MAIL_BATCH = 500;

/** One notification to one person, before it has an id. */
interface Draft {
  userId: string;
  kind: TNotificationKind;
  /** What it is about; the notification links to it. */
  subject: { type: 'risk' | 'control'; id: string };
  title: string;
  body: string;
  dedupeKey: string;
}

/** What a job finds in one organisation: its drafts, given the organisation's date today. */
type Collect = (db: Kysely<DB>, organisationId: string, today: string, now: string) => Promise<Draft[]>;

/**
 * Runs `collect` for every organisation and inserts what it finds, one short transaction each; once that
 * has committed, mails the organisation's new notifications. Throws at the end when any mail failed.
 */
async function notify(deps: Deps, now: Date, collect: Collect): Promise<void> {
  const nowIso = now.toISOString();
  const failures: MailFailures = { attempted: 0, errors: [] };
  for (const organisation of await repo.unsafeListOrganisationCalendars(deps.db)) {
    const today = localDate(now, organisation.time_zone);
    const inserted = await deps.db.transaction().execute(async (tx) => {
      const drafts = await collect(tx, organisation.id, today, nowIso);
      return repo.insertNotifications(
        tx,
        organisation.id,
        drafts.map((draft) => ({
          id: uuidv7(),
          userId: draft.userId,
          kind: draft.kind,
          subjectType: draft.subject.type,
          subjectId: draft.subject.id,
          title: draft.title,
          body: draft.body,
          dedupeKey: draft.dedupeKey,
          createdAt: nowIso,
        })),
      );
    });
    for (let i = 0; i < inserted.length; i += MAIL_BATCH) {
      const rows = await repo.listUnmailed(
        deps.db,
        organisation.id,
        inserted.slice(i, i + MAIL_BATCH),
        nowIso,
      );
      await mail(deps, rows, failures);
    }
  }
  throwIfMailFailed(failures);
}

type ActionRow = Awaited<ReturnType<typeof repo.listOpenActionsDue>>[number];

function actionDrafts(rows: ActionRow[], kind: 'action_due' | 'action_overdue', today: string): Draft[] {
  const message = kind === 'action_due' ? actionDueMessage : actionOverdueMessage;
  return rows.map((row) => ({
    userId: row.user_id,
    kind,
    subject: { type: 'risk', id: row.risk_id },
    ...message(
      {
        actionTitle: row.title,
        riskKeyNumber: row.risk_key_number,
        riskTitle: row.risk_title,
        dueOn: row.due_on,
      },
      today,
    ),
    dedupeKey: `${kind}:${row.id}:${row.due_on}:${row.user_id}`,
  }));
}

const collectActionsDue: Collect = async (db, organisationId, today, now) => {
  const window = { from: today, to: addDays(today, ACTION_DUE_DAYS), now };
  return actionDrafts(await repo.listOpenActionsDue(db, organisationId, window), 'action_due', today);
};

const collectActionsOverdue: Collect = async (db, organisationId, today, now) => {
  const window = { to: addDays(today, -1), now };
  return actionDrafts(await repo.listOpenActionsDue(db, organisationId, window), 'action_overdue', today);
};

const collectReviewsDue: Collect = async (db, organisationId, today, now) => {
  const rows = await repo.listRisksDueForReview(db, organisationId, {
    to: addDays(today, REVIEW_DUE_DAYS),
    now,
  });
  return rows.map((row) => ({
    userId: row.user_id,
    kind: 'risk_review_due',
    subject: { type: 'risk', id: row.id },
    ...riskReviewMessage(
      { riskKeyNumber: row.key_number, riskTitle: row.title, nextReviewOn: row.next_review_on },
      today,
    ),
    dedupeKey: `risk_review_due:${row.id}:${row.next_review_on}:${row.user_id}`,
  }));
};

const collectAcceptancesExpiring: Collect = async (db, organisationId, today, now) => {
  const rows = await repo.listAcceptancesExpiring(db, organisationId, {
    to: addDays(today, ACCEPTANCE_EXPIRY_DAYS),
    now,
  });
  return rows.flatMap((row) => {
    const recipients = new Set<string>();
    const acceptor = {
      userStatus: row.acceptor_user_status,
      membershipStatus: row.acceptor_membership_status,
      membershipExpiresAt: row.acceptor_membership_expires_at,
    };
    const owner = {
      userStatus: row.owner_user_status,
      membershipStatus: row.owner_membership_status,
      membershipExpiresAt: row.owner_membership_expires_at,
    };
    if (repo.canAct(acceptor, now)) recipients.add(row.acceptor_user_id);
    if (repo.canAct(owner, now)) recipients.add(row.owner_user_id);
    const message = acceptanceExpiringMessage(
      {
        riskKeyNumber: row.risk_key_number,
        riskTitle: row.risk_title,
        acceptorName: row.acceptor_name,
        expiresOn: row.expires_on,
      },
      today,
    );
    return [...recipients].map((userId) => ({
      userId,
      kind: 'acceptance_expiring' as const,
      subject: { type: 'risk' as const, id: row.risk_id },
      ...message,
      dedupeKey: `acceptance_expiring:${row.id}:${row.expires_on}:${userId}`,
    }));
  });
};

/** Control checks are announced to their assignee, linking to the control (the checks are shown there). */
function checkDrafts(
  checks: CheckToAnnounce[],
  kind: 'control_check_due' | 'control_check_overdue',
  today: string,
): Draft[] {
  const message = kind === 'control_check_due' ? checkDueMessage : checkOverdueMessage;
  return checks.map((check) => ({
    userId: check.userId,
    kind,
    subject: { type: 'control', id: check.controlId },
    ...message(
      {
        checkTitle: check.title,
        controlKey: check.controlKey,
        controlTitle: check.controlTitle,
        dueOn: check.nextDueOn,
      },
      today,
    ),
    dedupeKey: `${kind}:${check.checkId}:${check.nextDueOn}:${check.userId}`,
  }));
}

const collectChecksDue: Collect = async (db, organisationId, today, now) => {
  const window = { from: today, to: addDays(today, CHECK_DUE_SOON_DAYS), now };
  return checkDrafts(await checksToAnnounce(db, organisationId, window), 'control_check_due', today);
};

const collectChecksOverdue: Collect = async (db, organisationId, today, now) => {
  const window = { to: addDays(today, -1), now };
  return checkDrafts(await checksToAnnounce(db, organisationId, window), 'control_check_overdue', today);
};

export const notifyActionsDue = (deps: Deps, now: Date) => notify(deps, now, collectActionsDue);
export const notifyActionsOverdue = (deps: Deps, now: Date) => notify(deps, now, collectActionsOverdue);
export const notifyReviewsDue = (deps: Deps, now: Date) => notify(deps, now, collectReviewsDue);
export const notifyAcceptancesExpiring = (deps: Deps, now: Date) =>
  notify(deps, now, collectAcceptancesExpiring);
export const notifyChecksDue = (deps: Deps, now: Date) => notify(deps, now, collectChecksDue);
export const notifyChecksOverdue = (deps: Deps, now: Date) => notify(deps, now, collectChecksOverdue);

interface MailFailures {
  attempted: number;
  errors: unknown[];
}

/**
 * Mails each notification to its person. Each is claimed first (`emailed_at` set where it is null), so of
 * several nodes or runs exactly one sends it; a failed send gives the claim back, so that the retry job
 * tries again. A node that dies between claim and send loses that mail (the notification stays in the
 * app): at most once, never twice.
 */
async function mail(deps: Deps, rows: readonly repo.UnmailedRow[], failures: MailFailures): Promise<void> {
  const base = deps.publicUrl.replace(/\/+$/, '');
  for (const row of rows) {
    const claimedAt = deps.now().toISOString();
    if (!(await repo.claimForMail(deps.db, row.organisation_id, row.id, claimedAt))) continue;
    failures.attempted++;
    try {
      await deps.mailer.send({
        to: row.email,
        subject: row.title,
        text: `${row.body}\n\n${base}${notificationLink(row.subject_type, row.subject_id)}\n`,
      });
    } catch (error) {
      failures.errors.push(error);
      await repo.releaseMailClaim(deps.db, row.organisation_id, row.id, claimedAt);
    }
  }
}

/** Fails the job when mail failed, so that its `last_error` says so; the mail is retried later. */
function throwIfMailFailed(failures: MailFailures): void {
  const [first] = failures.errors;
  if (first === undefined) return;
  const reason = first instanceof Error ? first.message : String(first);
  throw new Error(
    `${failures.errors.length} of ${failures.attempted} notification mails could not be sent and will be retried: ${reason}`,
    { cause: first },
  );
}

/**
 * The retry: mails every notification of the last `MAIL_RETRY_MS` that is not mailed yet (its first
 * attempt failed), if its person can still act. Older ones stay in the app only.
 */
export async function retryNotificationMail(deps: Deps, now: Date): Promise<void> {
  const rows = await repo.unsafeListUnmailedSince(deps.db, {
    since: new Date(now.getTime() - MAIL_RETRY_MS).toISOString(),
    now: now.toISOString(),
    limit: MAIL_BATCH,
  });
  const failures: MailFailures = { attempted: 0, errors: [] };
  await mail(deps, rows, failures);
  throwIfMailFailed(failures);
}

/** The notification jobs, for the scheduler's registry. */
export const NOTIFICATION_JOBS: readonly Job[] = [
  // New notifications are mailed by the job that creates them; this one retries mail that failed. It runs
  // first in a tick, so that a mail that has just failed is not tried again in the same tick.
  { name: 'notifications.mail_retry', intervalMs: 5 * MINUTE_MS, run: retryNotificationMail },
  { name: 'notifications.action_due', intervalMs: HOUR_MS, run: notifyActionsDue },
  { name: 'notifications.action_overdue', intervalMs: HOUR_MS, run: notifyActionsOverdue },
  { name: 'notifications.risk_review_due', intervalMs: HOUR_MS, run: notifyReviewsDue },
  { name: 'notifications.acceptance_expiring', intervalMs: HOUR_MS, run: notifyAcceptancesExpiring },
  { name: 'notifications.control_check_due', intervalMs: HOUR_MS, run: notifyChecksDue },
  { name: 'notifications.control_check_overdue', intervalMs: HOUR_MS, run: notifyChecksOverdue },
];
