import { Group, Stack, Table, Text } from '@mantine/core';
import { IconArrowsExchange, IconTrendingDown, IconTrendingUp, type TablerIcon } from '@tabler/icons-react';
import type { TRiskAssessmentComparison, TRiskAssessmentSummary, TRiskSnapshot } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { ComparisonCard, ComparisonCounts, ComparisonSection } from '../../app/pages/comparison.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { RiskLink } from '../risk-actions/risk-link.tsx';
import { useMethodology } from '../risk-methodology/methodology.queries.ts';
import { RatingCell } from './rating-cell.tsx';
import { decidingRating, type RatingChange, ratingChange } from './rating-change.ts';
import { useRiskAssessmentComparison } from './risk-assessments.queries.ts';

export interface AssessmentComparisonProps {
  /** Every assessment, newest first. */
  assessments: readonly TRiskAssessmentSummary[];
  /** The chosen ids (from the URL, or the defaults: the previous and the latest). */
  from: string | null;
  to: string | null;
  onChange: (change: { from?: string; to?: string }) => void;
}

/** Two assessments side by side: new risks, risks closed or removed, and changed ratings. */
export function AssessmentComparison({ assessments, from, to, onChange }: AssessmentComparisonProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const comparison = useRiskAssessmentComparison(from, to);

  const options = assessments.map((assessment) => ({
    value: assessment.id,
    label: t('riskAssessments.option', {
      number: assessment.number,
      title: assessment.title,
      date: format.date(assessment.runAt),
    }),
  }));

  return (
    <ComparisonCard
      texts={{
        title: t('riskAssessments.compare.title'),
        description: t('riskAssessments.compare.description'),
        from: t('riskAssessments.compare.from'),
        to: t('riskAssessments.compare.to'),
        needsTwo: t('riskAssessments.compare.needsTwo'),
        same: t('riskAssessments.compare.same'),
        loading: t('riskAssessments.compare.loading'),
      }}
      options={options}
      from={from}
      to={to}
      onChange={onChange}
      query={comparison}
    >
      {(data) => <ComparisonResult comparison={data} />}
    </ComparisonCard>
  );
}

function ComparisonResult({ comparison }: { comparison: TRiskAssessmentComparison }) {
  const { t } = useTranslation();
  const methodology = useMethodology();
  const levelOrder = methodology.data?.levels.map((level) => level.key) ?? [];

  return (
    <Stack gap="xl">
      <ComparisonCounts
        summary={t('riskAssessments.compare.summary', {
          from: comparison.from.number,
          to: comparison.to.number,
        })}
        counts={[
          { label: t('riskAssessments.compare.counts.added'), value: comparison.added.length },
          { label: t('riskAssessments.compare.counts.removed'), value: comparison.removed.length },
          {
            label: t('riskAssessments.compare.counts.ratingChanged'),
            value: comparison.ratingChanged.length,
          },
          { label: t('riskAssessments.compare.counts.unchanged'), value: comparison.unchanged },
        ]}
      />

      <ComparisonSection
        title={t('riskAssessments.compare.added.title', { count: comparison.added.length })}
        description={t('riskAssessments.compare.added.description')}
        count={comparison.added.length}
        empty={t('riskAssessments.compare.added.empty')}
      >
        <SnapshotTable label={t('riskAssessments.compare.added.table')} items={comparison.added} />
      </ComparisonSection>

      <ComparisonSection
        title={t('riskAssessments.compare.removed.title', { count: comparison.removed.length })}
        description={t('riskAssessments.compare.removed.description')}
        count={comparison.removed.length}
        empty={t('riskAssessments.compare.removed.empty')}
      >
        <SnapshotTable label={t('riskAssessments.compare.removed.table')} items={comparison.removed} />
      </ComparisonSection>

      <ComparisonSection
        title={t('riskAssessments.compare.changed.title', { count: comparison.ratingChanged.length })}
        description={t('riskAssessments.compare.changed.description')}
        count={comparison.ratingChanged.length}
        empty={t('riskAssessments.compare.changed.empty')}
      >
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" aria-label={t('riskAssessments.compare.changed.table')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('riskAssessments.view.risk')}</Table.Th>
                <Table.Th scope="col">{t('riskAssessments.compare.changed.from')}</Table.Th>
                <Table.Th scope="col">{t('riskAssessments.compare.changed.to')}</Table.Th>
                <Table.Th scope="col">{t('riskAssessments.compare.changed.change')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {comparison.ratingChanged.map((item) => (
                <Table.Tr key={item.riskId}>
                  <Table.Td>
                    <RiskLink riskId={item.riskId} size="sm" fw={600}>
                      {item.key}
                    </RiskLink>
                  </Table.Td>
                  <Table.Td>
                    <RatingCell rating={decidingRating(item.from)} />
                  </Table.Td>
                  <Table.Td>
                    <RatingCell rating={decidingRating(item.to)} />
                  </Table.Td>
                  <Table.Td>
                    <ChangeText change={ratingChange(item.from, item.to, levelOrder)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ComparisonSection>
    </Stack>
  );
}

const CHANGE_ICONS: Record<RatingChange['direction'], TablerIcon> = {
  raised: IconTrendingUp,
  lowered: IconTrendingDown,
  changed: IconArrowsExchange,
};

function ChangeText({ change }: { change: RatingChange }) {
  const { t } = useTranslation();
  const Icon = CHANGE_ICONS[change.direction];
  let text: string;
  if (change.levelChanged && change.direction !== 'changed') {
    text = t(`riskAssessments.compare.changed.${change.direction}`);
  } else {
    text = t(`riskAssessments.compare.changed.${change.direction}Within`);
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Icon size={16} stroke={1.8} aria-hidden />
      <Text size="sm" fw={change.levelChanged ? 600 : 400}>
        {text}
      </Text>
    </Group>
  );
}

/** Risks as they were in one of the two snapshots: key and title, owner, status and level. */
function SnapshotTable({ label, items }: { label: string; items: readonly TRiskSnapshot[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('riskAssessments.view.risk')}</Table.Th>
            <Table.Th scope="col">{t('riskAssessments.view.owner')}</Table.Th>
            <Table.Th scope="col">{t('riskAssessments.view.status')}</Table.Th>
            <Table.Th scope="col">{t('riskAssessments.view.level')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.riskId}>
              <Table.Td maw={360}>
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
                <RatingCell rating={decidingRating(item)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
