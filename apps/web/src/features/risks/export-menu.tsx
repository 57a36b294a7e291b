import { useTranslation } from 'react-i18next';
import { DownloadMenu } from '../../app/pages/download-menu.tsx';
import { NO_ACTION_FILTERS, riskActionExportHref } from '../risk-actions/risk-actions.queries.ts';
import type { RegisterSearch } from './register-search.ts';
import { riskExportHref, riskReportHref } from './risks.queries.ts';

/** Downloads of the register under the current filters (CSV, XLSX, the PDF report) and of every treatment plan. */
export function ExportMenu({ search }: { search: RegisterSearch }) {
  const { t } = useTranslation();
  return (
    <DownloadMenu
      label={t('risks.export.button')}
      groups={[
        {
          label: t('risks.export.label'),
          links: [
            { label: t('risks.export.csv'), href: riskExportHref('csv', search), format: 'csv' },
            { label: t('risks.export.xlsx'), href: riskExportHref('xlsx', search), format: 'xlsx' },
            { label: t('risks.export.pdf'), href: riskReportHref(search), format: 'pdf' },
          ],
        },
        {
          label: t('risks.export.plans'),
          links: [
            {
              label: t('risks.export.plansCsv'),
              href: riskActionExportHref('csv', NO_ACTION_FILTERS),
              format: 'csv',
            },
            {
              label: t('risks.export.plansXlsx'),
              href: riskActionExportHref('xlsx', NO_ACTION_FILTERS),
              format: 'xlsx',
            },
          ],
        },
      ]}
    />
  );
}
