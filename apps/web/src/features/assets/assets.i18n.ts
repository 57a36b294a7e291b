/** Strings of this feature's pages, under `assets.` in en.ts. */
export const assetsEn = {
  title: 'TODO',
} as const;
