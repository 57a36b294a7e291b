import { Badge, Button, Group, Paper, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useCan } from '../auth/me-context.tsx';
import { useMethodology } from './methodology.queries.ts';
import { MethodologyEditor } from './methodology-editor.tsx';
import { MethodologyView, VersionByline } from './methodology-view.tsx';
import { ReratePanel } from './rerate-panel.tsx';
import { VersionHistory } from './version-history.tsx';

type Tab = 'methodology' | 'history' | 'rerate';

/**
 * The organisation's risk methodology: everyone who reads risks sees it and its versions; with
 * risk_methodology:update it can be edited (saved as a new version) and risks re-rated onto it.
 */
export function RiskMethodologyPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayUpdate = can('risk_methodology:update');
  const methodology = useMethodology();
  const [tab, setTab] = useState<Tab>('methodology');
  const [editing, setEditing] = useState(false);

  const header = (
    <PageHeader
      title={t('riskMethodology.title')}
      lead={t('riskMethodology.lead')}
      actions={
        mayUpdate &&
        methodology.data &&
        !(editing && tab === 'methodology') && (
          <Button
            leftSection={<IconPencil size={16} aria-hidden />}
            onClick={() => {
              setTab('methodology');
              setEditing(true);
            }}
          >
            {t('riskMethodology.edit')}
          </Button>
        )
      }
    />
  );

  if (methodology.error)
    return (
      <>
        {header}
        <FormError error={methodology.error} />
      </>
    );
  if (!methodology.data)
    return (
      <>
        {header}
        <Stack gap="sm" aria-busy>
          <Text size="sm" role="status">
            {t('riskMethodology.loading')}
          </Text>
          <Skeleton height={36} radius="sm" aria-hidden />
          <Skeleton height={36} radius="sm" aria-hidden />
        </Stack>
      </>
    );

  const current = methodology.data;
  return (
    <>
      {header}
      <Paper withBorder radius="md" p="md" mb="lg">
        <Group gap="sm">
          <Title order={2} size="h4">
            {t('riskMethodology.version', { version: current.version })}
          </Title>
          <Badge variant="dot" color="teal" tt="none" fw={600}>
            {t('riskMethodology.currentVersion')}
          </Badge>
        </Group>
        <VersionByline methodology={current} />
      </Paper>
      <Tabs value={tab} onChange={(value) => setTab((value as Tab | null) ?? 'methodology')}>
        <Tabs.List mb="md">
          <Tabs.Tab value="methodology">{t('riskMethodology.tabs.methodology')}</Tabs.Tab>
          <Tabs.Tab value="history">{t('riskMethodology.tabs.history')}</Tabs.Tab>
          {mayUpdate && <Tabs.Tab value="rerate">{t('riskMethodology.tabs.rerate')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="methodology">
          {/* Always mounted: a look at another tab keeps the edits. */}
          {editing ? (
            <MethodologyEditor methodology={current} onDone={() => setEditing(false)} />
          ) : (
            <MethodologyView methodology={current} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="history">
          {tab === 'history' && <VersionHistory currentVersion={current.version} />}
        </Tabs.Panel>
        {mayUpdate && (
          <Tabs.Panel value="rerate">{tab === 'rerate' && <ReratePanel methodology={current} />}</Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
