import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { ZCreateControlRequest } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { checkRequest } from '../risks/risk-detail-forms.ts';
import { useCreateControl } from './controls.queries.ts';
import {
  attributesOf,
  CustomControlFields,
  customControlValues,
  formFieldOf,
  serverAliases,
  shownServerFields,
} from './custom-control-fields.tsx';

/** Adds a control of the organisation's own (`VC-n`), then opens it; permission control:manage. */
export function ControlCreateDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateControl();
  const form = useForm(customControlValues(null));

  const submit = () => {
    const { values } = form;
    const checked = checkRequest(
      ZCreateControlRequest,
      {
        title: values.title,
        theme: values.theme,
        description: values.description,
        attributes: attributesOf(values),
      },
      values.title.trim() === '' ? { title: t('controls.fields.titleRequired') } : {},
      formFieldOf,
    );
    if (!checked.ok) {
      form.showErrors(checked.errors);
      return;
    }
    create.mutate(checked.data, {
      onSuccess: (created) => {
        notifications.show({ color: 'teal', message: t('controls.create.created', { key: created.key }) });
        onClose();
        void navigate({ to: '/controls/$controlId', params: { controlId: created.id } });
      },
      onError: (error) => form.showServerErrors(error, serverAliases(error)),
    });
  };

  return (
    <AppModal opened onClose={onClose} title={t('controls.create.title')} size="lg">
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('controls.create.lead')}
          </Text>
          <CustomControlFields form={form} autoFocus />
          <FormError error={create.error} fields={shownServerFields(create.error, form.values)} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('controls.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
