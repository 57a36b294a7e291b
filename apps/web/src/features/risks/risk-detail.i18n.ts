/** Strings of this feature's pages, under `riskDetail.` in en.ts. */
export const riskDetailEn = {
  title: 'TODO',
} as const;
