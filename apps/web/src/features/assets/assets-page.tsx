import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useCan } from '../auth/me-context.tsx';
import { AssetDialog } from './asset-dialog.tsx';
import { AssetsTable } from './assets-table.tsx';

/** The asset inventory (A.5.9); registering and editing assets needs asset:manage. */
export function AssetsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('asset:manage');
  const [adding, setAdding] = useState(false);

  return (
    <>
      <PageHeader
        title={t('assets.title')}
        lead={t('assets.lead')}
        actions={
          mayManage && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
              {t('assets.add')}
            </Button>
          )
        }
      />
      <AssetsTable onAdd={() => setAdding(true)} />
      {adding && <AssetDialog asset={null} onClose={() => setAdding(false)} />}
    </>
  );
}
