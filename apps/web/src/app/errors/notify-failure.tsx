import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { describeError } from './describe-error.ts';

/**
 * For a failed action that has no form to show its error next to (a menu item, a row button): a
 * notification with the problem title, its detail and the request id.
 */
export function useNotifyFailure(): (error: unknown) => void {
  const { t } = useTranslation();
  return (error) => {
    const { title, detail, requestId } = describeError(error, t);
    notifications.show({
      color: 'red',
      title,
      message: requestId ? `${detail} ${t('errors.requestId')}: ${requestId}` : detail,
      autoClose: 10_000,
    });
  };
}
