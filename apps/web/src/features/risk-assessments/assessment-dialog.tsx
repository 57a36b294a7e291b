import { DataList, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import type { TLevelRef, TRiskAssessmentSummary, TRiskSnapshot } from '@vigil/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useDayFormatter } from '../risk-actions/days.ts';
import { RiskLink } from '../risk-actions/risk-link.tsx';
import { WarningText } from '../risk-actions/warning-text.tsx';
import { useMethodology } from '../risk-methodology/methodology.queries.ts';
import { LevelBadge } from '../risks/level-badge.tsx';
import { RatingCell } from './rating-cell.tsx';
import { useRiskAssessment } from './risk-assessments.queries.ts';

/** How many risks of each level, highest level first (by the methodology; levels it no longer has last). */
export function countByLevel(
  items: readonly TRiskSnapshot[],
  levelOrder: readonly string[],
): { level: TLevelRef; count: number }[] {
  const counts = new Map<string, { level: TLevelRef; count: number }>();
  for (const item of items) {
    const entry = counts.get(item.level.key);
    if (entry) entry.count += 1;
    else counts.set(item.level.key, { level: item.level, count: 1 });
  }
  const rank = (key: string) => levelOrder.indexOf(key);
  return [...counts.values()].sort((a, b) => rank(b.level.key) - rank(a.level.key));
}

/** One assessment's frozen snapshot: when, by whom, with which methodology, and every risk as it was. */
export function AssessmentDialog({
  assessment,
  onClose,
}: {
  assessment: TRiskAssessmentSummary;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const snapshot = useRiskAssessment(assessment.id);
  const methodology = useMethodology();
  const levelOrder = methodology.data?.levels.map((level) => level.key) ?? [];

  let body: ReactNode;
  if (snapshot.error) {
    body = <FormError error={snapshot.error} />;
  } else if (!snapshot.data) {
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('riskAssessments.view.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else if (snapshot.data.items.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        {t('riskAssessments.view.empty')}
      </Text>
    );
  } else {
    const byLevel = countByLevel(snapshot.data.items, levelOrder);
    body = (
      <Stack gap="md">
        <Group gap="sm" role="list" aria-label={t('riskAssessments.view.byLevelLabel')}>
          {byLevel.map(({ level, count }) => (
            <Group key={level.key} gap={6} role="listitem" wrap="nowrap">
              <LevelBadge level={level} />
              <Text size="sm">{t('riskAssessments.view.levelCount', { count })}</Text>
            </Group>
          ))}
        </Group>
        <SnapshotTable number={assessment.number} items={snapshot.data.items} />
      </Stack>
    );
  }

  return (
    <AppModal
      opened
      onClose={onClose}
      size="80rem"
      title={t('riskAssessments.view.title', { number: assessment.number, title: assessment.title })}
    >
      <Stack gap="lg">
        <DataList withDivider labelWidth="12rem">
          <DataList.Item>
            <DataList.ItemLabel>{t('riskAssessments.view.runAt')}</DataList.ItemLabel>
            <DataList.ItemValue>{format.dateTime(assessment.runAt)}</DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('riskAssessments.view.runBy')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {assessment.runBy?.name ?? t('riskAssessments.list.unknownPerson')}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('riskAssessments.view.methodology')}</DataList.ItemLabel>
            <DataList.ItemValue>
              {t('riskAssessments.list.methodologyVersion', { version: assessment.methodologyVersion })}
            </DataList.ItemValue>
          </DataList.Item>
          <DataList.Item>
            <DataList.ItemLabel>{t('riskAssessments.view.riskCount')}</DataList.ItemLabel>
            <DataList.ItemValue>{assessment.riskCount}</DataList.ItemValue>
          </DataList.Item>
          {assessment.notes !== '' && (
            <DataList.Item>
              <DataList.ItemLabel>{t('riskAssessments.view.notes')}</DataList.ItemLabel>
              <DataList.ItemValue style={{ whiteSpace: 'pre-wrap' }}>{assessment.notes}</DataList.ItemValue>
            </DataList.Item>
          )}
        </DataList>
        {body}
      </Stack>
    </AppModal>
  );
}

function SnapshotTable({ number, items }: { number: number; items: readonly TRiskSnapshot[] }) {
  const { t } = useTranslation();
  const formatDay = useDayFormatter();

  const acceptance = (item: TRiskSnapshot) => {
    if (!item.acceptance) {
      return (
        <Text size="sm" c="dimmed">
          {t('riskAssessments.view.notAccepted')}
        </Text>
      );
    }
    if (item.acceptance.stale) {
      return <WarningText>{t('riskAssessments.view.stale')}</WarningText>;
    }
    return (
      <Text size="sm">
        {t('riskAssessments.view.accepted', { date: formatDay(item.acceptance.expiresOn) })}
      </Text>
    );
  };

  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="sm" aria-label={t('riskAssessments.view.table', { number })}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('riskAssessments.view.risk')}</Table.Th>
            <Table.Th scope="col">{t('riskAssessments.view.owner')}</Table.Th>
            <Table.Th scope="col">{t('riskAssessments.view.status')}</Table.Th>
            <Table.Th scope="col">{t('riskAssessments.view.inherent')}</Table.Th>
            <Table.Th scope="col">{t('riskAssessments.view.residual')}</Table.Th>
            <Table.Th scope="col">{t('riskAssessments.view.acceptance')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.riskId}>
              <Table.Td maw={320}>
                <RiskLink riskId={item.riskId} size="sm" fw={600}>
                  {item.key}
                </RiskLink>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {item.title}
                </Text>
              </Table.Td>
              <Table.Td>{item.owner.name}</Table.Td>
              <Table.Td>{t(`riskTerms.status.${item.status}`)}</Table.Td>
              <Table.Td>
                <RatingCell rating={item.inherent} />
              </Table.Td>
              <Table.Td>
                {item.residual ? (
                  <RatingCell rating={item.residual} />
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('riskAssessments.view.noResidual')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{acceptance(item)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
