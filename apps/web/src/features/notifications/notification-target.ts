import { ZId } from '@vigil/contracts';

/** Where a notification leads in the app: a route this app has, with its parameters. */
export type NotificationTarget =
  | { to: '/risks/$riskId'; params: { riskId: string } }
  | { to: '/controls/$controlId'; params: { controlId: string } };

const RISK_PATH = /^\/risks\/([^/?#]+)$/;
const CONTROL_PATH = /^\/controls\/([^/?#]+)$/;

/**
 * The app route of a notification's `link` (a path the server builds from the notification's subject,
 * e.g. `/risks/<id>`). Only known routes with valid ids are followed; anything else (a subject this
 * version of the app does not know, or a link that is not a plain app path) gives null, and the
 * notification is shown without a link.
 */
export function notificationTarget(link: string): NotificationTarget | null {
  const risk = RISK_PATH.exec(link);
  if (risk) {
    // An id needs no decoding; anything that would is not one.
    const id = ZId.safeParse(risk[1]);
    if (id.success) return { to: '/risks/$riskId', params: { riskId: id.data } };
  }
  const control = CONTROL_PATH.exec(link);
  if (control) {
    const id = ZId.safeParse(control[1]);
    if (id.success) return { to: '/controls/$controlId', params: { controlId: id.data } };
  }
  return null;
}
