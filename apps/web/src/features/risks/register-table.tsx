import { Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import type { TRiskSort, TRiskSummary, TSortDirection } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format.ts';
import { useDayFormatter } from '../risk-actions/days.ts';
import { RiskLink } from '../risk-actions/risk-link.tsx';
import { WarningText } from '../risk-actions/warning-text.tsx';
import { LevelBadge } from './level-badge.tsx';

/** The first direction of a newly chosen sort: the most severe and the newest first, the rest A to Z. */
const FIRST_DIRECTION: Record<TRiskSort, TSortDirection> = {
  key: 'asc',
  title: 'asc',
  level: 'desc',
  nextReview: 'asc',
  updated: 'desc',
};

export interface RegisterSort {
  sort: TRiskSort;
  direction: TSortDirection;
}

interface RegisterTableProps {
  rows: readonly TRiskSummary[];
  sort: RegisterSort;
  onSort: (sort: RegisterSort) => void;
  /** The rows are of the previous filters while the new ones load. */
  busy: boolean;
}

/** A column header that sorts the register; the header cell says how it is sorted (`aria-sort`). */
function SortableHeader({
  column,
  label,
  sort,
  onSort,
}: {
  column: TRiskSort;
  label: string;
  sort: RegisterSort;
  onSort: (sort: RegisterSort) => void;
}) {
  const { t } = useTranslation();
  const active = sort.sort === column;
  const next: RegisterSort = active
    ? { sort: column, direction: sort.direction === 'asc' ? 'desc' : 'asc' }
    : { sort: column, direction: FIRST_DIRECTION[column] };
  let icon = <IconSelector size={14} aria-hidden />;
  if (active)
    icon =
      sort.direction === 'asc' ? (
        <IconChevronUp size={14} aria-hidden />
      ) : (
        <IconChevronDown size={14} aria-hidden />
      );
  return (
    <Table.Th
      scope="col"
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <UnstyledButton
        onClick={() => onSort(next)}
        title={t('risks.table.sortBy', { column: label })}
        fw={700}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap" component="span">
          {label}
          {icon}
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

/** The register's rows: key, title (a link to the risk), owner, levels, treatment, status, review, acceptance. */
export function RegisterTable({ rows, sort, onSort, busy }: RegisterTableProps) {
  const { t } = useTranslation();
  const formatDay = useDayFormatter();
  const { date } = useFormatters();
  const header = (column: TRiskSort, label: string) => (
    <SortableHeader column={column} label={label} sort={sort} onSort={onSort} />
  );

  return (
    <Table.ScrollContainer minWidth={1180}>
      <Table
        verticalSpacing="sm"
        highlightOnHover
        aria-label={t('risks.table.label')}
        aria-busy={busy}
        style={busy ? { opacity: 0.6 } : undefined}
      >
        <Table.Thead>
          <Table.Tr>
            {header('key', t('risks.table.key'))}
            {header('title', t('risks.table.title'))}
            <Table.Th scope="col">{t('risks.table.owner')}</Table.Th>
            <Table.Th scope="col">{t('risks.table.inherent')}</Table.Th>
            <Table.Th scope="col">{t('risks.table.treatment')}</Table.Th>
            {/* The level sort is the residual level, or the inherent one while there is no residual rating. */}
            {header('level', t('risks.table.residual'))}
            <Table.Th scope="col">{t('risks.table.status')}</Table.Th>
            {header('nextReview', t('risks.table.nextReview'))}
            <Table.Th scope="col">{t('risks.table.acceptance')}</Table.Th>
            {header('updated', t('risks.table.updated'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((risk) => (
            <Table.Tr key={risk.id}>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {risk.key}
                </Text>
              </Table.Td>
              <Table.Td maw={340}>
                <RiskLink riskId={risk.id} size="sm" fw={600}>
                  {risk.title}
                </RiskLink>
              </Table.Td>
              <Table.Td>{risk.owner.name}</Table.Td>
              <Table.Td>
                <LevelBadge level={risk.inherent.level} size="sm" />
              </Table.Td>
              <Table.Td>{t(`riskTerms.treatment.${risk.treatment ?? 'none'}`)}</Table.Td>
              <Table.Td>
                {risk.residual ? (
                  <LevelBadge level={risk.residual.level} size="sm" />
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('risks.table.notRated')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t(`riskTerms.status.${risk.status}`)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatDay(risk.nextReviewOn)}</Text>
                {risk.reviewOverdue && <WarningText>{t('risks.table.reviewOverdue')}</WarningText>}
              </Table.Td>
              <Table.Td>
                <Acceptance risk={risk} formatDay={formatDay} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{date(risk.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Acceptance({ risk, formatDay }: { risk: TRiskSummary; formatDay: (day: string) => string }) {
  const { t } = useTranslation();
  const { current, stale } = risk.acceptance;
  if (!current) return <Text size="sm">{t('risks.table.notAccepted')}</Text>;
  if (stale) return <WarningText>{t('risks.table.needsReacceptance')}</WarningText>;
  return <Text size="sm">{t('risks.table.accepted', { date: formatDay(current.expiresOn) })}</Text>;
}
