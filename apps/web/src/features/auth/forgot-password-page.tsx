import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { ZPasswordResetRequest } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { PublicPage } from '../../app/pages/public-page.tsx';
import { useRequestPasswordReset } from './auth.queries.ts';

/** Asks for a reset link by email. The answer never tells whether the email has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const form = useForm({ email: '' });

  const submit = () => {
    const body = form.validate(ZPasswordResetRequest);
    if (!body) return;
    request.mutate(body.email, { onError: (error) => form.showServerErrors(error) });
  };

  return (
    <PublicPage title={t('auth.forgot.title')} lead={t('auth.forgot.lead')}>
      {request.data ? (
        <Stack gap="md">
          <Alert
            variant="light"
            color="teal"
            role="status"
            icon={<IconMailCheck size={20} stroke={1.7} aria-hidden />}
          >
            {request.data.message}
          </Alert>
          <Text size="sm" c="dimmed">
            {t('auth.forgot.noMail')}
          </Text>
          <Anchor component={Link} to="/sign-in" size="sm">
            {t('auth.backToSignIn')}
          </Anchor>
        </Stack>
      ) : (
        <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
          <Stack gap="md">
            <TextInput
              label={t('auth.fields.email')}
              type="email"
              autoComplete="email"
              required
              {...form.textInput('email')}
            />
            <FormError error={request.error} fields={['email']} />
            <Group justify="space-between" align="center" mt="xs">
              <Anchor component={Link} to="/sign-in" size="sm">
                {t('auth.backToSignIn')}
              </Anchor>
              <Button type="submit" loading={request.isPending}>
                {t('auth.forgot.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </PublicPage>
  );
}
