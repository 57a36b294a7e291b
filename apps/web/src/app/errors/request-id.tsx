import { Code, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** "Request ID: …", selectable, for the user to quote to an administrator. */
export function RequestId({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm">
      {t('errors.requestId')}: <Code>{id}</Code>
    </Text>
  );
}
