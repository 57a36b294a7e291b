import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalEvent, GENESIS_HASH, type HashedAuditEvent, hashEvent } from './audit-hash.ts';

/** SHA-256 of the empty string: a recognisable prev_hash for the fixed event. */
const PREV = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const FIXED: HashedAuditEvent = {
  id: '0190f3a0-8e2b-7c4d-9a1b-2c3d4e5f6a7b',
  organisationId: '0190f3a0-0000-7000-8000-000000000001',
  seq: 7,
  occurredAt: '2026-11-28T13:00:00.123Z',
  actorType: 'user',
  actorId: '0190f3a0-0000-7000-8000-0000000000aa',
  action: 'risk.accepted',
  subjectType: 'risk',
  subjectId: '0190f3a0-0000-7000-8000-0000000000bb',
  changes: {
    title: { before: null, after: 'Überschwemmung im Serverraum €' },
    status: { before: 'open', after: 'accepted' },
    score: { before: 7.5, after: 12 },
  },
  requestId: 'req-42',
  ip: '203.0.113.9',
  userAgent: 'Mozilla/5.0 "quoted"',
  prevHash: PREV,
};

/**
 * The documented format, written out by hand: RFC 8785 canonical JSON (keys sorted by UTF-16 code
 * unit, at every depth; no whitespace; numbers in ECMAScript form; strings UTF-8, only `"` `\` and
 * control characters escaped).
 */
const FIXED_CANONICAL =
  '{"action":"risk.accepted","actorId":"0190f3a0-0000-7000-8000-0000000000aa","actorType":"user",' +
  '"changes":{"score":{"after":12,"before":7.5},"status":{"after":"accepted","before":"open"},' +
  '"title":{"after":"Überschwemmung im Serverraum €","before":null}},' +
  '"id":"0190f3a0-8e2b-7c4d-9a1b-2c3d4e5f6a7b","ip":"203.0.113.9","occurredAt":"2026-11-28T13:00:00.123Z",' +
  '"organisationId":"0190f3a0-0000-7000-8000-000000000001",' +
  `"prevHash":"${PREV}","requestId":"req-42","seq":7,` +
  '"subjectId":"0190f3a0-0000-7000-8000-0000000000bb","subjectType":"risk","userAgent":"Mozilla/5.0 \\"quoted\\""}';

/** Computed outside Node: `printf '%s%s' "$PREV" "$FIXED_CANONICAL" | sha256sum`. */
const FIXED_HASH = 'c6dd3cc6b1d57ec267441072a80bd3b0996b1950f7d9b766bda16f96a1b95da3';

/** Rebuilds an object with its keys in reverse order, at every depth. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  );
}

describe('audit event hash', () => {
  it('has a known answer: SHA-256 over prev_hash (hex text) followed by the canonical JSON, UTF-8', () => {
    expect(canonicalEvent(FIXED)).toBe(FIXED_CANONICAL);
    const bytes = Buffer.concat([Buffer.from(PREV, 'ascii'), Buffer.from(FIXED_CANONICAL, 'utf8')]);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(FIXED_HASH);
    expect(hashEvent(FIXED)).toBe(FIXED_HASH);
  });

  it('does not depend on the order of keys, at any depth', () => {
    const shuffled = reversed(FIXED) as HashedAuditEvent;
    expect(Object.keys(shuffled)[0]).toBe('prevHash');
    expect(canonicalEvent(shuffled)).toBe(FIXED_CANONICAL);
    expect(hashEvent(shuffled)).toBe(FIXED_HASH);
  });

  it('is deterministic: the same event always hashes the same', () => {
    const copy = structuredClone(FIXED);
    expect(hashEvent(copy)).toBe(hashEvent(FIXED));
    expect(hashEvent(FIXED)).toBe(hashEvent(FIXED));
  });

  it('changes when any single field changes', () => {
    const variants: Array<[keyof HashedAuditEvent, unknown]> = [
      ['id', '0190f3a0-8e2b-7c4d-9a1b-2c3d4e5f6a7c'],
      ['organisationId', null],
      ['seq', 8],
      ['occurredAt', '2026-11-28T13:00:00.124Z'],
      ['actorType', 'token'],
      ['actorId', null],
      ['action', 'risk.rejected'],
      ['subjectType', 'control'],
      ['subjectId', null],
      ['changes', {}],
      ['requestId', null],
      ['ip', '203.0.113.10'],
      ['userAgent', null],
      ['prevHash', GENESIS_HASH],
    ];
    const seen = new Set([FIXED_HASH]);
    for (const [field, value] of variants) {
      const hash = hashEvent({ ...FIXED, [field]: value });
      expect(seen.has(hash), `changing ${field} must change the hash`).toBe(false);
      seen.add(hash);
    }
  });

  it('tells a string from a number and null from an empty string', () => {
    const base = { ...FIXED, changes: { n: { before: 1, after: 2 } } };
    expect(hashEvent(base)).not.toBe(hashEvent({ ...base, changes: { n: { before: '1', after: 2 } } }));
    expect(hashEvent({ ...FIXED, actorId: null })).not.toBe(hashEvent({ ...FIXED, actorId: '' }));
  });

  it('uses a genesis prev_hash of 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('refuses what JSON cannot represent faithfully instead of hashing something else', () => {
    expect(() => hashEvent({ ...FIXED, changes: { x: Number.NaN } })).toThrow();
    expect(() => hashEvent({ ...FIXED, changes: { x: '\ud800' } })).toThrow();
  });
});
