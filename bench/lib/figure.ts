/**
 * One benchmark figure from docs/performance.md (P1, P2, ...). `run` measures it and says whether the
 * target was met; a missed target is a result, not an error. Only a broken measurement throws.
 */
export interface Figure {
  /** The id in the quality bars: `P1`. */
  readonly id: string;
  /** One line on what is measured, for progress output. */
  readonly title: string;
  run(log: (line: string) => void): Promise<FigureResult>;
}

/** `value`, `target` and `pass` are required; any other field is printed after them. */
export interface FigureResult {
  value: number;
  target: number;
  pass: boolean;
  [extra: string]: unknown;
}
