const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `yyyy-mm-dd` of the local day `days` from now: the value format of `<input type="date">`. */
export function localDayFromNow(days: number): string {
  const date = new Date(Date.now() + days * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The last second of a local `yyyy-mm-dd` day as an ISO timestamp; null for an empty or malformed day. */
export function endOfLocalDay(day: string): string | null {
  if (!DAY.test(day)) return null;
  const date = new Date(`${day}T23:59:59`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
