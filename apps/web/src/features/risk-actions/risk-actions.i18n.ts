/** Strings of this feature's pages, under `riskActions.` in en.ts. */
export const riskActionsEn = {
  title: 'TODO',
} as const;
