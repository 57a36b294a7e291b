import { Alert, Button, Group, Stack } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { ZChangePasswordRequest } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PasswordField } from '../../app/forms/password-field.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useChangePassword } from './auth.queries.ts';

/** Change password: needs the current one; the server ends every other session. */
export function PasswordCard() {
  const { t } = useTranslation();
  const changePassword = useChangePassword();
  const form = useForm({ currentPassword: '', newPassword: '' });

  const submit = () => {
    const body = form.validate(ZChangePasswordRequest);
    if (!body) return;
    changePassword.mutate(body, {
      onSuccess: () => form.reset(),
      onError: (error) => form.showServerErrors(error),
    });
  };

  return (
    <SectionCard title={t('profile.password.title')} description={t('profile.password.description')}>
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md" maw={420}>
          <PasswordField
            label={t('profile.password.current')}
            autoComplete="current-password"
            required
            {...form.textInput('currentPassword')}
          />
          <PasswordField
            label={t('profile.password.new')}
            description={t('auth.passwordRules')}
            autoComplete="new-password"
            required
            {...form.textInput('newPassword')}
          />
          <FormError error={changePassword.error} fields={['currentPassword', 'newPassword']} />
          {changePassword.isSuccess && (
            <Alert
              variant="light"
              color="teal"
              role="status"
              icon={<IconCircleCheck size={20} stroke={1.7} aria-hidden />}
            >
              {t('profile.password.changed')}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={changePassword.isPending}>
              {t('profile.password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SectionCard>
  );
}
