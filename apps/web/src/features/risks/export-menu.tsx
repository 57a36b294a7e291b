import { Button, Menu } from '@mantine/core';
import {
  IconChevronDown,
  IconDownload,
  IconFileSpreadsheet,
  IconFileTypeCsv,
  IconFileTypePdf,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { NO_ACTION_FILTERS, riskActionExportHref } from '../risk-actions/risk-actions.queries.ts';
import type { RegisterSearch } from './register-search.ts';
import { riskExportHref, riskReportHref } from './risks.queries.ts';

/**
 * Downloads of the register under the current filters (CSV, XLSX, the PDF report) and of every
 * treatment plan. Plain links: the browser sends the session cookie and saves the file itself.
 */
export function ExportMenu({ search }: { search: RegisterSearch }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          {t('risks.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('risks.export.label')}</Menu.Label>
        <Menu.Item
          component="a"
          href={riskExportHref('csv', search)}
          download
          leftSection={<IconFileTypeCsv size={16} aria-hidden />}
        >
          {t('risks.export.csv')}
        </Menu.Item>
        <Menu.Item
          component="a"
          href={riskExportHref('xlsx', search)}
          download
          leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
        >
          {t('risks.export.xlsx')}
        </Menu.Item>
        <Menu.Item
          component="a"
          href={riskReportHref(search)}
          download
          leftSection={<IconFileTypePdf size={16} aria-hidden />}
        >
          {t('risks.export.pdf')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>{t('risks.export.plans')}</Menu.Label>
        <Menu.Item
          component="a"
          href={riskActionExportHref('csv', NO_ACTION_FILTERS)}
          download
          leftSection={<IconFileTypeCsv size={16} aria-hidden />}
        >
          {t('risks.export.plansCsv')}
        </Menu.Item>
        <Menu.Item
          component="a"
          href={riskActionExportHref('xlsx', NO_ACTION_FILTERS)}
          download
          leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
        >
          {t('risks.export.plansXlsx')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
