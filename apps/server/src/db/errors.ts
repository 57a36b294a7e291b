/** A unique constraint refused the write (PostgreSQL 23505; SQLite's extended code 2067), on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown } | null;
  return e !== null && typeof e === 'object' && (e.code === '23505' || e.errcode === 2067);
}
