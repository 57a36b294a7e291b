import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { TControl } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format.ts';

/** A 409: someone else saved the control first; offers to load their version and start again from it. */
export function ConflictNotice({ current, onLoad }: { current: TControl; onLoad: () => void }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <Alert variant="light" color="yellow" title={t('controls.detail.conflict.title', { key: current.key })}>
      <Stack gap="xs">
        <Text size="sm">
          {t('controls.detail.conflict.current', {
            version: current.version,
            when: dateTime(current.updatedAt),
          })}
        </Text>
        <Text size="sm">{t('controls.detail.conflict.hint')}</Text>
        <Group>
          <Button variant="default" onClick={onLoad}>
            {t('forms.loadCurrent')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
