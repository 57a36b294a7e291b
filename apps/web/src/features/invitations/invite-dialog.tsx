import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { type TInvitation, ZCreateInvitationRequest } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useMe } from '../auth/me-context.tsx';
import { assignableRoles } from '../people/assignable-roles.ts';
import { useCreateInvitation } from './invitations.queries.ts';

const INITIAL = { email: '', name: '', role: 'employee', department: '', jobTitle: '' };

/** Invites someone by email; says where the link went (their inbox, or the server log without mail). */
export function InviteDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const create = useCreateInvitation();
  const form = useForm(INITIAL);
  const [sent, setSent] = useState<TInvitation | null>(null);
  const roles = assignableRoles(me.role);

  const close = () => {
    create.reset();
    form.reset();
    setSent(null);
    onClose();
  };

  const submit = () => {
    const optional = (value: string) => (value.trim() === '' ? null : value);
    const body = form.validate(ZCreateInvitationRequest, {
      email: form.values.email,
      role: form.values.role,
      name: optional(form.values.name),
      department: optional(form.values.department),
      jobTitle: optional(form.values.jobTitle),
    });
    if (!body) return;
    create.mutate(body, {
      onSuccess: (invitation) => {
        setSent(invitation);
        form.reset();
      },
      onError: (error) => form.showServerErrors(error),
    });
  };

  return (
    <AppModal opened={opened} onClose={close} title={t('invitations.inviteTitle')} size="lg">
      {sent ? (
        <Stack gap="md">
          {me.mailConfigured ? (
            <Alert
              variant="light"
              color="teal"
              role="status"
              icon={<IconCircleCheck size={20} stroke={1.7} aria-hidden />}
            >
              {t('invitations.sent', { email: sent.email })}
            </Alert>
          ) : (
            <Alert
              variant="light"
              color="vigil"
              role="status"
              icon={<IconInfoCircle size={20} stroke={1.7} aria-hidden />}
            >
              {t('invitations.sentNoMail', { email: sent.email })}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setSent(null)}>
              {t('invitations.inviteAnother')}
            </Button>
            <Button onClick={close}>{t('forms.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t('auth.fields.email')}
                type="email"
                required
                data-autofocus
                {...form.textInput('email')}
              />
              <TextInput label={t('invitations.fields.name')} {...form.textInput('name')} />
              <Select
                label={t('invitations.columns.role')}
                required
                allowDeselect={false}
                data={roles.map((value) => ({ value, label: t(`roles.${value}`) }))}
                value={form.values.role}
                onChange={(value) => form.setFieldValue('role', value ?? 'employee')}
                error={form.errors.role}
              />
              <TextInput label={t('people.columns.department')} {...form.textInput('department')} />
              <TextInput label={t('people.columns.jobTitle')} {...form.textInput('jobTitle')} />
            </SimpleGrid>
            <FormError error={create.error} fields={Object.keys(INITIAL)} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('forms.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('invitations.send')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AppModal>
  );
}
