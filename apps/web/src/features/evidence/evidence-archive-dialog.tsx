import { type TEvidence, ZEvidence } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { ArchiveDialog } from '../../app/forms/archive-dialog.tsx';
import { useSetEvidenceArchived } from './evidence.queries.ts';

/**
 * Confirms archiving an item (it leaves the library and no longer counts for its controls; its file stays
 * downloadable) or restoring an archived one.
 */
export function EvidenceArchiveDialog({ evidence, onClose }: { evidence: TEvidence; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ArchiveDialog
      record={evidence}
      schema={ZEvidence}
      mutation={useSetEvidenceArchived()}
      onClose={onClose}
      texts={({ key, title }, archiving) => ({
        title: t(archiving ? 'evidence.archiveTitle' : 'evidence.restoreTitle', { key, title }),
        hint: t(archiving ? 'evidence.archiveHint' : 'evidence.restoreHint'),
        confirm: t(archiving ? 'evidence.archive' : 'evidence.restore'),
        done: t(archiving ? 'evidence.archivedDone' : 'evidence.restoredDone', { key, title }),
        retry: t('evidence.retryCurrent'),
      })}
    />
  );
}
