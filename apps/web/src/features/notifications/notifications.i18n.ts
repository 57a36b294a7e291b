/** Strings of this feature's pages, under `notifications.` in en.ts. */
export const notificationsEn = {
  title: 'TODO',
} as const;
