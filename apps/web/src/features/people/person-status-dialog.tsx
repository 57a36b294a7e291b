import { Button, Group, Stack, Text } from '@mantine/core';
import type { TPerson } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useSetPersonStatus } from './people.queries.ts';

/** Confirms disabling (which ends their sessions here at once) or enabling a person. */
export function PersonStatusDialog({ person, onClose }: { person: TPerson; onClose: () => void }) {
  const { t } = useTranslation();
  const setStatus = useSetPersonStatus();
  const disabling = person.status === 'active';
  return (
    <AppModal
      opened
      onClose={onClose}
      title={
        disabling
          ? t('people.disableTitle', { name: person.name })
          : t('people.enableTitle', { name: person.name })
      }
    >
      <Stack gap="md">
        <Text size="sm">{disabling ? t('people.disableHint') : t('people.enableHint')}</Text>
        <FormError error={setStatus.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('forms.cancel')}
          </Button>
          <Button
            color={disabling ? 'red' : 'vigil'}
            loading={setStatus.isPending}
            onClick={() =>
              setStatus.mutate(
                { id: person.id, status: disabling ? 'disabled' : 'active' },
                { onSuccess: onClose },
              )
            }
          >
            {disabling ? t('people.disable') : t('people.enable')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
