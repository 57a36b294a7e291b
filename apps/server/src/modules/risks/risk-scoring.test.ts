import {
  DEFAULT_METHODOLOGY,
  type TMethodologyInput,
  type TRiskLevel,
  ZMethodologyInput,
} from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { isOnScales, levelOf, mayAccept, nextReviewDate, rankOf } from './risk-scoring.ts';

const M = DEFAULT_METHODOLOGY;

describe('default methodology', () => {
  it('is valid: 5x5, three levels, monotonic', () => {
    expect(ZMethodologyInput.safeParse(M).success).toBe(true);
    expect(M.matrix.flat()).toHaveLength(25);
    expect(M.levels.map((l) => l.key)).toEqual(['low', 'medium', 'high']);
  });

  it.each([
    [1, 1, 'low'],
    [2, 2, 'low'],
    [1, 5, 'medium'],
    [3, 4, 'medium'],
    [3, 5, 'high'],
    [5, 5, 'high'],
    [5, 1, 'medium'],
  ])('likelihood %i x impact %i is %s', (likelihood, impact, level) => {
    expect(levelOf(M, { likelihood, impact }).key).toBe(level);
  });

  it('knows which ratings are on its scales', () => {
    expect(isOnScales(M, { likelihood: 5, impact: 1 })).toBe(true);
    expect(isOnScales(M, { likelihood: 6, impact: 1 })).toBe(false);
    expect(isOnScales(M, { likelihood: 0, impact: 1 })).toBe(false);
    expect(isOnScales(M, { likelihood: 2.5, impact: 1 })).toBe(false);
    expect(() => levelOf(M, { likelihood: 6, impact: 1 })).toThrow(RangeError);
  });
});

describe('review dates', () => {
  it('follow the level interval in calendar months', () => {
    const from = new Date('2026-11-28T15:00:00Z');
    expect(nextReviewDate(M, 'high', from)).toBe('2027-02-28');
    expect(nextReviewDate(M, 'medium', from)).toBe('2027-05-28');
    expect(nextReviewDate(M, 'low', from)).toBe('2027-11-28');
  });
  it('end a short month on its last day', () => {
    expect(nextReviewDate(M, 'high', new Date('2026-11-30T00:00:00Z'))).toBe('2027-02-28');
    expect(
      nextReviewDate(
        { ...M, levels: M.levels.map((l) => ({ ...l, reviewIntervalMonths: 1 })) },
        'low',
        new Date('2028-01-31T00:00:00Z'),
      ),
    ).toBe('2028-02-29');
  });
});

describe('acceptance authority (6.1.3 f)', () => {
  it('lets top management accept High, and nobody else', () => {
    expect(mayAccept(M, 'high', { role: 'top_management', ownsRisk: false })).toBe(true);
    expect(mayAccept(M, 'high', { role: 'security_officer', ownsRisk: true })).toBe(false);
    expect(mayAccept(M, 'high', { role: 'owner', ownsRisk: true })).toBe(false);
  });
  it('lets a risk owner accept Low, but not a contributor who does not own the risk', () => {
    expect(mayAccept(M, 'low', { role: 'contributor', ownsRisk: true })).toBe(true);
    expect(mayAccept(M, 'low', { role: 'contributor', ownsRisk: false })).toBe(false);
    expect(mayAccept(M, 'medium', { role: 'contributor', ownsRisk: true })).toBe(false);
  });
  it('refuses an unknown level', () => {
    expect(mayAccept(M, 'extreme', { role: 'top_management', ownsRisk: true })).toBe(false);
    expect(rankOf(M, 'high')).toBe(2);
  });
});

describe('methodology validation (6.1.2 a-b)', () => {
  const errors = (m: TMethodologyInput) => {
    const r = ZMethodologyInput.safeParse(m);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('refuses a matrix where more likelihood gives a lower level', () => {
    const matrix = M.matrix.map((row) => [...row]);
    (matrix[4] as string[])[4] = 'low';
    expect(errors({ ...M, matrix })).toContain(
      'matrix.4.4: A higher likelihood or impact must never give a lower level',
    );
  });
  it('refuses unknown levels, wrong dimensions, duplicate keys and short scales', () => {
    const matrix = M.matrix.map((row) => [...row]);
    (matrix[0] as string[])[0] = 'tiny';
    expect(errors({ ...M, matrix })).toContain('matrix.0.0: Unknown level "tiny"');
    expect(errors({ ...M, matrix: M.matrix.slice(0, 4) })).toContain(
      'matrix: The matrix needs one row per likelihood point',
    );
    expect(errors({ ...M, levels: [...M.levels, M.levels[0] as TRiskLevel] })).toContain(
      'levels: Level keys must be unique',
    );
    expect(errors({ ...M, likelihood: M.likelihood.slice(0, 2) })[0]).toMatch(/at least 3 points/);
  });
  it('accepts a 3x3 methodology with 4 levels', () => {
    const three = M.likelihood.slice(0, 3);
    const levels = [
      ...M.levels,
      { key: 'critical', label: 'Critical', colour: '#000000', reviewIntervalMonths: 1, acceptableBy: [] },
    ];
    const m: TMethodologyInput = {
      likelihood: three,
      impact: M.impact.slice(0, 3),
      impactDimensions: [],
      levels,
      matrix: [
        ['low', 'low', 'medium'],
        ['low', 'medium', 'high'],
        ['medium', 'high', 'critical'],
      ],
    };
    expect(errors(m)).toEqual([]);
    expect(levelOf(m, { likelihood: 3, impact: 3 }).key).toBe('critical');
    expect(mayAccept(m, 'critical', { role: 'top_management', ownsRisk: true })).toBe(false);
  });
});
