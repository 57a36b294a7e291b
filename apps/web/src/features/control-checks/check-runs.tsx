import { Anchor, Group, List, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconExternalLink } from '@tabler/icons-react';
import type { TControlCheck, TEvidenceRef } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { useCan } from '../auth/me-context.tsx';
import { useControlEvidence } from '../controls/controls.queries.ts';
import { useDayFormatter } from '../risk-actions/days.ts';
import { WarningText } from '../risk-actions/warning-text.tsx';
import { ResultText } from './check-terms.tsx';
import { useCheckRuns } from './control-checks.queries.ts';

/**
 * One piece of evidence a run cited: a file as its download; a link as the link when the control's own
 * evidence knows it (a run's evidence reference carries no address); stale or archived said in words.
 */
function CitedEvidence({ item, urls }: { item: TEvidenceRef; urls: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const names = { key: item.key, title: item.title };
  const url = urls.get(item.id);
  const flags = [
    item.stale && t('controlChecks.runs.stale'),
    item.archived && t('controlChecks.runs.archived'),
  ]
    .filter(Boolean)
    .join(', ');
  let name: React.ReactNode = `${item.key} · ${item.title}`;
  if (item.kind === 'file')
    name = (
      <Anchor
        href={`/api/v1/evidence/${encodeURIComponent(item.id)}/file`}
        download
        size="sm"
        aria-label={t('controlChecks.runs.download', names)}
      >
        <Group gap={4} component="span" wrap="nowrap">
          <IconDownload size={14} aria-hidden />
          {name}
        </Group>
      </Anchor>
    );
  else if (url)
    name = (
      <Anchor
        href={url}
        target="_blank"
        rel="noopener noreferrer"
        size="sm"
        aria-label={t('controlChecks.runs.openLink', names)}
      >
        <Group gap={4} component="span" wrap="nowrap">
          <IconExternalLink size={14} aria-hidden />
          {name}
        </Group>
      </Anchor>
    );
  return (
    <List.Item>
      {name}
      {flags && (
        <Text span size="xs" c="dimmed">
          {' '}
          ({flags})
        </Text>
      )}
    </List.Item>
  );
}

/** The runs of a check, newest first: date, result, performer, notes, evidence and follow-up. */
export function CheckRuns({ check }: { check: TControlCheck }) {
  const { t } = useTranslation();
  const day = useDayFormatter();
  const can = useCan();
  const runs = useCheckRuns(check.control.id, check.id);
  const linked = useControlEvidence(check.control.id, can('evidence:read'));
  const urls = new Map(
    (linked.data?.items ?? []).flatMap((item) => (item.url ? [[item.id, item.url] as const] : [])),
  );

  if (runs.error) return <FormError error={runs.error} />;
  if (!runs.data)
    return (
      <Stack gap="xs" aria-busy>
        <Text size="sm" role="status">
          {t('controlChecks.runs.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  if (runs.data.items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('controlChecks.runs.empty')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="xs">
        <Table.Caption>{t('controlChecks.runs.caption', { title: check.title })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('controlChecks.runs.performedOn')}</Table.Th>
            <Table.Th scope="col">{t('controlChecks.runs.result')}</Table.Th>
            <Table.Th scope="col">{t('controlChecks.runs.performedBy')}</Table.Th>
            <Table.Th scope="col">{t('controlChecks.runs.notes')}</Table.Th>
            <Table.Th scope="col">{t('controlChecks.runs.evidence')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.data.items.map((run) => (
            <Table.Tr key={run.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{day(run.performedOn)}</Table.Td>
              <Table.Td>
                <ResultText result={run.result} />
                {run.followUpRequired && <WarningText>{t('controlChecks.runs.followUp')}</WarningText>}
              </Table.Td>
              <Table.Td>{run.performedBy.name}</Table.Td>
              <Table.Td maw={360}>
                {run.notes ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {run.notes}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('controlChecks.runs.noNotes')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {run.evidence.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('controlChecks.runs.noEvidence')}
                  </Text>
                ) : (
                  <List size="sm" spacing={2} listStyleType="none">
                    {run.evidence.map((item) => (
                      <CitedEvidence key={item.id} item={item} urls={urls} />
                    ))}
                  </List>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
