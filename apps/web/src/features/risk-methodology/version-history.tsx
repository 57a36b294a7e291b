import { Alert, Badge, Button, Group, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useMethodologyVersion, useMethodologyVersions } from './methodology.queries.ts';
import { MethodologyView, VersionByline } from './methodology-view.tsx';

/** Every saved version, newest first; any one can be opened read-only below the list. */
export function VersionHistory({ currentVersion }: { currentVersion: number }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const versions = useMethodologyVersions();
  const [viewing, setViewing] = useState<number | null>(null);
  const version = useMethodologyVersion(viewing);

  let list = null;
  if (versions.error) list = <FormError error={versions.error} />;
  else if (!versions.data)
    list = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('riskMethodology.history.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  else
    list = (
      <Table verticalSpacing="sm">
        <Table.Caption>{t('riskMethodology.history.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('riskMethodology.history.version')}</Table.Th>
            <Table.Th scope="col">{t('riskMethodology.history.saved')}</Table.Th>
            <Table.Th scope="col">{t('riskMethodology.history.by')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('riskMethodology.history.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.data.items.map((item) => (
            <Table.Tr key={item.version}>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {t('riskMethodology.version', { version: item.version })}
                  </Text>
                  {item.current && (
                    <Badge variant="dot" color="teal" tt="none" fw={600}>
                      {t('riskMethodology.currentVersion')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{format.dateTime(item.createdAt)}</Table.Td>
              <Table.Td>{item.createdBy?.name ?? t('riskMethodology.history.byDefault')}</Table.Td>
              <Table.Td ta="right">
                <Button
                  variant="default"
                  size="xs"
                  aria-label={t('riskMethodology.history.viewLabel', { version: item.version })}
                  aria-pressed={viewing === item.version}
                  onClick={() => setViewing(viewing === item.version ? null : item.version)}
                >
                  {t('riskMethodology.history.view')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    );

  return (
    <Stack gap="lg">
      <SectionCard title={t('riskMethodology.history.title')} description={t('riskMethodology.history.hint')}>
        {list}
      </SectionCard>
      {viewing !== null && version.error && <FormError error={version.error} />}
      {viewing !== null && version.data && (
        <Stack gap="lg">
          <Alert
            variant="light"
            color={version.data.current ? 'vigil' : 'yellow'}
            icon={<IconHistory size={20} stroke={1.7} aria-hidden />}
            title={t('riskMethodology.history.viewing', { version: version.data.version })}
            withCloseButton
            closeButtonLabel={t('riskMethodology.history.closeView', { version: version.data.version })}
            onClose={() => setViewing(null)}
          >
            <Stack gap={4}>
              <VersionByline methodology={version.data} />
              {!version.data.current && (
                <Text size="sm">
                  {t('riskMethodology.olderVersion', {
                    version: version.data.version,
                    current: currentVersion,
                  })}
                </Text>
              )}
            </Stack>
          </Alert>
          <MethodologyView methodology={version.data} />
        </Stack>
      )}
    </Stack>
  );
}
