import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown while a lazily loaded page arrives (only when that takes noticeably long). */
export function PagePending() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status">
      <Loader size="sm" aria-label={t('shell.loadingPage')} />
    </Center>
  );
}
