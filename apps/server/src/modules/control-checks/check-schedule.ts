import { CHECK_DUE_SOON_DAYS, CHECK_FREQUENCY_MONTHS, type TCheckFrequency } from '@vigil/contracts';
import { addDays } from '../notifications/notification-messages.ts';

/**
 * When a check is next due: pure calendar arithmetic on YYYY-MM-DD dates, no I/O and no time zone (the
 * dates are already the organisation's).
 */

/**
 * `date` (YYYY-MM-DD) moved by whole calendar months. A day the target month does not have becomes its
 * last day: 31 January + 1 month is 28 February (29 in a leap year), 29 February + 12 months is 28 February.
 */
export function addMonths(date: string, months: number): string {
  const [year = Number.NaN, month = Number.NaN, day = Number.NaN] = date.split('-').map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

/** The due date a run on `performedOn` schedules: its date plus the check's frequency. */
export function nextDueAfter(performedOn: string, frequency: TCheckFrequency): string {
  return addMonths(performedOn, CHECK_FREQUENCY_MONTHS[frequency]);
}

/**
 * Where an active check stands against `today` (the organisation's): overdue when due before today, due
 * soon when due from today to `CHECK_DUE_SOON_DAYS` days ahead. A retired check is neither.
 */
export function dueState(
  check: { nextDueOn: string; retired: boolean },
  today: string,
): { overdue: boolean; dueSoon: boolean } {
  if (check.retired) return { overdue: false, dueSoon: false };
  return {
    overdue: check.nextDueOn < today,
    dueSoon: check.nextDueOn >= today && check.nextDueOn <= addDays(today, CHECK_DUE_SOON_DAYS),
  };
}
