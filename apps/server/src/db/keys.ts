import type { Kysely } from 'kysely';
import type { DB } from './types.ts';

/**
 * Per-organisation keys for the records people talk about (`RISK-12`, `ASSET-3`): a prefix and a number
 * that counts up per organisation and kind, never reused. Later modules add their kind here.
 */
export const KEY_PREFIXES = {
  asset: 'ASSET',
  risk: 'RISK',
  /** The organisation's own controls; Annex A controls keep their Annex A id (`A.5.1`). */
  control: 'VC',
  evidence: 'EV',
} as const;
export type KeyKind = keyof typeof KEY_PREFIXES;
/** Every counter: the keys above, and numbers without a prefix (a published SoA version, an assessment). */
export type CounterKind = KeyKind | 'soa_version' | 'risk_assessment';

/**
 * The next key number of `kind` in the organisation. Call it in the transaction that inserts the record:
 * the counter's row stays locked until commit (PostgreSQL), so concurrent creates queue up and each gets
 * its own number, and a rolled-back create gives its number back. One statement on both dialects: an
 * insert of the first number, or on conflict an increment, returning the value.
 */
export async function nextKey(tx: Kysely<DB>, organisationId: string, kind: CounterKind): Promise<number> {
  const row = await tx
    .insertInto('key_counters')
    .values({ organisation_id: organisationId, kind, last_value: 1 })
    .onConflict((oc) =>
      oc
        .columns(['organisation_id', 'kind'])
        .doUpdateSet((eb) => ({ last_value: eb('key_counters.last_value', '+', 1) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

/**
 * Reserves `count` consecutive key numbers of `kind` at once (a bulk import) and returns the first: the
 * numbers are `first` to `first + count - 1`. The same single statement and locking as `nextKey`.
 */
export async function reserveKeys(
  tx: Kysely<DB>,
  organisationId: string,
  kind: KeyKind,
  count: number,
): Promise<number> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`cannot reserve ${count} keys`);
  const row = await tx
    .insertInto('key_counters')
    .values({ organisation_id: organisationId, kind, last_value: count })
    .onConflict((oc) =>
      oc
        .columns(['organisation_id', 'kind'])
        .doUpdateSet((eb) => ({ last_value: eb('key_counters.last_value', '+', count) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value) - count + 1;
}

/** `RISK-12` from the kind and number. */
export function formatKey(kind: KeyKind, keyNumber: number): string {
  return `${KEY_PREFIXES[kind]}-${keyNumber}`;
}
