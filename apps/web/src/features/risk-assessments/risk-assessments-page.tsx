import { Button, Card, EmptyState, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconHistory, IconPlayerPlay } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import type { TRiskAssessmentSummary } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useCan } from '../auth/me-context.tsx';
import { AssessmentComparison } from './assessment-comparison.tsx';
import { AssessmentDialog } from './assessment-dialog.tsx';
import type { AssessmentsSearch } from './assessments-search.ts';
import { useRiskAssessments } from './risk-assessments.queries.ts';
import { RunAssessmentDialog } from './run-assessment-dialog.tsx';

const route = getRouteApi('/app/risk-assessments');

/**
 * The compared pair: the ids in the URL when they are listed assessments, otherwise the defaults, the
 * previous and the latest (the list is newest first).
 */
export function comparedPair(
  assessments: readonly TRiskAssessmentSummary[],
  search: { from?: string; to?: string },
): { from: string | null; to: string | null } {
  const listed = (id: string | undefined) => (assessments.some((a) => a.id === id) ? (id ?? null) : null);
  return {
    from: listed(search.from) ?? assessments[1]?.id ?? null,
    to: listed(search.to) ?? assessments[0]?.id ?? null,
  };
}

/** Both ids in the URL once one is chosen, so that the link shows the same comparison later. */
function pinned({ from, to }: { from: string | null; to: string | null }): AssessmentsSearch {
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Risk assessments (8.2): run one, see each frozen snapshot, and compare two. */
export function RiskAssessmentsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const assessments = useRiskAssessments();
  const [running, setRunning] = useState(false);
  const [viewing, setViewing] = useState<TRiskAssessmentSummary | null>(null);
  const mayRun = can('risk_assessment:run');
  const items = assessments.data?.items ?? [];
  const runButton = (label: string) =>
    mayRun && (
      <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={() => setRunning(true)}>
        {label}
      </Button>
    );

  let body: ReactNode;
  if (assessments.error) {
    body = <FormError error={assessments.error} />;
  } else if (!assessments.data) {
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('riskAssessments.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else if (items.length === 0) {
    body = (
      <Card withBorder radius="md" padding="xl">
        <EmptyState
          icon={<IconHistory size={28} stroke={1.5} aria-hidden />}
          title={t('riskAssessments.empty.title')}
        >
          <Text size="sm" c="dimmed" maw={640} ta="center">
            {t('riskAssessments.empty.description')}
          </Text>
          <EmptyState.Actions>
            {mayRun ? (
              runButton(t('riskAssessments.empty.runFirst'))
            ) : (
              <Text size="sm">{t('riskAssessments.run.notAllowed')}</Text>
            )}
          </EmptyState.Actions>
        </EmptyState>
      </Card>
    );
  } else {
    const pair = comparedPair(items, search);
    body = (
      <Stack gap="lg">
        <AssessmentList items={items} onView={setViewing} />
        <AssessmentComparison
          assessments={items}
          from={pair.from}
          to={pair.to}
          onChange={(change) => void navigate({ search: pinned({ ...pair, ...change }) })}
        />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title={t('riskAssessments.title')}
        lead={t('riskAssessments.lead')}
        actions={items.length > 0 && runButton(t('riskAssessments.run.button'))}
      />
      {body}
      {mayRun && (
        <RunAssessmentDialog
          opened={running}
          nextNumber={(items[0]?.number ?? 0) + 1}
          onClose={() => setRunning(false)}
          // The defaults then compare the new assessment with the one before.
          onDone={() => void navigate({ search: {} })}
        />
      )}
      {viewing && <AssessmentDialog assessment={viewing} onClose={() => setViewing(null)} />}
    </>
  );
}

function AssessmentList({
  items,
  onView,
}: {
  items: readonly TRiskAssessmentSummary[];
  onView: (assessment: TRiskAssessmentSummary) => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <SectionCard title={t('riskAssessments.list.title')} description={t('riskAssessments.list.description')}>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover aria-label={t('riskAssessments.list.label')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('riskAssessments.list.number')}</Table.Th>
              <Table.Th scope="col">{t('riskAssessments.list.name')}</Table.Th>
              <Table.Th scope="col">{t('riskAssessments.list.runAt')}</Table.Th>
              <Table.Th scope="col">{t('riskAssessments.list.runBy')}</Table.Th>
              <Table.Th scope="col">{t('riskAssessments.list.risks')}</Table.Th>
              <Table.Th scope="col">{t('riskAssessments.list.methodology')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('riskAssessments.list.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((assessment) => (
              <Table.Tr key={assessment.id}>
                <Table.Td>{t('riskAssessments.numbered', { number: assessment.number })}</Table.Td>
                <Table.Td maw={360}>
                  <Text size="sm" fw={500}>
                    {assessment.title}
                  </Text>
                  {assessment.notes !== '' && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {assessment.notes}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{format.dateTime(assessment.runAt)}</Table.Td>
                <Table.Td>{assessment.runBy?.name ?? t('riskAssessments.list.unknownPerson')}</Table.Td>
                <Table.Td>{assessment.riskCount}</Table.Td>
                <Table.Td>
                  {t('riskAssessments.list.methodologyVersion', { version: assessment.methodologyVersion })}
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('riskAssessments.list.viewLabel', { number: assessment.number })}
                    onClick={() => onView(assessment)}
                  >
                    {t('riskAssessments.list.view')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </SectionCard>
  );
}
