import type { TLevelRef, TSnapshotRating } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { ratingChange } from './rating-change.ts';

const LOW: TLevelRef = { key: 'low', label: 'Low', colour: '#2f9e44' };
const MEDIUM: TLevelRef = { key: 'medium', label: 'Medium', colour: '#f59f00' };
const HIGH: TLevelRef = { key: 'high', label: 'High', colour: '#c92a2a' };
const ORDER = ['low', 'medium', 'high'];

function rating(
  inherent: [number, number, TLevelRef],
  residual: [number, number, TLevelRef] | null = null,
): TSnapshotRating {
  const [likelihood, impact, level] = inherent;
  return {
    methodologyVersion: 1,
    inherent: { likelihood, impact, level },
    residual: residual ? { likelihood: residual[0], impact: residual[1], level: residual[2] } : null,
    level: residual ? residual[2] : level,
  };
}

describe('ratingChange', () => {
  it('ranks levels by the methodology, not by their names or scores', () => {
    expect(ratingChange(rating([2, 2, LOW]), rating([3, 4, HIGH]), ORDER)).toEqual({
      direction: 'raised',
      levelChanged: true,
    });
    expect(ratingChange(rating([5, 5, HIGH]), rating([5, 5, HIGH], [1, 5, MEDIUM]), ORDER)).toEqual({
      direction: 'lowered',
      levelChanged: true,
    });
  });

  it('within one level, goes by likelihood x impact of the deciding (residual) rating', () => {
    expect(ratingChange(rating([4, 4, HIGH], [2, 2, LOW]), rating([4, 4, HIGH], [1, 3, LOW]), ORDER)).toEqual(
      {
        direction: 'lowered',
        levelChanged: false,
      },
    );
    expect(ratingChange(rating([2, 3, MEDIUM]), rating([3, 2, MEDIUM]), ORDER)).toEqual({
      direction: 'changed',
      levelChanged: false,
    });
  });

  it('falls back to the scores for a level the current methodology no longer has', () => {
    const severe: TLevelRef = { key: 'severe', label: 'Severe', colour: '#000000' };
    expect(ratingChange(rating([5, 5, severe]), rating([3, 3, MEDIUM]), ORDER)).toEqual({
      direction: 'lowered',
      levelChanged: true,
    });
  });
});
