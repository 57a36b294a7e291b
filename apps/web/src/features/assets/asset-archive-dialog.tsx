import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type TAsset, ZAsset } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useSetAssetArchived } from './assets.queries.ts';

/**
 * Confirms archiving an asset (it leaves the list and cannot be linked to new risks) or restoring an
 * archived one. A 409 offers to try again with the version someone else saved.
 */
export function AssetArchiveDialog({ asset: initial, onClose }: { asset: TAsset; onClose: () => void }) {
  const { t } = useTranslation();
  const setArchived = useSetAssetArchived();
  const [asset, setAsset] = useState(initial);
  const archiving = asset.archivedAt === null;
  const names = { key: asset.key, name: asset.name };

  const failure = setArchived.error;
  const current =
    isApiError(failure) && failure.code === 'conflict' ? ZAsset.safeParse(failure.extensions.current) : null;

  return (
    <AppModal
      opened
      onClose={onClose}
      title={archiving ? t('assets.archiveTitle', names) : t('assets.restoreTitle', names)}
    >
      <Stack gap="md">
        <Text size="sm">{archiving ? t('assets.archiveHint') : t('assets.restoreHint')}</Text>
        <FormError error={setArchived.error} />
        {current?.success && (
          <Group>
            <Button
              variant="default"
              onClick={() => {
                setAsset(current.data);
                setArchived.reset();
              }}
            >
              {t('assets.retryCurrent')}
            </Button>
          </Group>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('forms.cancel')}
          </Button>
          <Button
            color={archiving ? 'red' : 'vigil'}
            loading={setArchived.isPending}
            // Already archived or restored by someone else meanwhile: nothing left to do.
            disabled={current?.success === true}
            onClick={() =>
              setArchived.mutate(
                { id: asset.id, archived: archiving, version: asset.version },
                {
                  onSuccess: (saved) => {
                    notifications.show({
                      color: 'teal',
                      message: t(archiving ? 'assets.archivedDone' : 'assets.restoredDone', {
                        key: saved.key,
                        name: saved.name,
                      }),
                    });
                    onClose();
                  },
                },
              )
            }
          >
            {archiving ? t('assets.archive') : t('assets.restore')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
