import { Alert, Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { type TMethodology, type TRisk, ZCreateRiskAcceptanceRequest, ZRisk } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { localDayFromNow } from '../../app/forms/dates.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { LevelBadge } from './level-badge.tsx';
import { useAcceptorsText } from './risk-acceptance-section.tsx';
import { riskDetailKeys, useAcceptRisk } from './risk-detail.queries.ts';

/**
 * Accepts the residual risk exactly as the page shows it: the request carries the risk's version, so a
 * risk changed meanwhile is refused (409) and the dialog then shows the current risk to accept again.
 * The server refuses a level above the acceptor's authority (403) and says who may accept it.
 */
export function RiskAcceptanceDialog({
  risk,
  methodology,
  onClose,
}: {
  risk: TRisk;
  methodology: TMethodology | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const acceptorsText = useAcceptorsText();
  const queryClient = useQueryClient();
  const accept = useAcceptRisk();
  const [reloaded, setReloaded] = useState(false);
  const form = useForm({ justification: '', expiresOn: localDayFromNow(365) });
  const rating = risk.residual ?? risk.inherent;
  const level = methodology?.levels.find((l) => l.key === rating.level.key);
  const failure = accept.error;
  const current =
    isApiError(failure) && failure.code === 'conflict' ? ZRisk.safeParse(failure.extensions.current) : null;

  const submit = () => {
    const body = form.validate(ZCreateRiskAcceptanceRequest, { ...form.values, version: risk.version });
    if (!body) return;
    setReloaded(false);
    accept.mutate(
      { riskId: risk.id, body },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: t('riskDetail.acceptance.dialog.done', { key: risk.key }),
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
      size="lg"
      title={t('riskDetail.acceptance.dialog.title', { key: risk.key })}
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <LevelBadge level={rating.level} />
            <Text size="sm">
              {t('riskDetail.acceptance.dialog.lead', {
                key: risk.key,
                rating: t('riskDetail.rating.short', {
                  likelihood: rating.likelihood,
                  impact: rating.impact,
                }),
                version: risk.methodologyVersion,
              })}
            </Text>
          </Group>
          {level && (
            <Text size="sm" c="dimmed">
              {level.acceptableBy.length > 0
                ? t('riskDetail.acceptance.whoMay', {
                    level: level.label,
                    acceptors: acceptorsText(level.acceptableBy),
                  })
                : t('riskDetail.acceptance.nobodyMay', { level: level.label })}
            </Text>
          )}
          {reloaded && (
            <Alert variant="light" color="yellow" role="status">
              {t('riskDetail.acceptance.dialog.changed')}
            </Alert>
          )}
          <Textarea
            label={t('riskDetail.acceptance.dialog.justification')}
            description={t('riskDetail.acceptance.dialog.justificationHint')}
            required
            rows={3}
            data-autofocus
            {...form.textInput('justification')}
          />
          <TextInput
            type="date"
            label={t('riskDetail.acceptance.dialog.expiresOn')}
            description={t('riskDetail.acceptance.dialog.expiresOnHint')}
            required
            {...form.textInput('expiresOn')}
          />
          <FormError error={failure} fields={['justification', 'expiresOn']} />
          {current?.success && (
            <Group>
              <Button
                variant="default"
                onClick={() => {
                  queryClient.setQueryData(riskDetailKeys.risk(risk.id), current.data);
                  accept.reset();
                  setReloaded(true);
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
            <Button type="submit" loading={accept.isPending}>
              {t('riskDetail.acceptance.dialog.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
