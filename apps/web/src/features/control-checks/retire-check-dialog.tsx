import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type TControlCheck, ZControlCheck } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useRetireControlCheck } from './control-checks.queries.ts';

/**
 * Confirms retiring a check, which is final: it keeps its runs, is never due again and no longer counts
 * for the control's health. A 409 offers to try again with the version someone else saved.
 */
export function RetireCheckDialog({
  check: initial,
  onClose,
}: {
  check: TControlCheck;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const retire = useRetireControlCheck();
  const [check, setCheck] = useState(initial);

  const failure = retire.error;
  const current =
    isApiError(failure) && failure.code === 'conflict'
      ? ZControlCheck.safeParse(failure.extensions.current)
      : null;

  return (
    <AppModal opened onClose={onClose} title={t('controlChecks.retire.title', { title: check.title })}>
      <Stack gap="md">
        <Alert
          variant="light"
          color="red"
          icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
          styles={{
            message: { color: 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-3))' },
          }}
        >
          <Text size="sm" fw={700} inherit>
            {t('controlChecks.retire.final')}
          </Text>
        </Alert>
        <Text size="sm">{t('controlChecks.retire.detail')}</Text>
        <FormError error={failure} />
        {current?.success && current.data.retiredAt === null && (
          <Group>
            <Button
              variant="default"
              onClick={() => {
                setCheck(current.data);
                retire.reset();
              }}
            >
              {t('controlChecks.retire.retryCurrent')}
            </Button>
          </Group>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('forms.cancel')}
          </Button>
          <Button
            color="red"
            loading={retire.isPending}
            // Retired by someone else meanwhile: nothing left to do.
            disabled={current?.success === true && current.data.retiredAt !== null}
            onClick={() =>
              retire.mutate(
                { controlId: check.control.id, checkId: check.id, version: check.version },
                {
                  onSuccess: (saved) => {
                    notifications.show({
                      color: 'teal',
                      message: t('controlChecks.retire.done', { title: saved.title }),
                    });
                    onClose();
                  },
                },
              )
            }
          >
            {t('controlChecks.retire.confirm')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
