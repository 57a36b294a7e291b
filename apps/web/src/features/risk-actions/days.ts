import { useTranslation } from 'react-i18next';

const DAY_MS = 86_400_000;

/** The calendar date (YYYY-MM-DD) at `now` in `timeZone`, as the server counts "today"; UTC's when the zone is unknown. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    // en-CA writes dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** `day` (YYYY-MM-DD) moved by `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A calendar date (YYYY-MM-DD, e.g. a due date) in the reader's language. Formatted in UTC, where the
 * date was parsed, so that it never shifts by a day west of Greenwich.
 */
export function useDayFormatter(): (day: string) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' });
  return (day) => {
    const time = Date.parse(`${day}T00:00:00.000Z`);
    return Number.isNaN(time) ? day : format.format(time);
  };
}
