import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/pages/page-header.tsx';

export function RiskDetailPage() {
  const { t } = useTranslation();
  return <PageHeader title={t('riskDetail.title')} />;
}
