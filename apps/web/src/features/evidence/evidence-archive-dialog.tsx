import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type TEvidence, ZEvidence } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useSetEvidenceArchived } from './evidence.queries.ts';

/**
 * Confirms archiving an item (it leaves the library and no longer counts for its controls; its file stays
 * downloadable) or restoring an archived one. A 409 offers to try again with the version someone else saved.
 */
export function EvidenceArchiveDialog({
  evidence: initial,
  onClose,
}: {
  evidence: TEvidence;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const setArchived = useSetEvidenceArchived();
  const [evidence, setEvidence] = useState(initial);
  const archiving = evidence.archivedAt === null;
  const names = { key: evidence.key, title: evidence.title };

  const failure = setArchived.error;
  const current =
    isApiError(failure) && failure.code === 'conflict'
      ? ZEvidence.safeParse(failure.extensions.current)
      : null;

  return (
    <AppModal
      opened
      onClose={onClose}
      title={archiving ? t('evidence.archiveTitle', names) : t('evidence.restoreTitle', names)}
    >
      <Stack gap="md">
        <Text size="sm">{archiving ? t('evidence.archiveHint') : t('evidence.restoreHint')}</Text>
        <FormError error={setArchived.error} />
        {current?.success && (
          <Group>
            <Button
              variant="default"
              onClick={() => {
                setEvidence(current.data);
                setArchived.reset();
              }}
            >
              {t('evidence.retryCurrent')}
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
                { id: evidence.id, archived: archiving, version: evidence.version },
                {
                  onSuccess: (saved) => {
                    notifications.show({
                      color: 'teal',
                      message: t(archiving ? 'evidence.archivedDone' : 'evidence.restoredDone', {
                        key: saved.key,
                        title: saved.title,
                      }),
                    });
                    onClose();
                  },
                },
              )
            }
          >
            {archiving ? t('evidence.archive') : t('evidence.restore')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
