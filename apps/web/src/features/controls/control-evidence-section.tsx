import { Anchor, Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconExternalLink } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { TControl, TEvidence } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useDayFormatter } from '../risk-actions/days.ts';
import { WarningText } from '../risk-actions/warning-text.tsx';
import { useControlEvidence } from './controls.queries.ts';

/** Where an evidence item is opened: its file's download, or its link. */
export function evidenceHref(evidence: TEvidence): string | null {
  if (evidence.kind === 'file') return `/api/v1/evidence/${encodeURIComponent(evidence.id)}/file`;
  return evidence.url;
}

/** The evidence linked to the control (newest first): what it is, when collected, how long valid, stale or not. */
export function ControlEvidenceSection({ control }: { control: TControl }) {
  const { t } = useTranslation();
  const evidence = useControlEvidence(control.id, true);

  let body: React.ReactNode;
  if (evidence.error) body = <FormError error={evidence.error} />;
  else if (!evidence.data)
    body = (
      <Stack gap="xs" aria-busy>
        <Text size="sm" role="status">
          {t('controls.evidence.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  else if (evidence.data.items.length === 0)
    body = (
      <Text size="sm" c="dimmed">
        {t('controls.evidence.empty')}
      </Text>
    );
  else body = <EvidenceTable control={control} items={evidence.data.items} />;

  return (
    <SectionCard
      title={t('controls.detail.sections.evidence')}
      actions={
        <Button variant="default" renderRoot={(props) => <Link {...props} to="/evidence" />}>
          {t('controls.evidence.library')}
        </Button>
      }
    >
      {body}
    </SectionCard>
  );
}

function EvidenceTable({ control, items }: { control: TControl; items: readonly TEvidence[] }) {
  const { t } = useTranslation();
  const formatDay = useDayFormatter();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs">
        <Table.Caption>{t('controls.evidence.caption', { key: control.key })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('controls.evidence.title')}</Table.Th>
            <Table.Th scope="col">{t('controls.evidence.kind')}</Table.Th>
            <Table.Th scope="col">{t('controls.evidence.collected')}</Table.Th>
            <Table.Th scope="col">{t('controls.evidence.validUntil')}</Table.Th>
            <Table.Th scope="col">{t('controls.evidence.state')}</Table.Th>
            <Table.Th scope="col">{t('controls.evidence.open')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const href = evidenceHref(item);
            return (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {item.title}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {item.key}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`controls.evidence.kinds.${item.kind}`)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(item.collectedOn)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {item.validUntil ? formatDay(item.validUntil) : t('controls.evidence.noExpiry')}
                </Table.Td>
                <Table.Td>
                  {item.stale ? (
                    <WarningText>{t('controls.evidence.stale')}</WarningText>
                  ) : (
                    t('controls.evidence.current')
                  )}
                </Table.Td>
                <Table.Td>
                  {href && item.kind === 'file' && (
                    <Anchor href={href} download size="sm">
                      <Group gap={4} component="span" wrap="nowrap">
                        <IconDownload size={14} aria-hidden />
                        {t('controls.evidence.download', { name: item.file?.name ?? item.title })}
                      </Group>
                    </Anchor>
                  )}
                  {href && item.kind === 'link' && (
                    <Anchor href={href} target="_blank" rel="noopener noreferrer" size="sm">
                      <Group gap={4} component="span" wrap="nowrap">
                        <IconExternalLink size={14} aria-hidden />
                        {t('controls.evidence.openLink', { title: item.title })}
                      </Group>
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
