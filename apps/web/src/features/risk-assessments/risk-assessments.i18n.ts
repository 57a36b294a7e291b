/** Strings of this feature's pages, under `riskAssessments.` in en.ts. */
export const riskAssessmentsEn = {
  title: 'TODO',
} as const;
