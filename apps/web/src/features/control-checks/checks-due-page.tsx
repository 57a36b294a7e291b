import {
  Button,
  Card,
  EmptyState,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconCalendarCheck, IconClipboardCheck, IconUser } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { CHECK_DUE_FILTERS, type TCheckDueFilter, type TControlCheck } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { ControlLink } from '../controls/control-link.tsx';
import { FollowUpFlag, LastResult, NextDue } from './check-terms.tsx';
import { CHECKS_DUE_LIMIT, type ChecksDueFilters, useChecksDue } from './control-checks.queries.ts';
import { useCheckAccess } from './control-checks-access.ts';
import { RecordResultDialog } from './record-result-dialog.tsx';

/** The empty state's title per filter, everyone's and mine. */
const EMPTY_TITLE = {
  overdue: ['controlChecks.due.empty.overdue', 'controlChecks.due.empty.mineOverdue'],
  soon: ['controlChecks.due.empty.soon', 'controlChecks.due.empty.mineSoon'],
  all: ['controlChecks.due.empty.all', 'controlChecks.due.empty.mineAll'],
} as const;

/**
 * The organisation's control checks by due date: overdue, due within 7 days, or every active check,
 * everyone's or mine; each row links to its control, and whoever may record a check records its result
 * from here.
 */
export function ChecksDuePage() {
  const { t } = useTranslation();
  const access = useCheckAccess(true);
  const [filters, setFilters] = useState<ChecksDueFilters>({ due: 'overdue', assigneeId: null });
  const [recording, setRecording] = useState<TControlCheck | null>(null);
  const checks = useChecksDue(filters);
  const myId = access.myMembershipId;
  const mine = myId !== null && filters.assigneeId === myId;

  return (
    <>
      <PageHeader title={t('controlChecks.due.title')} lead={t('controlChecks.due.lead')} />
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Group gap="md">
            <SegmentedControl
              aria-label={t('controlChecks.due.filterLabel')}
              value={filters.due}
              onChange={(value) =>
                setFilters({
                  ...filters,
                  due: CHECK_DUE_FILTERS.includes(value as TCheckDueFilter)
                    ? (value as TCheckDueFilter)
                    : 'all',
                })
              }
              data={CHECK_DUE_FILTERS.map((value) => ({ value, label: t(`controlChecks.due.${value}`) }))}
            />
            <Button
              variant={mine ? 'filled' : 'default'}
              leftSection={<IconUser size={16} aria-hidden />}
              aria-pressed={mine}
              disabled={myId === null}
              onClick={() => setFilters({ ...filters, assigneeId: mine ? null : myId })}
            >
              {t('controlChecks.due.mine')}
            </Button>
          </Group>
          <ChecksTable
            query={checks}
            filters={filters}
            mayRecord={access.mayRecord}
            onRecord={setRecording}
            onAll={() => setFilters({ due: 'all', assigneeId: null })}
          />
        </Stack>
      </Card>
      {recording && <RecordResultDialog check={recording} onClose={() => setRecording(null)} />}
    </>
  );
}

interface ChecksTableProps {
  query: ReturnType<typeof useChecksDue>;
  filters: ChecksDueFilters;
  mayRecord: (check: TControlCheck) => boolean;
  onRecord: (check: TControlCheck) => void;
  onAll: () => void;
}

function ChecksTable({ query, filters, mayRecord, onRecord, onAll }: ChecksTableProps) {
  const { t } = useTranslation();

  if (query.error) return <FormError error={query.error} />;
  if (!query.data)
    return (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('controlChecks.due.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );

  const rows = query.data.items;
  if (rows.length === 0) {
    const mine = filters.assigneeId !== null;
    const hint = mine
      ? t('controlChecks.due.empty.mineHint')
      : t(`controlChecks.due.empty.${filters.due}Hint` as const);
    return (
      <EmptyState
        role="status"
        icon={<IconCalendarCheck size={28} stroke={1.5} aria-hidden />}
        title={t(EMPTY_TITLE[filters.due][mine ? 1 : 0])}
        description={hint}
      >
        <EmptyState.Actions>
          {mine || filters.due !== 'all' ? (
            <Button variant="default" onClick={onAll}>
              {t('controlChecks.due.empty.showAll')}
            </Button>
          ) : (
            <Button renderRoot={(props) => <Link {...props} to="/controls" />}>
              {t('controlChecks.due.empty.openControls')}
            </Button>
          )}
        </EmptyState.Actions>
      </EmptyState>
    );
  }

  return (
    <>
      <Table.ScrollContainer minWidth={960}>
        <Table verticalSpacing="sm" highlightOnHover aria-label={t('controlChecks.due.label')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('controlChecks.due.control')}</Table.Th>
              <Table.Th scope="col">{t('controlChecks.due.check')}</Table.Th>
              <Table.Th scope="col">{t('controlChecks.due.method')}</Table.Th>
              <Table.Th scope="col">{t('controlChecks.due.frequency')}</Table.Th>
              <Table.Th scope="col">{t('controlChecks.due.assignee')}</Table.Th>
              <Table.Th scope="col">{t('controlChecks.due.nextDue')}</Table.Th>
              <Table.Th scope="col">{t('controlChecks.due.lastResult')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('controlChecks.due.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((check) => (
              <Table.Tr key={check.id}>
                <Table.Td maw={280}>
                  <ControlLink controlId={check.control.id} size="sm" fw={600}>
                    {check.control.key}
                  </ControlLink>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {check.control.title}
                  </Text>
                </Table.Td>
                <Table.Td maw={320}>
                  <Text size="sm">{check.title}</Text>
                  <FollowUpFlag check={check} />
                </Table.Td>
                <Table.Td>{t(`controlChecks.terms.method.${check.method}`)}</Table.Td>
                <Table.Td>{t(`controlChecks.terms.frequency.${check.frequency}`)}</Table.Td>
                <Table.Td>{check.assignee.name}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <NextDue check={check} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <LastResult check={check} />
                </Table.Td>
                <Table.Td ta="right">
                  {mayRecord(check) && (
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconClipboardCheck size={14} aria-hidden />}
                      aria-label={t('controlChecks.section.recordFor', { title: check.title })}
                      onClick={() => onRecord(check)}
                    >
                      {t('controlChecks.section.record')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length >= CHECKS_DUE_LIMIT && (
        <Text size="sm" c="dimmed" role="status">
          {t('controlChecks.due.truncated', { count: CHECKS_DUE_LIMIT })}
        </Text>
      )}
    </>
  );
}
