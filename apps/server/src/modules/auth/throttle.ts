import type { Kysely } from 'kysely';
import { hashToken } from '../../crypto.ts';
import type { DB } from '../../db/types.ts';

/** At most this many password checks per account per window, from any number of IPs (S6). */
export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60 * 1000;
/** Failures before delays start; then 2, 4, 8 ... seconds between checks. */
const FREE_FAILURES = 3;

const keyOf = (email: string) => `login:${hashToken(email.toLowerCase())}`;

/** Milliseconds to wait before the next password check of this account may run; 0 when allowed now. */
export async function loginDelay(db: Kysely<DB>, email: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('login_throttle')
    .selectAll()
    .where('key', '=', keyOf(email))
    .executeTakeFirst();
  if (!row) return 0;
  const windowEnd = Date.parse(row.window_start) + WINDOW_MS;
  if (windowEnd <= now.getTime()) return 0;
  if (row.failures >= MAX_FAILURES) return windowEnd - now.getTime();
  const lockedUntil = row.locked_until ? Date.parse(row.locked_until) : 0;
  return Math.max(0, lockedUntil - now.getTime());
}

/** Records a failed check (known or unknown account alike) and sets the growing delay. */
export async function recordLoginFailure(db: Kysely<DB>, email: string, now: Date): Promise<void> {
  const key = keyOf(email);
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  const fresh = !row || Date.parse(row.window_start) + WINDOW_MS <= now.getTime();
  const failures = fresh ? 1 : row.failures + 1;
  const delay = failures > FREE_FAILURES ? 1000 * 2 ** (failures - FREE_FAILURES) : 0;
  const values = {
    window_start: fresh ? now.toISOString() : row.window_start,
    failures,
    locked_until: delay > 0 ? new Date(now.getTime() + delay).toISOString() : null,
  };
  await db
    .insertInto('login_throttle')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

export async function clearLoginFailures(db: Kysely<DB>, email: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', keyOf(email)).execute();
}
