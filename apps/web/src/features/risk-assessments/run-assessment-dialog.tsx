import { Alert, Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import {
  type TRiskAssessment,
  type TRunRiskAssessmentRequest,
  ZRunRiskAssessmentRequest,
} from '@vigil/contracts';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useRunRiskAssessment } from './risk-assessments.queries.ts';

export interface RunAssessmentDialogProps {
  opened: boolean;
  /** The number the new assessment will get (the organisation's assessments are numbered 1, 2, 3...). */
  nextNumber: number;
  onClose: () => void;
  onDone: (assessment: TRiskAssessment) => void;
}

/**
 * Runs a risk assessment in two steps: a title and notes, then a confirmation that says what freezing
 * the register means (it is permanent), before anything is sent.
 */
export function RunAssessmentDialog({ opened, nextNumber, onClose, onDone }: RunAssessmentDialogProps) {
  const { t } = useTranslation();
  const run = useRunRiskAssessment();
  const form = useForm({ title: '', notes: '' });
  const [confirming, setConfirming] = useState<TRunRiskAssessmentRequest | null>(null);

  const close = () => {
    form.reset();
    setConfirming(null);
    run.reset();
    onClose();
  };

  const next = () => {
    const notes = form.values.notes.trim();
    const body = form.validate(ZRunRiskAssessmentRequest, {
      title: form.values.title,
      ...(notes === '' ? {} : { notes }),
    });
    if (body) setConfirming(body);
  };

  const submit = () => {
    if (!confirming) return;
    run.mutate(confirming, {
      onSuccess: (assessment) => {
        notifications.show({
          color: 'teal',
          title: t('riskAssessments.run.done', { number: assessment.number }),
          message: t('riskAssessments.run.doneMessage', { count: assessment.riskCount }),
        });
        close();
        onDone(assessment);
      },
      onError: (error) => {
        // A field the server refused is fixed on the first step, next to the field.
        if (isApiError(error) && error.fieldErrors.length > 0) {
          flushSync(() => setConfirming(null));
          form.showServerErrors(error);
        }
      },
    });
  };

  return (
    <AppModal
      opened={opened}
      onClose={close}
      title={confirming ? t('riskAssessments.run.confirmTitle') : t('riskAssessments.run.title')}
      size="lg"
    >
      {confirming ? (
        <Stack gap="md">
          <Text size="sm">
            {t('riskAssessments.run.confirm', { title: confirming.title, number: nextNumber })}
          </Text>
          <Alert variant="light" color="vigil" icon={<IconInfoCircle size={20} stroke={1.7} aria-hidden />}>
            {t('riskAssessments.run.confirmPermanent')}
          </Alert>
          <FormError error={run.error} fields={['title', 'notes']} />
          <Group justify="flex-end" gap="sm">
            <Button
              variant="default"
              onClick={() => {
                run.reset();
                setConfirming(null);
              }}
              disabled={run.isPending}
            >
              {t('riskAssessments.run.back')}
            </Button>
            <Button onClick={submit} loading={run.isPending} data-autofocus>
              {t('riskAssessments.run.submit')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form ref={form.formRef} noValidate onSubmit={onSubmit(next)}>
          <Stack gap="md">
            <TextInput
              label={t('riskAssessments.run.titleField')}
              description={t('riskAssessments.run.titleHint')}
              required
              data-autofocus
              {...form.textInput('title')}
            />
            <Textarea
              label={t('riskAssessments.run.notes')}
              description={t('riskAssessments.run.notesHint')}
              rows={4}
              {...form.textInput('notes')}
            />
            <FormError error={run.error} fields={['title', 'notes']} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('forms.cancel')}
              </Button>
              <Button type="submit">{t('riskAssessments.run.continue')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </AppModal>
  );
}
