import {
  Button,
  Card,
  EmptyState,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { IconAlertTriangle, IconChecklist, IconUser } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import {
  OPEN_RISK_ACTION_STATUSES,
  RISK_ACTION_STATUSES,
  type TRiskActionStatus,
  type TRiskActionWithRisk,
} from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { DownloadMenu } from '../../app/pages/download-menu.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useMe } from '../auth/me-context.tsx';
import { PersonSelect } from '../people/person-select.tsx';
import { addDays, todayIn, useDayFormatter } from './days.ts';
import {
  ACTION_LIST_LIMIT,
  type ActionFilters,
  NO_ACTION_FILTERS,
  riskActionExportHref,
  useMyMembershipId,
  useRiskActionOverview,
} from './risk-actions.queries.ts';
import { RiskLink } from './risk-link.tsx';
import { WARNING_COLOUR, WarningText } from './warning-text.tsx';

/** How far ahead "due soon" looks, in days (the server's due-action notification uses the same window). */
const DUE_SOON_DAYS = 7;

/** "Overdue" as an icon and a word. */
export function OverdueFlag() {
  const { t } = useTranslation();
  return <WarningText>{t('riskActions.overdue')}</WarningText>;
}

/** The organisation's treatment plans: every action of the open risks, with counts, filters and export. */
export function RiskActionsPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<ActionFilters>(NO_ACTION_FILTERS);
  const actions = useRiskActionOverview(filters);
  // The counts are over every action, whatever the filters (the same request when none is set).
  const everyAction = useRiskActionOverview(NO_ACTION_FILTERS);
  const filtered = filters.overdue || filters.status !== null || filters.ownerId !== null;

  return (
    <>
      <PageHeader
        title={t('riskActions.title')}
        lead={t('riskActions.lead')}
        actions={<ExportMenu filters={filters} />}
      />
      <Stack gap="lg">
        <ActionSummary items={everyAction.data?.items} />
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <ActionFiltersBar filters={filters} onChange={setFilters} items={actions.data?.items ?? []} />
            <ActionTable query={actions} filtered={filtered} onClear={() => setFilters(NO_ACTION_FILTERS)} />
          </Stack>
        </Card>
      </Stack>
    </>
  );
}

function ExportMenu({ filters }: { filters: ActionFilters }) {
  const { t } = useTranslation();
  return (
    <DownloadMenu
      label={t('riskActions.export.button')}
      groups={[
        {
          label: t('riskActions.export.hint'),
          links: [
            { label: t('riskActions.export.csv'), href: riskActionExportHref('csv', filters), format: 'csv' },
            {
              label: t('riskActions.export.xlsx'),
              href: riskActionExportHref('xlsx', filters),
              format: 'xlsx',
            },
          ],
        },
      ]}
    />
  );
}

function ActionSummary({ items }: { items: readonly TRiskActionWithRisk[] | undefined }) {
  const { t } = useTranslation();
  const me = useMe();
  const today = todayIn(me.organisation?.timeZone ?? 'UTC');
  const soon = addDays(today, DUE_SOON_DAYS);
  const open = items?.filter((action) => OPEN_RISK_ACTION_STATUSES.includes(action.status)) ?? [];
  const counts = {
    open: open.length,
    overdue: open.filter((action) => action.overdue).length,
    dueSoon: open.filter((action) => action.dueOn >= today && action.dueOn <= soon).length,
  };

  const figure = (label: string, value: number, alert = false) => (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {items ? (
        <Group gap={6} wrap="nowrap" style={alert && value > 0 ? { color: WARNING_COLOUR } : undefined}>
          {alert && value > 0 && <IconAlertTriangle size={22} stroke={1.8} aria-hidden />}
          <Text fz={28} fw={700} lh={1.2} style={alert && value > 0 ? { color: WARNING_COLOUR } : undefined}>
            {value}
          </Text>
        </Group>
      ) : (
        <Skeleton height={28} width={48} mt={4} radius="sm" aria-hidden />
      )}
    </Paper>
  );

  return (
    <Stack gap={4} component="section" aria-label={t('riskActions.summary.label')}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {figure(t('riskActions.summary.open'), counts.open)}
        {figure(t('riskActions.summary.overdue'), counts.overdue, true)}
        {figure(t('riskActions.summary.dueSoon'), counts.dueSoon)}
      </SimpleGrid>
      {items && items.length >= ACTION_LIST_LIMIT && (
        <Text size="xs" c="dimmed">
          {t('riskActions.summary.partial', { count: ACTION_LIST_LIMIT })}
        </Text>
      )}
    </Stack>
  );
}

