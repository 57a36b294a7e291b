import { Button, Card, EmptyState, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconPlus, IconShieldCheck } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useCan } from '../auth/me-context.tsx';
import { usePersonName } from '../risks/risks.queries.ts';
import { ControlCreateDialog } from './control-create-dialog.tsx';
import { useControls, useRiskName } from './controls.queries.ts';
import { ControlsFilters } from './controls-filters.tsx';
import {
  type ControlsSearch,
  controlsSearch,
  hasControlFilters,
  withoutControlFilters,
} from './controls-search.ts';
import { ControlGroup, groupControls } from './controls-table.tsx';
import { CsfCoverageView } from './csf-coverage.tsx';
import { riskLabel } from './risk-select.tsx';

/**
 * The control register: every control under the filters in the URL, grouped by theme with counts (the
 * organisation's own controls last), all at once; and the NIST CSF 2.0 coverage as a second tab.
 */
export function ControlsPage() {
  const { t } = useTranslation();
  const can = useCan();
  // The route's search is the URL's merged with the validated one (parent routes pass every parameter
  // through), so a dropped value would still be there: validated again, only valid ones remain.
  const search = useSearch({ from: '/app/controls', select: (raw) => controlsSearch({ ...raw }) });
  const navigate = useNavigate({ from: '/controls' });
  const [creating, setCreating] = useState(false);
  const mayCreate = can('control:manage');

  const setSearch = (next: ControlsSearch, options?: { replace: boolean }) =>
    void navigate({ search: next, replace: options?.replace ?? false });

  const addControl = mayCreate && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      {t('controls.create.button')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('controls.title')} lead={t('controls.lead')} actions={addControl} />
      <Tabs
        value={search.view ?? 'register'}
        onChange={(value) => setSearch({ ...search, view: value === 'csf' ? 'csf' : undefined })}
      >
        <Tabs.List mb="md" aria-label={t('controls.tabs.label')}>
          <Tabs.Tab value="register">{t('controls.tabs.register')}</Tabs.Tab>
          <Tabs.Tab value="csf">{t('controls.tabs.csf')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="register">
          {search.view === undefined && (
            <Register search={search} onSearch={setSearch} addControl={addControl} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="csf">
          {search.view === 'csf' && (
            <Card withBorder radius="md" padding="lg">
              <CsfCoverageView />
            </Card>
          )}
        </Tabs.Panel>
      </Tabs>
      {creating && <ControlCreateDialog onClose={() => setCreating(false)} />}
    </>
  );
}

function Register({
  search,
  onSearch,
  addControl,
}: {
  search: ControlsSearch;
  onSearch: (search: ControlsSearch, options?: { replace: boolean }) => void;
  addControl: React.ReactNode;
}) {
  const { t } = useTranslation();
  const controls = useControls(search);
  const rows = controls.data?.items;
  const groups = useMemo(() => groupControls(rows ?? []), [rows]);
  const ownerName = usePersonName(
    search.ownerId,
    rows?.find((control) => control.owner?.id === search.ownerId)?.owner?.name ?? null,
  );
  const linkedRisk = rows?.flatMap((control) => control.risks).find((risk) => risk.id === search.riskId);
  const riskName = useRiskName(search.riskId, linkedRisk ? riskLabel(linkedRisk) : null);
  const filtered = hasControlFilters(search);

  let body: React.ReactNode;
  if (controls.error) {
    body = <FormError error={controls.error} />;
  } else if (!rows) {
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('controls.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
        <Skeleton height={14} radius="sm" aria-hidden />
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else if (rows.length === 0) {
    body = (
      <EmptyState
        role="status"
        icon={<IconShieldCheck size={28} stroke={1.5} aria-hidden />}
        title={filtered ? t('controls.empty.filteredTitle') : t('controls.empty.title')}
        description={filtered ? t('controls.empty.filteredDescription') : t('controls.empty.description')}
      >
        {(filtered || addControl) && (
          <EmptyState.Actions>
            {filtered ? (
              <Button variant="default" onClick={() => onSearch(withoutControlFilters(search))}>
                {t('controls.filters.clear')}
              </Button>
            ) : (
              addControl
            )}
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  } else {
    body = (
      <Stack
        gap="xl"
        aria-busy={controls.isPlaceholderData}
        style={controls.isPlaceholderData ? { opacity: 0.6 } : undefined}
      >
        <Text size="sm" c="dimmed" role="status">
          {controls.isPlaceholderData
            ? t('controls.table.updating')
            : t('controls.table.shown', { count: rows.length })}
        </Text>
        {groups.map(([group, list]) => (
          <ControlGroup key={group} group={group} rows={list} />
        ))}
      </Stack>
    );
  }

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="lg">
        <ControlsFilters search={search} onChange={onSearch} ownerName={ownerName} riskName={riskName} />
        {body}
      </Stack>
    </Card>
  );
}
