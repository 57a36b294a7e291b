import { Button, Fieldset, Group, Stack, TextInput } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { ZSetupRequest } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PasswordField } from '../../app/forms/password-field.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { PublicPage } from '../../app/pages/public-page.tsx';
import { useSetup } from './auth.queries.ts';
import classes from './setup-page.module.css';
import { useContinueAfterSignIn } from './use-continue-after-sign-in.ts';

const FIELDS = ['token', 'organisationName', 'name', 'email', 'password'] as const;

/**
 * First run: creates the organisation and its owner with the one-time token from the setup link the
 * server printed to its log (`/setup?token=...`). Without the link, the token can be pasted.
 */
export function SetupPage() {
  const { t } = useTranslation();
  const { token } = useSearch({ from: '/public/setup' });
  const setup = useSetup();
  const continueAfterSignIn = useContinueAfterSignIn();
  const form = useForm({ token: token ?? '', organisationName: '', name: '', email: '', password: '' });
  // A token from the link that fails the schema (say, cut short) gets its field back, with the message.
  const askForToken = !token || form.errors.token !== undefined;

  const submit = () => {
    const body = form.validate(ZSetupRequest);
    if (!body) return;
    setup.mutate(body, {
      onSuccess: ({ restriction }) => continueAfterSignIn(restriction, undefined),
      onError: (error) => form.showServerErrors(error),
    });
  };

  return (
    <PublicPage title={t('auth.setup.title')} lead={t('auth.setup.lead')}>
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="lg">
          {askForToken && (
            <TextInput
              label={t('auth.setup.token')}
              description={t('auth.setup.tokenHint')}
              autoComplete="off"
              spellCheck={false}
              required
              {...form.textInput('token')}
            />
          )}
          <Fieldset
            legend={t('auth.setup.organisation')}
            variant="unstyled"
            p={0}
            classNames={{ legend: classes.legend }}
          >
            <TextInput
              label={t('auth.setup.organisationName')}
              autoComplete="organization"
              required
              {...form.textInput('organisationName')}
            />
          </Fieldset>
          <Fieldset
            legend={t('auth.setup.account')}
            variant="unstyled"
            p={0}
            classNames={{ legend: classes.legend }}
          >
            <Stack gap="md">
              <TextInput
                label={t('auth.fields.name')}
                autoComplete="name"
                required
                {...form.textInput('name')}
              />
              <TextInput
                label={t('auth.fields.email')}
                type="email"
                autoComplete="email"
                required
                {...form.textInput('email')}
              />
              <PasswordField
                label={t('auth.fields.password')}
                description={t('auth.passwordRules')}
                autoComplete="new-password"
                required
                {...form.textInput('password')}
              />
            </Stack>
          </Fieldset>
          <FormError
            error={setup.error}
            fields={askForToken ? FIELDS : FIELDS.filter((field) => field !== 'token')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={setup.isPending}>
              {t('auth.setup.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </PublicPage>
  );
}
