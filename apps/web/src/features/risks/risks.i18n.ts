/** Strings of this feature's pages, under `risks.` in en.ts. */
export const risksEn = {
  title: 'TODO',
} as const;
