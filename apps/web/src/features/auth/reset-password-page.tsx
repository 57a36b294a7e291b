import { Alert, Anchor, Button, Group, Stack } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link, useSearch } from '@tanstack/react-router';
import { ZPasswordResetConfirm } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PasswordField } from '../../app/forms/password-field.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { PublicPage } from '../../app/pages/public-page.tsx';
import { useConfirmPasswordReset } from './auth.queries.ts';

/** A new password with the single-use link from the reset email (`/reset-password?token=...`). */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token } = useSearch({ from: '/public/reset-password' });
  const confirm = useConfirmPasswordReset();
  const form = useForm({ newPassword: '' });

  const submit = () => {
    const body = form.validate(ZPasswordResetConfirm, {
      token: token ?? '',
      newPassword: form.values.newPassword,
    });
    if (!body) return;
    confirm.mutate(body, { onError: (error) => form.showServerErrors(error) });
  };

  if (!token) {
    return (
      <PublicPage title={t('auth.reset.title')}>
        <Alert variant="light" color="orange" role="alert">
          {t('auth.reset.noToken')}
        </Alert>
        <Anchor component={Link} to="/forgot-password" size="sm">
          {t('auth.reset.askAgain')}
        </Anchor>
      </PublicPage>
    );
  }

  if (confirm.isSuccess) {
    return (
      <PublicPage title={t('auth.reset.title')}>
        <Alert
          variant="light"
          color="teal"
          role="status"
          icon={<IconCircleCheck size={20} stroke={1.7} aria-hidden />}
        >
          {t('auth.reset.done')}
        </Alert>
        <Group>
          <Button component={Link} to="/sign-in">
            {t('auth.signIn.submit')}
          </Button>
        </Group>
      </PublicPage>
    );
  }

  return (
    <PublicPage title={t('auth.reset.title')} lead={t('auth.reset.lead')}>
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <PasswordField
            label={t('profile.password.new')}
            description={t('auth.passwordRules')}
            autoComplete="new-password"
            required
            {...form.textInput('newPassword')}
          />
          <FormError error={confirm.error} fields={['newPassword']} />
          {form.errors.token && (
            <Alert variant="light" color="orange" role="alert">
              {form.errors.token}
            </Alert>
          )}
          <Group justify="space-between" align="center" mt="xs">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('auth.reset.askAgain')}
            </Anchor>
            <Button type="submit" loading={confirm.isPending}>
              {t('auth.reset.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </PublicPage>
  );
}
