/** Strings of this feature's pages, under `riskMethodology.` in en.ts. */
export const riskMethodologyEn = {
  title: 'TODO',
} as const;
