/** The words for an asset's C/I/A importance (1, 2, 3), as keys of `assets.importanceLevel`. */
export const IMPORTANCE_KEYS = ['low', 'medium', 'high'] as const;

export function importanceKey(value: number): (typeof IMPORTANCE_KEYS)[number] {
  return IMPORTANCE_KEYS[Math.min(Math.max(value, 1), 3) - 1] ?? 'low';
}
