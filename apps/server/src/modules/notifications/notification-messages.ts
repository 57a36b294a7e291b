/**
 * Pure logic of notifications: calendar dates in an organisation's time zone, and the plain-English
 * title and body of each kind. No I/O.
 */

const DAY_MS = 86_400_000;

/** Date formats by time zone: making one costs far more than using it (the register asks on every page). */
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) at `now` in `timeZone`; UTC's when the zone is unknown to this runtime. */
export function localDate(now: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    let format = DATE_FORMATS.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      DATE_FORMATS.set(timeZone, format);
    }
    parts = format.formatToParts(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`) / DAY_MS;
}

/** `date` (YYYY-MM-DD) moved by `days`. */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`: negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

/** `today`, `tomorrow`, `in 5 days`, `yesterday`, `3 days ago`. */
function relative(today: string, date: string): string {
  const days = daysBetween(today, date);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** A quoted name, cut short enough for a subject line. */
function quoted(text: string, max = 80): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return `"${clean.length > max ? `${clean.slice(0, max - 1)}…` : clean}"`;
}

export const riskKey = (keyNumber: number) => `RISK-${keyNumber}`;

export interface Message {
  title: string;
  body: string;
}

export interface ActionFacts {
  actionTitle: string;
  riskKeyNumber: number;
  riskTitle: string;
  /** YYYY-MM-DD. */
  dueOn: string;
}

const NEXT_STEP_ACTION = 'Complete it, or agree a new due date with the risk owner.';

export function actionDueMessage(facts: ActionFacts, today: string): Message {
  const key = riskKey(facts.riskKeyNumber);
  return {
    title: `${key}: ${quoted(facts.actionTitle)} is due ${relative(today, facts.dueOn)}`,
    body: `The treatment action ${quoted(facts.actionTitle, 200)} for ${key} (${facts.riskTitle}) is due on ${facts.dueOn}. ${NEXT_STEP_ACTION}`,
  };
}

export function actionOverdueMessage(facts: ActionFacts, today: string): Message {
  const key = riskKey(facts.riskKeyNumber);
  return {
    title: `${key}: ${quoted(facts.actionTitle)} is overdue`,
    body: `The treatment action ${quoted(facts.actionTitle, 200)} for ${key} (${facts.riskTitle}) was due on ${facts.dueOn} (${relative(today, facts.dueOn)}) and is not done yet. ${NEXT_STEP_ACTION}`,
  };
}

export interface ReviewFacts {
  riskKeyNumber: number;
  riskTitle: string;
  /** YYYY-MM-DD. */
  nextReviewOn: string;
}

export function riskReviewMessage(facts: ReviewFacts, today: string): Message {
  const key = riskKey(facts.riskKeyNumber);
  const step = 'Check its rating and treatment, then record the review.';
  if (facts.nextReviewOn < today) {
    return {
      title: `${key} is overdue for review`,
      body: `${key} (${facts.riskTitle}) was due for review on ${facts.nextReviewOn} (${relative(today, facts.nextReviewOn)}). ${step}`,
    };
  }
  return {
    title: `${key} is due for review ${relative(today, facts.nextReviewOn)}`,
    body: `${key} (${facts.riskTitle}) is due for review on ${facts.nextReviewOn}. ${step}`,
  };
}

export interface AcceptanceFacts {
  riskKeyNumber: number;
  riskTitle: string;
  acceptorName: string;
  /** YYYY-MM-DD. */
  expiresOn: string;
}

export function acceptanceExpiringMessage(facts: AcceptanceFacts, today: string): Message {
  const key = riskKey(facts.riskKeyNumber);
  const subject = `The acceptance of ${key} (${facts.riskTitle}) by ${facts.acceptorName}`;
  if (facts.expiresOn < today) {
    return {
      title: `The acceptance of ${key} has expired`,
      body: `${subject} expired on ${facts.expiresOn}. The risk needs to be accepted again or treated differently.`,
    };
  }
  return {
    title: `The acceptance of ${key} expires ${relative(today, facts.expiresOn)}`,
    body: `${subject} expires on ${facts.expiresOn}. Review the risk, then have it accepted again or change its treatment before then.`,
  };
}

export interface CheckFacts {
  checkTitle: string;
  /** `A.5.1` or `VC-3`. */
  controlKey: string;
  controlTitle: string;
  /** YYYY-MM-DD. */
  dueOn: string;
}

export function checkDueMessage(facts: CheckFacts, today: string): Message {
  return {
    title: `${facts.controlKey}: the check ${quoted(facts.checkTitle)} is due ${relative(today, facts.dueOn)}`,
    body: `The control check ${quoted(facts.checkTitle, 200)} of ${facts.controlKey} (${facts.controlTitle}) is due on ${facts.dueOn}. Carry it out and record its result.`,
  };
}

export function checkOverdueMessage(facts: CheckFacts, today: string): Message {
  return {
    title: `${facts.controlKey}: the check ${quoted(facts.checkTitle)} is overdue`,
    body: `The control check ${quoted(facts.checkTitle, 200)} of ${facts.controlKey} (${facts.controlTitle}) was due on ${facts.dueOn} (${relative(today, facts.dueOn)}) and no run is recorded yet. Carry it out and record its result, or ask a security officer to reschedule it.`,
  };
}
