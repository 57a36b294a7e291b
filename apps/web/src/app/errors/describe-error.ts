import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { AccessDeniedError } from '../../features/auth/session-guards.ts';

export interface ErrorDescription {
  title: string;
  detail: string;
  /** The server's request id, to quote to an administrator; null when no server answer exists. */
  requestId: string | null;
}

/**
 * Turns any thrown value into words for the user. Server problems keep the server's title (written
 * for people); browser-side failures and unknown errors get a translated message. Never a stack trace.
 */
export function describeError(error: unknown, t: TFunction): ErrorDescription {
  if (error instanceof AccessDeniedError) {
    return {
      title: t('errors.accessDenied.title'),
      detail: t('errors.accessDenied.detail'),
      requestId: null,
    };
  }
  if (isApiError(error)) {
    if (error.code === 'network_error' || error.code === 'timeout' || error.code === 'invalid_response') {
      return {
        title: t(`errors.client.${error.code}.title`),
        detail: t(`errors.client.${error.code}.detail`),
        requestId: error.requestId,
      };
    }
    return {
      title: error.title,
      detail: error.detail ?? t('errors.serverDetail'),
      requestId: error.requestId,
    };
  }
  return { title: t('errors.unexpected.title'), detail: t('errors.unexpected.detail'), requestId: null };
}
