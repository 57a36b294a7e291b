import { Alert, Button, Checkbox, Group, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ZPublishSoaRequest, ZSoaWarning } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { usePublishSoa } from './soa.queries.ts';

/** The warnings a refusal lists (422 with `warnings`): some may have appeared since the page loaded. */
function refusedWarningCount(error: unknown): number {
  if (!isApiError(error)) return 0;
  const parsed = ZSoaWarning.array().safeParse(error.extensions.warnings);
  return parsed.success ? parsed.data.length : 0;
}

export interface PublishDialogProps {
  /** The number the new version gets. */
  number: number;
  /** The completeness warnings of the current SoA. */
  warningCount: number;
  onClose: () => void;
}

/**
 * Approves and publishes the current SoA (soa:publish) with an optional approval note. With
 * completeness warnings the approver must tick an explicit acknowledgement: the server refuses to
 * publish without `acknowledgeWarnings`, and the version records the warnings acknowledged.
 */
export function PublishDialog({ number, warningCount, onClose }: PublishDialogProps) {
  const { t } = useTranslation();
  const publish = usePublishSoa();
  const form = useForm({ approvalNote: '', acknowledgeWarnings: false });
  const count = Math.max(warningCount, refusedWarningCount(publish.error));

  const submit = () => {
    if (count > 0 && !form.values.acknowledgeWarnings) {
      form.showErrors({ acknowledgeWarnings: t('soa.publish.acknowledgeRequired') });
      return;
    }
    const note = form.values.approvalNote.trim();
    const body = form.validate(ZPublishSoaRequest, {
      ...(note === '' ? {} : { approvalNote: note }),
      ...(count > 0 ? { acknowledgeWarnings: true } : {}),
    });
    if (!body) return;
    publish.mutate(body, {
      onSuccess: (version) => {
        notifications.show({ color: 'teal', message: t('soa.publish.done', { number: version.number }) });
        onClose();
      },
      onError: (error) => form.showServerErrors(error),
    });
  };

  return (
    <AppModal opened onClose={onClose} title={t('soa.publish.title', { number })} size="lg">
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <Text size="sm">{t('soa.publish.lead', { number })}</Text>
          <Textarea
            label={t('soa.publish.approvalNote')}
            description={t('soa.publish.approvalNoteHint')}
            rows={3}
            maxLength={4000}
            data-autofocus
            {...form.textInput('approvalNote')}
          />
          {count > 0 && (
            <Alert
              variant="light"
              color="yellow"
              title={t('soa.publish.warnings', { count })}
              icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
            >
              <Stack gap="sm">
                <Text size="sm">{t('soa.publish.warningsHint')}</Text>
                <Checkbox
                  label={t('soa.publish.acknowledge', { count })}
                  {...form.checkbox('acknowledgeWarnings')}
                  // Mantine's checkbox names its error but does not mark itself invalid.
                  aria-invalid={form.errors.acknowledgeWarnings !== undefined}
                />
              </Stack>
            </Alert>
          )}
          <FormError error={publish.error} fields={['approvalNote', 'acknowledgeWarnings']} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={publish.isPending}>
              {t('soa.publish.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
