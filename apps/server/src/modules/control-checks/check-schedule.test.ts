import { describe, expect, it } from 'vitest';
import { addMonths, dueState, nextDueAfter } from './check-schedule.ts';

describe('check schedule', () => {
  it('adds calendar months, keeping the day when the month has it', () => {
    expect(addMonths('2026-03-15', 1)).toBe('2026-04-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-01', 1)).toBe('2027-01-01');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
  });

  it('moves a day the target month lacks to its last day', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
  });

  it('schedules the next run by frequency, from the run date (not from the day the month was clamped to)', () => {
    expect(nextDueAfter('2026-01-31', 'monthly')).toBe('2026-02-28');
    expect(nextDueAfter('2026-01-31', 'quarterly')).toBe('2026-04-30');
    expect(nextDueAfter('2026-01-31', 'half_yearly')).toBe('2026-07-31');
    expect(nextDueAfter('2026-01-31', 'yearly')).toBe('2027-01-31');
    expect(nextDueAfter('2026-02-28', 'monthly')).toBe('2026-03-28');
    expect(nextDueAfter('2026-05-31', 'quarterly')).toBe('2026-08-31');
    expect(nextDueAfter('2026-11-30', 'quarterly')).toBe('2027-02-28');
  });
});

describe('due state', () => {
  const today = '2026-03-16';
  it('is overdue from the day after the due date, due soon from the due date back to seven days before', () => {
    const state = (nextDueOn: string, retired = false) => dueState({ nextDueOn, retired }, today);
    expect(state('2026-03-15')).toEqual({ overdue: true, dueSoon: false });
    expect(state('2026-03-16')).toEqual({ overdue: false, dueSoon: true });
    expect(state('2026-03-23')).toEqual({ overdue: false, dueSoon: true });
    expect(state('2026-03-24')).toEqual({ overdue: false, dueSoon: false });
    expect(state('2026-03-01', true)).toEqual({ overdue: false, dueSoon: false });
  });
});
