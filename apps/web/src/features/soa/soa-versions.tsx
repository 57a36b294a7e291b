import { Anchor, Button, Group, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconFileSpreadsheet, IconFileTypePdf } from '@tabler/icons-react';
import type { TSoaVersionSummary } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { soaExportHref, useSoaVersion, useSoaVersions } from './soa.queries.ts';
import { SoaComparison } from './soa-comparison.tsx';
import { SoaTable } from './soa-table.tsx';
import { SoaWarningList } from './soa-warnings.tsx';

/** The published versions (number, approver, date, note) with view and export links, and the comparison. */
export function SoaVersions() {
  const { t } = useTranslation();
  const format = useFormatters();
  const versions = useSoaVersions();
  const [viewing, setViewing] = useState<TSoaVersionSummary | null>(null);

  let list: ReactNode;
  if (versions.error) {
    list = <FormError error={versions.error} />;
  } else if (!versions.data) {
    list = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('soa.versions.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else if (versions.data.items.length === 0) {
    list = (
      <Text size="sm" c="dimmed" role="status">
        {t('soa.versions.empty')}
      </Text>
    );
  } else {
    list = (
      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="sm" aria-label={t('soa.versions.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('soa.versions.version')}</Table.Th>
              <Table.Th scope="col">{t('soa.versions.approvedBy')}</Table.Th>
              <Table.Th scope="col">{t('soa.versions.approvedAt')}</Table.Th>
              <Table.Th scope="col">{t('soa.versions.note')}</Table.Th>
              <Table.Th scope="col">{t('soa.versions.acknowledged')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('soa.table.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.data.items.map((version) => (
              <Table.Tr key={version.id}>
                <Table.Td>
                  <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                    {t('soa.versions.name', { number: version.number })}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {t('soa.versions.approver', {
                    name: version.approvedBy.name,
                    role: t(`roles.${version.approvedBy.role}`),
                  })}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(version.approvedAt)}</Table.Td>
                <Table.Td maw={320}>
                  {version.approvalNote || (
                    <Text span size="sm" c="dimmed">
                      {t('soa.versions.noNote')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{version.acknowledgedWarnings.length}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    <Button
                      variant="default"
                      size="xs"
                      aria-label={t('soa.versions.viewLabel', { number: version.number })}
                      onClick={() => setViewing(version)}
                    >
                      {t('soa.versions.view')}
                    </Button>
                    <Anchor
                      href={soaExportHref('xlsx', version.id)}
                      download
                      size="sm"
                      aria-label={t('soa.versions.xlsxLabel', { number: version.number })}
                    >
                      <Group gap={4} wrap="nowrap" component="span">
                        <IconFileSpreadsheet size={16} aria-hidden />
                        XLSX
                      </Group>
                    </Anchor>
                    <Anchor
                      href={soaExportHref('pdf', version.id)}
                      download
                      size="sm"
                      aria-label={t('soa.versions.pdfLabel', { number: version.number })}
                    >
                      <Group gap={4} wrap="nowrap" component="span">
                        <IconFileTypePdf size={16} aria-hidden />
                        PDF
                      </Group>
                    </Anchor>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <>
      <SectionCard title={t('soa.versions.title')} description={t('soa.versions.description')}>
        {list}
      </SectionCard>
      {versions.data && versions.data.items.length > 0 && <SoaComparison versions={versions.data.items} />}
      {viewing && <VersionDialog summary={viewing} onClose={() => setViewing(null)} />}
    </>
  );
}

/** One published version, read-only, as it was approved. */
function VersionDialog({ summary, onClose }: { summary: TSoaVersionSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const version = useSoaVersion(summary.id);
  const acknowledged = summary.acknowledgedWarnings;

  let body: ReactNode;
  if (version.error) body = <FormError error={version.error} />;
  else if (!version.data)
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('soa.versions.viewLoading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  else body = <SoaTable entries={version.data.items} />;

  return (
    <AppModal
      opened
      onClose={onClose}
      size="100%"
      title={t('soa.versions.viewTitle', { number: summary.number })}
    >
      <Stack gap="lg">
        <Stack gap={4}>
          <Text size="sm">
            {t('soa.versions.viewByline', {
              name: summary.approvedBy.name,
              role: t(`roles.${summary.approvedBy.role}`),
              date: format.dateTime(summary.approvedAt),
            })}
          </Text>
          {summary.approvalNote && <Text size="sm">{summary.approvalNote}</Text>}
        </Stack>
        {acknowledged.length > 0 && (
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {t('soa.versions.acknowledgedWarnings', { count: acknowledged.length })}
            </Text>
            <SoaWarningList warnings={acknowledged} />
          </Stack>
        )}
        {body}
      </Stack>
    </AppModal>
  );
}
