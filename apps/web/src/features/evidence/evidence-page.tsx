import { Button, Group } from '@mantine/core';
import { IconLink, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useEvidenceAccess } from './evidence-access.ts';
import { EvidenceDialog, type EvidenceDialogMode } from './evidence-dialog.tsx';
import { EvidenceTable } from './evidence-table.tsx';

/** The evidence library: files and links that show controls work; adding needs evidence:upload. */
export function EvidencePage() {
  const { t } = useTranslation();
  const access = useEvidenceAccess();
  const [adding, setAdding] = useState<EvidenceDialogMode | null>(null);

  const addButtons = access.mayAdd && (
    <Group gap="sm">
      <Button
        variant="default"
        leftSection={<IconLink size={16} aria-hidden />}
        onClick={() => setAdding({ kind: 'link' })}
      >
        {t('evidence.addLink')}
      </Button>
      <Button leftSection={<IconUpload size={16} aria-hidden />} onClick={() => setAdding({ kind: 'file' })}>
        {t('evidence.uploadFile')}
      </Button>
    </Group>
  );

  return (
    <>
      <PageHeader title={t('evidence.title')} lead={t('evidence.lead')} actions={addButtons} />
      <EvidenceTable onAdd={addButtons} />
      {adding && <EvidenceDialog mode={adding} onClose={() => setAdding(null)} />}
    </>
  );
}
