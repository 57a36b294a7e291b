import { Button, Card, EmptyState, Group, Stack, Text } from '@mantine/core';
import { IconClipboardList, IconFileImport, IconPlus } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { LoadingLines, LoadMoreButton } from '../../app/pages/list-states.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useCan } from '../auth/me-context.tsx';
import { useMethodology } from '../risk-methodology/methodology.queries.ts';
import { ExportMenu } from './export-menu.tsx';
import { ImportDialog } from './import-dialog.tsx';
import { RegisterFilters } from './register-filters.tsx';
import {
  hasRegisterFilters,
  type RegisterSearch,
  registerSearch,
  withoutFilters,
} from './register-search.ts';
import { type RegisterSort, RegisterTable } from './register-table.tsx';
import { RiskEditorDialog } from './risk-editor-dialog.tsx';
import { usePersonName, useRiskRegister } from './risks.queries.ts';

/**
 * The risk register: every risk under the filters and sort in the URL, a page at a time ("Load more";
 * see REGISTER_PAGE_SIZE for why not virtualised), with export, import and "New risk".
 */
export function RiskRegisterPage() {
  const { t } = useTranslation();
  const can = useCan();
  // The route's search is the URL's merged with the validated one (parent routes pass every parameter
  // through), so a dropped value would still be there: validated again, only valid ones remain.
  const search = useSearch({ from: '/app/risks', select: (raw) => registerSearch({ ...raw }) });
  const navigate = useNavigate({ from: '/risks' });
  const methodology = useMethodology();
  const register = useRiskRegister(search);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const mayCreate = can('risk:create');
  const mayImport = can('risk:import');

  const setSearch = (next: RegisterSearch, options?: { replace: boolean }) =>
    void navigate({ search: next, replace: options?.replace ?? false });
  const sort: RegisterSort = { sort: search.sort ?? 'key', direction: search.direction ?? 'asc' };
  const onSort = (next: RegisterSort) =>
    setSearch({
      ...search,
      // the default sort stays out of the URL
      sort: next.sort === 'key' ? undefined : next.sort,
      direction: next.direction === 'asc' ? undefined : next.direction,
    });

  const rows = register.data?.pages.flatMap((page) => page.items) ?? [];
  const ownerName = usePersonName(
    search.ownerId,
    rows.find((risk) => risk.owner.id === search.ownerId)?.owner.name ?? null,
  );
  const filtered = hasRegisterFilters(search);

  const newRisk = mayCreate && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
      {t('risks.newRisk')}
    </Button>
  );
  const importButton = mayImport && (
    <Button
      variant="default"
      leftSection={<IconFileImport size={16} aria-hidden />}
      onClick={() => setImporting(true)}
    >
      {t('risks.import.button')}
    </Button>
  );

  let body: React.ReactNode;
  if (register.error) {
    body = <FormError error={register.error} />;
  } else if (!register.data) {
    body = <LoadingLines label={t('risks.loading')} lines={3} />;
  } else if (rows.length === 0 && filtered) {
    body = (
      <EmptyState
        role="status"
        icon={<IconClipboardList size={28} stroke={1.5} aria-hidden />}
        title={t('risks.empty.filteredTitle')}
        description={t('risks.empty.filteredDescription')}
      >
        <EmptyState.Actions>
          <Button variant="default" onClick={() => setSearch(withoutFilters(search))}>
            {t('risks.filters.clear')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  } else if (rows.length === 0) {
    body = (
      <EmptyState
        role="status"
        icon={<IconClipboardList size={28} stroke={1.5} aria-hidden />}
        title={t('risks.empty.title')}
        description={t('risks.empty.description')}
      >
        {(newRisk || importButton) && (
          <EmptyState.Actions>
            {newRisk}
            {importButton}
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  } else {
    body = (
      <>
        <RegisterTable rows={rows} sort={sort} onSort={onSort} busy={register.isPlaceholderData} />
        <Group justify="space-between" align="center" gap="sm">
          <Text size="sm" c="dimmed" role="status">
            {register.isPlaceholderData
              ? t('risks.table.updating')
              : `${t('risks.table.shown', { count: rows.length })}, ${
                  register.hasNextPage ? t('risks.table.more') : t('risks.table.allShown')
                }`}
          </Text>
          {!register.isPlaceholderData && <LoadMoreButton query={register} />}
        </Group>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={t('risks.title')}
        lead={t('risks.lead')}
        actions={
          <Group gap="sm">
            <ExportMenu search={search} />
            {importButton}
            {newRisk}
          </Group>
        }
      />
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <RegisterFilters
            search={search}
            onChange={setSearch}
            methodology={methodology.data}
            ownerName={ownerName}
          />
          {body}
        </Stack>
      </Card>
      {mayCreate && <RiskEditorDialog opened={creating} onClose={() => setCreating(false)} />}
      {mayImport && <ImportDialog opened={importing} onClose={() => setImporting(false)} />}
    </>
  );
}