interface ActionFiltersBarProps {
  filters: ActionFilters;
  onChange: (filters: ActionFilters) => void;
  /** The actions shown, whose owners' names the owner picker can show before it has searched. */
  items: readonly TRiskActionWithRisk[];
}

function ActionFiltersBar({ filters, onChange, items }: ActionFiltersBarProps) {
  const { t } = useTranslation();
  const me = useMe();
  const myId = useMyMembershipId();
  const mine = myId !== null && filters.ownerId === myId;
  const currentOwner =
    filters.ownerId === null
      ? null
      : mine
        ? { id: filters.ownerId, name: me.user.name }
        : (items.find((action) => action.owner.id === filters.ownerId)?.owner ?? null);

  return (
    <Group align="flex-end" gap="md" role="group" aria-label={t('riskActions.filters.label')}>
      <Select
        label={t('riskActions.filters.status')}
        placeholder={t('riskActions.filters.any')}
        clearable
        w={200}
        data={RISK_ACTION_STATUSES.map((value) => ({
          value,
          label: t(`riskTerms.actionStatus.${value}`),
        }))}
        value={filters.status}
        onChange={(value) => onChange({ ...filters, status: value as TRiskActionStatus | null })}
      />
      <PersonSelect
        label={t('riskActions.filters.owner')}
        placeholder={t('riskActions.filters.any')}
        clearable
        w={240}
        current={currentOwner}
        value={filters.ownerId}
        onChange={(value) => onChange({ ...filters, ownerId: value })}
      />
      <Button
        variant={mine ? 'filled' : 'default'}
        leftSection={<IconUser size={16} aria-hidden />}
        aria-pressed={mine}
        disabled={myId === null}
        onClick={() => onChange({ ...filters, ownerId: mine ? null : myId })}
      >
        {t('riskActions.filters.mine')}
      </Button>
      <Switch
        label={t('riskActions.filters.overdue')}
        checked={filters.overdue}
        onChange={(event) => onChange({ ...filters, overdue: event.currentTarget.checked })}
        mb={8}
      />
    </Group>
  );
}

interface ActionTableProps {
  query: ReturnType<typeof useRiskActionOverview>;
  filtered: boolean;
  onClear: () => void;
}

function ActionTable({ query, filtered, onClear }: ActionTableProps) {
  const { t } = useTranslation();
  const formatDay = useDayFormatter();

  if (query.error) return <FormError error={query.error} />;
  if (!query.data) {
    return (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('riskActions.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  }
  const rows = query.data.items;
  if (rows.length === 0) {
    return filtered ? (
      <EmptyState
        role="status"
        icon={<IconChecklist size={28} stroke={1.5} aria-hidden />}
        title={t('riskActions.empty.filteredTitle')}
        description={t('riskActions.empty.filteredDescription')}
      >
        <EmptyState.Actions>
          <Button variant="default" onClick={onClear}>
            {t('riskActions.filters.clear')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    ) : (
      <EmptyState
        role="status"
        icon={<IconChecklist size={28} stroke={1.5} aria-hidden />}
        title={t('riskActions.empty.title')}
        description={t('riskActions.empty.description')}
      >
        <EmptyState.Actions>
          <Button component={Link} to="/risks">
            {t('riskActions.empty.openRegister')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  }

  return (
    <>
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" highlightOnHover aria-label={t('riskActions.table.label')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('riskActions.table.risk')}</Table.Th>
              <Table.Th scope="col">{t('riskActions.table.action')}</Table.Th>
              <Table.Th scope="col">{t('riskActions.table.owner')}</Table.Th>
              <Table.Th scope="col">{t('riskActions.table.due')}</Table.Th>
              <Table.Th scope="col">{t('riskActions.table.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((action) => (
              <Table.Tr key={action.id}>
                <Table.Td maw={320}>
                  <RiskLink riskId={action.risk.id} size="sm" fw={600}>
                    {action.risk.key}
                  </RiskLink>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {action.risk.title}
                  </Text>
                </Table.Td>
                <Table.Td maw={360}>
                  <Text size="sm">{action.title}</Text>
                </Table.Td>
                <Table.Td>{action.owner.name}</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDay(action.dueOn)}</Text>
                  {action.overdue && <OverdueFlag />}
                </Table.Td>
                <Table.Td>{t(`riskTerms.actionStatus.${action.status}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length >= ACTION_LIST_LIMIT && (
        <Text size="sm" c="dimmed" role="status">
          {t('riskActions.truncated', { count: ACTION_LIST_LIMIT })}
        </Text>
      )}
    </>
  );
}
