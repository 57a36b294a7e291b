import { DEFAULT_METHODOLOGY, type TMethodology, ZMethodologyInput } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import {
  addLevel,
  addPoint,
  draftOf,
  inputOf,
  moveLevel,
  removeLevel,
  removePoint,
  updateLevel,
} from './methodology-draft.ts';

const V1: TMethodology = {
  id: '01936f4e-0000-7000-8000-000000000071',
  version: 1,
  current: true,
  createdAt: '2026-11-01T08:00:00.000Z',
  createdBy: null,
  ...DEFAULT_METHODOLOGY,
};

const valid = (input: unknown) => ZMethodologyInput.safeParse(input).success;

describe('methodology draft', () => {
  it('gives back the methodology it was made from', () => {
    expect(inputOf(draftOf(V1))).toEqual(DEFAULT_METHODOLOGY);
  });

  it('adds a highest point whose matrix row or column copies the one below, keeping the matrix valid', () => {
    const likelier = inputOf(addPoint(draftOf(V1), 'likelihood'));
    expect(likelier.likelihood.map((p) => p.value)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(likelier.matrix.at(-1)).toEqual(DEFAULT_METHODOLOGY.matrix.at(-1));
    const harsher = inputOf(addPoint(draftOf(V1), 'impact'));
    expect(harsher.matrix.map((row) => row.length)).toEqual([6, 6, 6, 6, 6]);
    expect(harsher.matrix.map((row) => row.at(-1))).toEqual(
      DEFAULT_METHODOLOGY.matrix.map((row) => row.at(-1)),
    );
    // the new point still needs a label
    expect(valid(likelier)).toBe(false);
    expect(
      valid({
        ...likelier,
        likelihood: likelier.likelihood.map((p) => ({ ...p, label: p.label || 'Certain' })),
      }),
    ).toBe(true);
  });

  it('removes a point with its matrix row or column and renumbers the points above', () => {
    const draft = removePoint(draftOf(V1), 'impact', 1);
    const input = inputOf(draft);
    expect(input.impact.map((p) => [p.value, p.label])).toEqual([
      [1, 'Negligible'],
      [2, 'Moderate'],
      [3, 'Major'],
      [4, 'Severe'],
    ]);
    expect(input.matrix[4]).toEqual(['medium', 'high', 'high', 'high']);
    expect(valid(input)).toBe(true);
  });

  it('keeps the cells of a level through a rename and hands them to the next lower level on removal', () => {
    const renamed = inputOf(updateLevel(draftOf(V1), 2, { key: 'very_high' }));
    expect(renamed.matrix[4]?.[4]).toBe('very_high');
    expect(valid(renamed)).toBe(true);

    const withoutMedium = inputOf(removeLevel(draftOf(V1), 1));
    expect(withoutMedium.levels.map((l) => l.key)).toEqual(['low', 'high']);
    expect(withoutMedium.matrix[1]).toEqual(['low', 'low', 'low', 'low', 'low']);
    expect(valid(withoutMedium)).toBe(true);

    const withoutLow = inputOf(removeLevel(draftOf(V1), 0));
    expect(withoutLow.matrix[0]).toEqual(['medium', 'medium', 'medium', 'medium', 'medium']);
  });

  it('ranks levels by their order: moving one changes what the matrix rule checks', () => {
    const swapped = inputOf(moveLevel(draftOf(V1), 2, -1));
    expect(swapped.levels.map((l) => l.key)).toEqual(['low', 'high', 'medium']);
    expect(valid(swapped)).toBe(false);
    const added = inputOf(addLevel(draftOf(V1)));
    expect(added.levels).toHaveLength(4);
    expect(added.levels[3]?.key).toBe('');
  });
});
