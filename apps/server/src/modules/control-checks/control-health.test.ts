import { describe, expect, it } from 'vitest';
import { controlHealth, type HealthCheck, soaHealthOf } from './control-health.ts';

const TODAY = '2026-03-16';
const FRESH = { total: 2, stale: 0, latestCollectedOn: '2026-03-01' };
const STALE = { total: 2, stale: 1, latestCollectedOn: '2026-03-01' };
const NONE = { total: 0, stale: 0, latestCollectedOn: null };

const check = (overrides: Partial<HealthCheck> = {}): HealthCheck => ({
  nextDueOn: '2026-04-01',
  lastRunOn: '2026-03-01',
  lastResult: 'effective',
  followUpOpen: false,
  ...overrides,
});
const never = (nextDueOn = '2026-04-01') => check({ nextDueOn, lastRunOn: null, lastResult: null });

describe('control health', () => {
  it('is unchecked without active checks, or while none has run and none is overdue', () => {
    expect(controlHealth([], STALE, TODAY)).toEqual({
      status: 'unchecked',
      result: null,
      lastCheckedOn: null,
      activeChecks: 0,
      overdueChecks: 0,
      openFollowUps: 0,
      evidence: 2,
      staleEvidence: 1,
    });
    expect(controlHealth([never(), never(TODAY)], FRESH, TODAY)).toMatchObject({
      status: 'unchecked',
      result: null,
      activeChecks: 2,
    });
  });

  it('is overdue when a check is due before today, unless a last result is not effective', () => {
    expect(controlHealth([never('2026-03-15')], NONE, TODAY)).toMatchObject({
      status: 'overdue',
      result: null,
      overdueChecks: 1,
    });
    expect(controlHealth([check(), check({ nextDueOn: '2026-03-15' })], FRESH, TODAY)).toMatchObject({
      status: 'overdue',
      result: 'effective',
    });
    const failed = check({ lastResult: 'not_effective', followUpOpen: true, nextDueOn: '2026-03-01' });
    expect(controlHealth([failed], FRESH, TODAY)).toMatchObject({
      status: 'not_effective',
      result: 'not_effective',
      overdueChecks: 1,
      openFollowUps: 1,
    });
  });

  it('takes the worst last result and the latest run date', () => {
    const checks = [
      check({ lastRunOn: '2026-02-01', lastResult: 'partly_effective' }),
      check({ lastRunOn: '2026-03-10' }),
      never(),
    ];
    expect(controlHealth(checks, FRESH, TODAY)).toMatchObject({
      status: 'partly_effective',
      result: 'partly_effective',
      lastCheckedOn: '2026-03-10',
      activeChecks: 3,
    });
    expect(controlHealth([check(), check({ lastResult: 'not_effective' })], FRESH, TODAY).status).toBe(
      'not_effective',
    );
    expect(controlHealth([check(), never()], FRESH, TODAY)).toMatchObject({
      status: 'effective',
      result: 'effective',
      lastCheckedOn: '2026-03-01',
    });
  });

  it('counts a follow-up still open after a later partly effective run', () => {
    const partly = check({ lastResult: 'partly_effective', followUpOpen: true });
    expect(controlHealth([partly], FRESH, TODAY)).toMatchObject({
      status: 'partly_effective',
      openFollowUps: 1,
    });
  });

  it('makes an effective result partly effective while evidence is stale', () => {
    expect(controlHealth([check()], STALE, TODAY)).toMatchObject({
      status: 'partly_effective',
      result: 'partly_effective',
      staleEvidence: 1,
    });
    expect(controlHealth([check({ lastResult: 'not_effective' })], STALE, TODAY).result).toBe(
      'not_effective',
    );
  });
});

describe('SoA health', () => {
  it('is the result with the last check date, null until a check ran, whatever is overdue', () => {
    expect(soaHealthOf(controlHealth([never('2026-01-01')], FRESH, TODAY))).toBeNull();
    expect(soaHealthOf(controlHealth([check({ nextDueOn: '2026-03-02' })], STALE, TODAY))).toEqual({
      status: 'partly_effective',
      lastCheckedOn: '2026-03-01',
    });
    expect(soaHealthOf(controlHealth([check()], FRESH, TODAY))).toEqual({
      status: 'effective',
      lastCheckedOn: '2026-03-01',
    });
  });
});
