import type { TMethodology, TMethodologyInput, TRiskLevel, TScalePoint } from '@vigil/contracts';

/**
 * The methodology being edited. Levels carry a local `uid` and matrix cells point at it rather than at
 * the level key, so renaming, reordering or removing a level never loses which cells it had.
 */
export interface DraftLevel extends TRiskLevel {
  uid: number;
}

export interface Draft {
  likelihood: TScalePoint[];
  impact: TScalePoint[];
  impactDimensions: string[];
  levels: DraftLevel[];
  /** matrix[likelihood - 1][impact - 1] = uid of a level, -1 for none. */
  matrix: number[][];
  /** The next uid to hand out. */
  nextUid: number;
}

export type Axis = 'likelihood' | 'impact';

export const MIN_POINTS = 3;
export const MAX_POINTS = 7;
export const MAX_LEVELS = 5;
export const MAX_DIMENSIONS = 8;

export function draftOf(methodology: TMethodology): Draft {
  const levels = methodology.levels.map((level, uid) => ({
    ...level,
    acceptableBy: [...level.acceptableBy],
    uid,
  }));
  const uidOf = new Map(levels.map((level) => [level.key, level.uid]));
  return {
    likelihood: methodology.likelihood.map((point) => ({ ...point })),
    impact: methodology.impact.map((point) => ({ ...point })),
    impactDimensions: [...methodology.impactDimensions],
    levels,
    matrix: methodology.matrix.map((row) => row.map((key) => uidOf.get(key) ?? -1)),
    nextUid: levels.length,
  };
}

/** The draft as the API takes it (not yet validated): levels without uids, cells as level keys. */
export function inputOf(draft: Draft): TMethodologyInput {
  const keyOf = new Map(draft.levels.map((level) => [level.uid, level.key]));
  return {
    likelihood: draft.likelihood,
    impact: draft.impact,
    impactDimensions: draft.impactDimensions,
    levels: draft.levels.map(({ uid: _uid, ...level }) => level),
    matrix: draft.matrix.map((row) => row.map((uid) => keyOf.get(uid) ?? '')),
  };
}

const renumber = (points: TScalePoint[]) => points.map((point, i) => ({ ...point, value: i + 1 }));

/** A new highest point; its matrix row or column copies the one below, so the matrix stays consistent. */
export function addPoint(draft: Draft, axis: Axis): Draft {
  const points = [...draft[axis], { value: draft[axis].length + 1, label: '', description: '' }];
  const matrix =
    axis === 'likelihood'
      ? [...draft.matrix, [...(draft.matrix.at(-1) ?? [])]]
      : draft.matrix.map((row) => [...row, row.at(-1) ?? -1]);
  return { ...draft, [axis]: points, matrix };
}

/** Removes a point with its matrix row or column; the points above move down one. */
export function removePoint(draft: Draft, axis: Axis, index: number): Draft {
  const points = renumber(draft[axis].filter((_, i) => i !== index));
  const matrix =
    axis === 'likelihood'
      ? draft.matrix.filter((_, i) => i !== index)
      : draft.matrix.map((row) => row.filter((_, i) => i !== index));
  return { ...draft, [axis]: points, matrix };
}

export function updatePoint(draft: Draft, axis: Axis, index: number, change: Partial<TScalePoint>): Draft {
  return { ...draft, [axis]: draft[axis].map((point, i) => (i === index ? { ...point, ...change } : point)) };
}

/** A new highest level, to be named; no cell uses it yet. */
export function addLevel(draft: Draft): Draft {
  const level: DraftLevel = {
    uid: draft.nextUid,
    key: '',
    label: '',
    colour: '#868e96',
    reviewIntervalMonths: 3,
    acceptableBy: [],
  };
  return { ...draft, levels: [...draft.levels, level], nextUid: draft.nextUid + 1 };
}

/** Removes a level; its cells take the next lower level (or the next higher when it was the lowest). */
export function removeLevel(draft: Draft, index: number): Draft {
  const removed = draft.levels[index];
  const replacement = draft.levels[index - 1] ?? draft.levels[index + 1];
  if (!removed) return draft;
  const into = replacement?.uid ?? -1;
  return {
    ...draft,
    levels: draft.levels.filter((_, i) => i !== index),
    matrix: draft.matrix.map((row) => row.map((uid) => (uid === removed.uid ? into : uid))),
  };
}

/** Swaps a level with the one above (`by` 1) or below (`by` -1): levels are ranked lowest first. */
export function moveLevel(draft: Draft, index: number, by: 1 | -1): Draft {
  const other = index + by;
  const a = draft.levels[index];
  const b = draft.levels[other];
  if (!a || !b) return draft;
  const levels = [...draft.levels];
  levels[index] = b;
  levels[other] = a;
  return { ...draft, levels };
}

export function updateLevel(draft: Draft, index: number, change: Partial<TRiskLevel>): Draft {
  return {
    ...draft,
    levels: draft.levels.map((level, i) => (i === index ? { ...level, ...change } : level)),
  };
}

export function setCell(draft: Draft, li: number, ii: number, uid: number): Draft {
  return {
    ...draft,
    matrix: draft.matrix.map((row, l) => (l === li ? row.map((cell, i) => (i === ii ? uid : cell)) : row)),
  };
}
