import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/pages/page-header.tsx';

export function ChecksDuePage() {
  const { t } = useTranslation();
  return <PageHeader title={t('nav.checksDue')} />;
}
