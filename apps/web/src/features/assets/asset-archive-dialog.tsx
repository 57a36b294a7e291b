import { type TAsset, ZAsset } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { ArchiveDialog } from '../../app/forms/archive-dialog.tsx';
import { useSetAssetArchived } from './assets.queries.ts';

/**
 * Confirms archiving an asset (it leaves the list and cannot be linked to new risks) or restoring an
 * archived one.
 */
export function AssetArchiveDialog({ asset, onClose }: { asset: TAsset; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ArchiveDialog
      record={asset}
      schema={ZAsset}
      mutation={useSetAssetArchived()}
      onClose={onClose}
      texts={({ key, name }, archiving) => ({
        title: t(archiving ? 'assets.archiveTitle' : 'assets.restoreTitle', { key, name }),
        hint: t(archiving ? 'assets.archiveHint' : 'assets.restoreHint'),
        confirm: t(archiving ? 'assets.archive' : 'assets.restore'),
        done: t(archiving ? 'assets.archivedDone' : 'assets.restoredDone', { key, name }),
        retry: t('assets.retryCurrent'),
      })}
    />
  );
}
