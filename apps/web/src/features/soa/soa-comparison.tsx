import { Stack, Table } from '@mantine/core';
import type { TSoaComparedField, TSoaComparison, TSoaEntry, TSoaVersionSummary } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ComparisonCard, ComparisonCounts, ComparisonSection } from '../../app/pages/comparison.tsx';
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

  return (
    <ComparisonCard
      texts={{
        title: t('soa.compare.title'),
        description: t('soa.compare.description'),
        from: t('soa.compare.from'),
        to: t('soa.compare.to'),
        needsTwo: t('soa.compare.needsTwo'),
        same: t('soa.compare.same'),
        loading: t('soa.compare.loading'),
      }}
      options={options}
      from={from}
      to={to}
      onChange={(change) => setChosen({ ...chosen, ...change })}
      query={comparison}
    >
      {(data) => <ComparisonResult comparison={data} />}
    </ComparisonCard>
  );
}

function ComparisonResult({ comparison }: { comparison: TSoaComparison }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xl">
      <ComparisonCounts
        summary={t('soa.compare.summary', { from: comparison.from.number, to: comparison.to.number })}
        counts={[
          { label: t('soa.compare.counts.added'), value: comparison.added.length },
          { label: t('soa.compare.counts.removed'), value: comparison.removed.length },
          { label: t('soa.compare.counts.changed'), value: comparison.changed.length },
          { label: t('soa.compare.counts.unchanged'), value: comparison.unchanged },
        ]}
      />

      <ComparisonSection
        title={t('soa.compare.changed', { count: comparison.changed.length })}
        count={comparison.changed.length}
        empty={t('soa.compare.changedEmpty')}
      >
        <ChangedTable comparison={comparison} />
      </ComparisonSection>

      <ComparisonSection
        title={t('soa.compare.added', { count: comparison.added.length })}
        count={comparison.added.length}
        empty={t('soa.compare.addedEmpty')}
      >
        <EntryList label={t('soa.compare.addedTable')} entries={comparison.added} />
      </ComparisonSection>

      <ComparisonSection
        title={t('soa.compare.removed', { count: comparison.removed.length })}
        count={comparison.removed.length}
        empty={t('soa.compare.removedEmpty')}
      >
        <EntryList label={t('soa.compare.removedTable')} entries={comparison.removed} />
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
