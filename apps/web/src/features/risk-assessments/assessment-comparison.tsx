import { Alert, Group, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconArrowsExchange,
  IconInfoCircle,
  IconTrendingDown,
  IconTrendingUp,
  type TablerIcon,
} from '@tabler/icons-react';
import type { TRiskAssessmentComparison, TRiskAssessmentSummary, TRiskSnapshot } from '@vigil/contracts';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
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

  let body: ReactNode;
  if (assessments.length < 2) {
    body = (
      <Alert variant="light" color="vigil" icon={<IconInfoCircle size={20} stroke={1.7} aria-hidden />}>
        {t('riskAssessments.compare.needsTwo')}
      </Alert>
    );
  } else if (from === to) {
    body = (
      <Text size="sm" role="status">
        {t('riskAssessments.compare.same')}
      </Text>
    );
  } else if (comparison.error) {
    body = <FormError error={comparison.error} />;
  } else if (!comparison.data) {
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('riskAssessments.compare.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else {
    body = <ComparisonResult comparison={comparison.data} />;
  }

  return (
    <SectionCard
      title={t('riskAssessments.compare.title')}
      description={t('riskAssessments.compare.description')}
    >
      <Stack gap="lg">
        {assessments.length >= 2 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('riskAssessments.compare.from')}
              allowDeselect={false}
              data={options}
              value={from}
              onChange={(value) => value && onChange({ from: value })}
            />
            <Select
              label={t('riskAssessments.compare.to')}
              allowDeselect={false}
              data={options}
              value={to}
              onChange={(value) => value && onChange({ to: value })}
            />
          </SimpleGrid>
        )}
        {body}
      </Stack>
    </SectionCard>
  );
}

function ComparisonResult({ comparison }: { comparison: TRiskAssessmentComparison }) {
  const { t } = useTranslation();
  const methodology = useMethodology();
  const levelOrder = methodology.data?.levels.map((level) => level.key) ?? [];

  const figure = (label: string, value: number) => (
    <Paper withBorder radius="md" p="sm" role="listitem">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700} lh={1.2}>
        {value}
      </Text>
    </Paper>
  );

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          {t('riskAssessments.compare.summary', {
            from: comparison.from.number,
            to: comparison.to.number,
          })}
        </Text>
        <SimpleGrid
          cols={{ base: 2, sm: 4 }}
          spacing="sm"
          role="list"
          aria-label={t('riskAssessments.compare.summary', {
            from: comparison.from.number,
            to: comparison.to.number,
          })}
        >
          {figure(t('riskAssessments.compare.counts.added'), comparison.added.length)}
          {figure(t('riskAssessments.compare.counts.removed'), comparison.removed.length)}
          {figure(t('riskAssessments.compare.counts.ratingChanged'), comparison.ratingChanged.length)}
          {figure(t('riskAssessments.compare.counts.unchanged'), comparison.unchanged)}
        </SimpleGrid>
      </Stack>

      <ComparisonSection
        title={t('riskAssessments.compare.added.title', { count: comparison.added.length })}
        description={t('riskAssessments.compare.added.description')}
      >
        {comparison.added.length === 0 ? (
          <EmptyLine>{t('riskAssessments.compare.added.empty')}</EmptyLine>
        ) : (
          <SnapshotTable label={t('riskAssessments.compare.added.table')} items={comparison.added} />
        )}
      </ComparisonSection>

      <ComparisonSection
        title={t('riskAssessments.compare.removed.title', { count: comparison.removed.length })}
        description={t('riskAssessments.compare.removed.description')}
      >
        {comparison.removed.length === 0 ? (
          <EmptyLine>{t('riskAssessments.compare.removed.empty')}</EmptyLine>
        ) : (
          <SnapshotTable label={t('riskAssessments.compare.removed.table')} items={comparison.removed} />
        )}
      </ComparisonSection>

      <ComparisonSection
        title={t('riskAssessments.compare.changed.title', { count: comparison.ratingChanged.length })}
        description={t('riskAssessments.compare.changed.description')}
      >
        {comparison.ratingChanged.length === 0 ? (
          <EmptyLine>{t('riskAssessments.compare.changed.empty')}</EmptyLine>
        ) : (
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
        )}
      </ComparisonSection>
    </Stack>
  );
}

function ComparisonSection({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <Stack gap="xs" component="section" aria-labelledby={titleId}>
      <Title order={3} size="h5" id={titleId}>
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {description}
      </Text>
      {children}
    </Stack>
  );
}

function EmptyLine({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
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
