import { Alert, Paper, Select, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { TSoaComparedField, TSoaComparison, TSoaEntry, TSoaVersionSummary } from '@vigil/contracts';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { ControlLink } from '../controls/control-link.tsx';
import { useDayFormatter } from '../risk-actions/days.ts';
import { useSoaComparison } from './soa.queries.ts';

/**
 * Two published versions side by side: controls added, removed, and changed with each changed field
 * before and after. Starts with the previous and the latest version.
 */
export function SoaComparison({ versions }: { versions: readonly TSoaVersionSummary[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  // What the reader chose; by default the one before the latest against the latest (newest first).
  const [chosen, setChosen] = useState<{ from?: string; to?: string }>({});
  const from = chosen.from ?? versions[1]?.id ?? null;
  const to = chosen.to ?? versions[0]?.id ?? null;
  const comparison = useSoaComparison(from, to);

  const options = versions.map((version) => ({
    value: version.id,
    label: `${t('soa.versions.name', { number: version.number })} · ${format.date(version.approvedAt)}`,
  }));

  let body: ReactNode;
  if (versions.length < 2) {
    body = (
      <Alert variant="light" color="vigil" icon={<IconInfoCircle size={20} stroke={1.7} aria-hidden />}>
        {t('soa.compare.needsTwo')}
      </Alert>
    );
  } else if (from === to) {
    body = (
      <Text size="sm" role="status">
        {t('soa.compare.same')}
      </Text>
    );
  } else if (comparison.error) {
    body = <FormError error={comparison.error} />;
  } else if (!comparison.data) {
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('soa.compare.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else {
    body = <ComparisonResult comparison={comparison.data} />;
  }

  return (
    <SectionCard title={t('soa.compare.title')} description={t('soa.compare.description')}>
      <Stack gap="lg">
        {versions.length >= 2 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('soa.compare.from')}
              allowDeselect={false}
              data={options}
              value={from}
              onChange={(value) => value && setChosen({ ...chosen, from: value })}
            />
            <Select
              label={t('soa.compare.to')}
              allowDeselect={false}
              data={options}
              value={to}
              onChange={(value) => value && setChosen({ ...chosen, to: value })}
            />
          </SimpleGrid>
        )}
        {body}
      </Stack>
    </SectionCard>
  );
}

function ComparisonResult({ comparison }: { comparison: TSoaComparison }) {
  const { t } = useTranslation();
  const summary = t('soa.compare.summary', { from: comparison.from.number, to: comparison.to.number });
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
          {summary}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" role="list" aria-label={summary}>
          {figure(t('soa.compare.counts.added'), comparison.added.length)}
          {figure(t('soa.compare.counts.removed'), comparison.removed.length)}
          {figure(t('soa.compare.counts.changed'), comparison.changed.length)}
          {figure(t('soa.compare.counts.unchanged'), comparison.unchanged)}
        </SimpleGrid>
      </Stack>

      <ComparisonSection title={t('soa.compare.changed', { count: comparison.changed.length })}>
        {comparison.changed.length === 0 ? (
          <EmptyLine>{t('soa.compare.changedEmpty')}</EmptyLine>
        ) : (
          <ChangedTable comparison={comparison} />
        )}
      </ComparisonSection>

      <ComparisonSection title={t('soa.compare.added', { count: comparison.added.length })}>
        {comparison.added.length === 0 ? (
          <EmptyLine>{t('soa.compare.addedEmpty')}</EmptyLine>
        ) : (
          <EntryList label={t('soa.compare.addedTable')} entries={comparison.added} />
        )}
      </ComparisonSection>

      <ComparisonSection title={t('soa.compare.removed', { count: comparison.removed.length })}>
        {comparison.removed.length === 0 ? (
          <EmptyLine>{t('soa.compare.removedEmpty')}</EmptyLine>
        ) : (
          <EntryList label={t('soa.compare.removedTable')} entries={comparison.removed} />
        )}
      </ComparisonSection>
    </Stack>
  );
}

/** One row per changed field of each changed control: the value before and after. */
function ChangedTable({ comparison }: { comparison: TSoaComparison }) {
  const { t } = useTranslation();
  const value = useFieldValue();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" aria-label={t('soa.compare.changedTable')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('soa.table.key')}</Table.Th>
            <Table.Th scope="col">{t('soa.compare.field')}</Table.Th>
            <Table.Th scope="col">{t('soa.compare.before')}</Table.Th>
            <Table.Th scope="col">{t('soa.compare.after')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {comparison.changed.flatMap((change) =>
            change.fields.map((field) => (
              <Table.Tr key={`${change.controlId}:${field}`}>
                <Table.Td>
                  <ControlLink controlId={change.controlId} size="sm" fw={600} ff="monospace">
                    {change.key}
                  </ControlLink>
                </Table.Td>
                <Table.Td>{t(`soa.compare.fields.${field}`)}</Table.Td>
                <Table.Td maw={320}>{value(change.from, field)}</Table.Td>
                <Table.Td maw={320}>{value(change.to, field)}</Table.Td>
              </Table.Tr>
            )),
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A compared field of an entry in words; an empty one as a dash. */
function useFieldValue(): (entry: TSoaEntry, field: TSoaComparedField) => string {
  const { t } = useTranslation();
  const formatDay = useDayFormatter();
  const empty = t('soa.compare.empty');
  return (entry, field) => {
    switch (field) {
      case 'applicability':
        return t(`controls.terms.applicability.${entry.applicability}`);
      case 'implementationStatus':
        return t(`controls.terms.status.${entry.implementationStatus}`);
      case 'inclusionReasons':
        return (
          entry.inclusionReasons.map((reason) => t(`controls.terms.inclusionReason.${reason}`)).join(', ') ||
          empty
        );
      case 'owner':
        return entry.owner?.name ?? empty;
      case 'targetDate':
        return entry.targetDate ? formatDay(entry.targetDate) : empty;
      case 'risks':
        return entry.risks.map((risk) => risk.key).join(', ') || empty;
      default:
        return entry[field] || empty;
    }
  };
}

function EntryList({ label, entries }: { label: string; entries: readonly TSoaEntry[] }) {
  const { t } = useTranslation();
  return (
    <Table verticalSpacing="sm" aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('soa.table.key')}</Table.Th>
          <Table.Th scope="col">{t('soa.table.controlTitle')}</Table.Th>
          <Table.Th scope="col">{t('soa.table.applicable')}</Table.Th>
          <Table.Th scope="col">{t('soa.table.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((entry) => (
          <Table.Tr key={entry.controlId}>
            <Table.Td>
              <ControlLink controlId={entry.controlId} size="sm" fw={600} ff="monospace">
                {entry.key}
              </ControlLink>
            </Table.Td>
            <Table.Td>{entry.title}</Table.Td>
            <Table.Td>{t(`controls.terms.applicability.${entry.applicability}`)}</Table.Td>
            <Table.Td>{t(`controls.terms.status.${entry.implementationStatus}`)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function ComparisonSection({ title, children }: { title: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <Stack gap="xs" component="section" aria-labelledby={titleId}>
      <Title order={3} size="h5" id={titleId}>
        {title}
      </Title>
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
