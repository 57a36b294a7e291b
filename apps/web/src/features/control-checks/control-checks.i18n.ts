/** Strings of the control checks (the checks-due page and the checks section of a control), under `controlChecks.` in en.ts. */
export const controlChecksEn = {
  title: 'TODO',
} as const;
