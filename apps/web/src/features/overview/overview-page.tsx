import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { SystemStatusCard } from '../system/system-status-card.tsx';

export function OverviewPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('overview.title')} lead={t('overview.lead')} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <SystemStatusCard />
      </SimpleGrid>
    </>
  );
}
