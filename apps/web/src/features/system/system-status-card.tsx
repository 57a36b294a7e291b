import { Alert, Badge, Button, Card, DataList, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import type { THealth, TReadiness } from '@vigil/contracts';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors/describe-error.ts';
import { RequestId } from '../../app/errors/request-id.tsx';
import { useHealth, useReadiness } from './system.queries.ts';
import classes from './system-status-card.module.css';

/** Version and database state of the server, from `/api/health` and `/api/ready`. */
export function SystemStatusCard() {
  const { t } = useTranslation();
  const titleId = useId();
  const health = useHealth();
  const readiness = useReadiness();

  const error = health.error ?? readiness.error;
  const retry = () => {
    void health.refetch();
    void readiness.refetch();
  };

  let body: ReactNode;
  let badge: ReactNode = null;
  if (error && !(health.data && readiness.data)) {
    body = <StatusError error={error} onRetry={retry} />;
  } else if (health.data && readiness.data) {
    const ready = readiness.data.status === 'ready';
    badge = (
      <Badge variant="dot" color={ready ? 'teal' : 'orange'} size="lg" radius="sm" tt="none" fw={600}>
        {ready ? t('system.ready') : t('system.notReady')}
      </Badge>
    );
    body = <StatusDetails health={health.data} readiness={readiness.data} />;
  } else {
    body = <StatusLoading />;
  }

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={titleId}>
      <Group justify="space-between" align="flex-start" mb="md" gap="sm">
        <Stack gap={2}>
          <Title order={2} size="h4" id={titleId}>
            {t('system.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('system.description')}
          </Text>
        </Stack>
        {badge}
      </Group>
      {body}
    </Card>
  );
}

function StatusDetails({ health, readiness }: { health: THealth; readiness: TReadiness }) {
  const { t } = useTranslation();
  const { database } = readiness;
  return (
    <DataList withDivider labelWidth="45%">
      <DataList.Item>
        <DataList.ItemLabel>{t('system.version')}</DataList.ItemLabel>
        <DataList.ItemValue>{health.version}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>{t('system.database')}</DataList.ItemLabel>
        <DataList.ItemValue>{t(`system.dialects.${database.dialect}`)}</DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>{t('system.connection')}</DataList.ItemLabel>
        <DataList.ItemValue>
          {database.reachable ? t('system.reachable') : t('system.unreachable')}
        </DataList.ItemValue>
      </DataList.Item>
      <DataList.Item>
        <DataList.ItemLabel>{t('system.pendingMigrations')}</DataList.ItemLabel>
        <DataList.ItemValue>{database.pendingMigrations}</DataList.ItemValue>
      </DataList.Item>
    </DataList>
  );
}

function StatusLoading() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" aria-busy>
      <Text size="sm" role="status">
        {t('system.loading')}
      </Text>
      {[0, 1, 2, 3].map((row) => (
        <Skeleton key={row} height={14} radius="sm" aria-hidden />
      ))}
    </Stack>
  );
}

function StatusError({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const { title, detail, requestId } = describeError(error, t);
  return (
    <Alert
      variant="outline"
      color="red"
      radius="md"
      classNames={{ title: classes.alertTitle }}
      title={title}
      icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{detail}</Text>
        {requestId && <RequestId id={requestId} />}
        <Button
          size="xs"
          variant="default"
          onClick={onRetry}
          leftSection={<IconRefresh size={14} aria-hidden />}
        >
          {t('system.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}
