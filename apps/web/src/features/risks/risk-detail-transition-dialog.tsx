import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type TRisk, ZRisk, ZRiskTransitionRequest } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { riskDetailKeys, useRiskTransition } from './risk-detail.queries.ts';

/** Confirms closing or reopening a risk, with why; sends the version the page shows. */
export function RiskTransitionDialog({
  risk,
  to,
  onClose,
}: {
  risk: TRisk;
  to: 'close' | 'reopen';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const transition = useRiskTransition();
  const form = useForm({ reason: '' });
  const closing = to === 'close';
  const failure = transition.error;
  const current =
    isApiError(failure) && failure.code === 'conflict' ? ZRisk.safeParse(failure.extensions.current) : null;

  const submit = () => {
    if (form.values.reason.trim() === '') {
      form.showErrors({ reason: t('riskDetail.reasonRequired') });
      return;
    }
    const body = form.validate(ZRiskTransitionRequest, { version: risk.version, reason: form.values.reason });
    if (!body) return;
    transition.mutate(
      { id: risk.id, to, body },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'green',
            message: t(closing ? 'riskDetail.transition.closed' : 'riskDetail.transition.reopened', {
              key: saved.key,
            }),
          });
          onClose();
        },
        onError: (error) => form.showServerErrors(error),
      },
    );
  };

  return (
    <AppModal
      opened
      onClose={onClose}
      title={t(closing ? 'riskDetail.transition.closeTitle' : 'riskDetail.transition.reopenTitle', {
        key: risk.key,
      })}
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <Text size="sm">
            {closing ? t('riskDetail.transition.closeHint') : t('riskDetail.transition.reopenHint')}
          </Text>
          <Textarea
            label={t('riskDetail.transition.reason')}
            description={t('riskDetail.transition.reasonHint')}
            required
            rows={2}
            data-autofocus
            {...form.textInput('reason')}
          />
          <FormError error={failure} fields={['reason']} />
          {current?.success && (
            <Group>
              <Button
                variant="default"
                onClick={() => {
                  queryClient.setQueryData(riskDetailKeys.risk(risk.id), current.data);
                  transition.reset();
                }}
              >
                {t('riskDetail.loadCurrent')}
              </Button>
            </Group>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" color={closing ? 'red' : 'vigil'} loading={transition.isPending}>
              {closing ? t('riskDetail.actions.close') : t('riskDetail.actions.reopen')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
