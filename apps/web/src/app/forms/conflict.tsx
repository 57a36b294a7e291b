import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError, type ResponseSchema } from '../../api/client.ts';
import { useFormatters } from '../../i18n/format.ts';

/** The record someone else saved first, as a 409 carries it in `current`; null for any other outcome. */
export function conflictCurrent<T>(error: unknown, schema: ResponseSchema<T>): T | null {
  if (!isApiError(error) || error.code !== 'conflict') return null;
  const parsed = schema.safeParse(error.extensions.current);
  return parsed.success ? parsed.data : null;
}

/** After a 409: a button that starts again from the version someone else saved ("Load the current version"). */
export function LoadCurrentButton({ label, onClick }: { label?: string; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Group>
      <Button variant="default" onClick={onClick}>
        {label ?? t('forms.loadCurrent')}
      </Button>
    </Group>
  );
}

/** A 409 explained: which version someone else saved and when, with the button to load it. */
export function ConflictNotice({
  title,
  current,
  onLoad,
}: {
  title: string;
  current: { version: number; updatedAt: string };
  onLoad: () => void;
}) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <Alert variant="light" color="yellow" title={title}>
      <Stack gap="xs">
        <Text size="sm">
          {t('forms.conflict.current', { version: current.version, when: dateTime(current.updatedAt) })}
        </Text>
        <Text size="sm">{t('forms.conflict.hint')}</Text>
        <LoadCurrentButton onClick={onLoad} />
      </Stack>
    </Alert>
  );
}
