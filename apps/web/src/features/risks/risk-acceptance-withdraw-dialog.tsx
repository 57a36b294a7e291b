import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type TRisk, type TRiskAcceptance, ZWithdrawRiskAcceptanceRequest } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useWithdrawAcceptance } from './risk-detail.queries.ts';

/** Confirms withdrawing the acceptance in force, with why; the acceptance stays in the history. */
export function RiskAcceptanceWithdrawDialog({
  risk,
  acceptance,
  onClose,
}: {
  risk: TRisk;
  acceptance: TRiskAcceptance;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const withdraw = useWithdrawAcceptance();
  const form = useForm({ reason: '' });

  const submit = () => {
    if (form.values.reason.trim() === '') {
      form.showErrors({ reason: t('riskDetail.reasonRequired') });
      return;
    }
    const body = form.validate(ZWithdrawRiskAcceptanceRequest);
    if (!body) return;
    withdraw.mutate(
      { riskId: risk.id, acceptanceId: acceptance.id, body },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: t('riskDetail.acceptance.withdrawDialog.done', { key: risk.key }),
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
      title={t('riskDetail.acceptance.withdrawDialog.title', { key: risk.key })}
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <Text size="sm">{t('riskDetail.acceptance.withdrawDialog.hint')}</Text>
          <Textarea
            label={t('riskDetail.acceptance.withdrawDialog.reason')}
            required
            rows={2}
            data-autofocus
            {...form.textInput('reason')}
          />
          <FormError error={withdraw.error} fields={['reason']} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" color="red" loading={withdraw.isPending}>
              {t('riskDetail.acceptance.withdrawDialog.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
