import { Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { Link, useSearch } from '@tanstack/react-router';
import { ZLoginRequest } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { PasswordField } from '../../app/forms/password-field.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { PublicPage } from '../../app/pages/public-page.tsx';
import { useSignIn } from './auth.queries.ts';
import { useContinueAfterSignIn } from './use-continue-after-sign-in.ts';

/** Seconds to wait, from a 429 problem's `retryAfterSeconds`. */
function retryAfter(error: unknown): number | null {
  if (!isApiError(error) || error.code !== 'rate_limited') return null;
  const seconds = error.extensions.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : null;
}

export function SignInPage() {
  const { t } = useTranslation();
  const { redirect } = useSearch({ from: '/public/sign-in' });
  const signIn = useSignIn();
  const continueAfterSignIn = useContinueAfterSignIn();
  const form = useForm({ email: '', password: '' });

  const submit = () => {
    const body = form.validate(ZLoginRequest);
    if (!body) return;
    signIn.mutate(body, {
      onSuccess: ({ restriction }) => continueAfterSignIn(restriction, redirect),
      onError: (error) => form.showServerErrors(error),
    });
  };

  const wait = retryAfter(signIn.error);
  const failedTitle =
    isApiError(signIn.error) && signIn.error.code === 'unauthenticated' ? t('auth.signIn.failed') : undefined;

  return (
    <PublicPage title={t('auth.signIn.title')} lead={t('auth.signIn.lead')}>
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <TextInput
            label={t('auth.fields.email')}
            type="email"
            autoComplete="username"
            required
            {...form.textInput('email')}
          />
          <PasswordField
            label={t('auth.fields.password')}
            autoComplete="current-password"
            required
            {...form.textInput('password')}
          />
          <FormError
            error={signIn.error}
            fields={['email', 'password']}
            title={failedTitle}
            hint={wait === null ? undefined : t('auth.signIn.retryAfter', { count: wait })}
          />
          <Group justify="space-between" align="center" mt="xs">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('auth.signIn.forgot')}
            </Anchor>
            <Button type="submit" loading={signIn.isPending}>
              {t('auth.signIn.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </PublicPage>
  );
}
