import { Button, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError } from './describe-error.ts';
import { RequestId } from './request-id.tsx';

export interface ErrorPanelProps {
  error: unknown;
  onRetry?: () => void;
}

/**
 * A page-sized error message: what happened, the request id when there is one, a way forward.
 * Deliberately free of router components, so it also works when the router itself has failed.
 */
export function ErrorPanel({ error, onRetry }: ErrorPanelProps) {
  const { t } = useTranslation();
  const { title, detail, requestId } = describeError(error, t);

  return (
    <Paper withBorder radius="md" p="xl" maw={640} mx="auto" mt="xl" role="alert">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" color="red" size="lg" radius="md" aria-hidden>
            <IconAlertTriangle size={20} stroke={1.7} />
          </ThemeIcon>
          <Stack gap={4}>
            <Title order={1} size="h3">
              {title}
            </Title>
            <Text c="dimmed">{detail}</Text>
          </Stack>
        </Group>
        {requestId && (
          <Stack gap={4}>
            <RequestId id={requestId} />
            <Text size="sm" c="dimmed">
              {t('errors.reportHint')}
            </Text>
          </Stack>
        )}
        <Group gap="sm">
          {onRetry && (
            <Button onClick={onRetry} leftSection={<IconRefresh size={16} aria-hidden />}>
              {t('errors.retry')}
            </Button>
          )}
          {/* A full page load on purpose: it starts the app afresh after a failure. */}
          <Button component="a" href="/" variant="default">
            {t('errors.goHome')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
