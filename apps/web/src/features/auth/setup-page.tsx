import { Button, Fieldset, Group, Radio, Stack, TextInput } from '@mantine/core';
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

const STARTS = ['empty', 'demo'] as const;
type Start = (typeof STARTS)[number];

/**
 * First run: creates the organisation and its owner with the one-time token from the setup link the
 * server printed to its log (`/setup?token=...`). Without the link, the token can be pasted. The
 * organisation starts empty, or as the demo organisation to explore.
 */
export function SetupPage() {
  const { t } = useTranslation();
  const { token } = useSearch({ from: '/public/setup' });
  const setup = useSetup();
  const continueAfterSignIn = useContinueAfterSignIn();
  const form = useForm({
    token: token ?? '',
    start: 'empty' as Start,
    organisationName: '',
    name: '',
    email: '',
    password: '',
  });
  // A token from the link that fails the schema (say, cut short) gets its field back, with the message.
  const askForToken = !token || form.errors.token !== undefined;

  const demoName = t('auth.setup.demoOrganisationName');
  /** The demo's name fills an empty organisation name, and goes again with the demo. */
  const chooseStart = (start: Start) => {
    form.setFieldValue('start', start);
    const name = form.values.organisationName.trim();
    if (start === 'demo' && name === '') form.setFieldValue('organisationName', demoName);
    if (start === 'empty' && name === demoName) form.setFieldValue('organisationName', '');
  };

  const submit = () => {
    const { start, ...fields } = form.values;
    const body = form.validate(ZSetupRequest, { ...fields, demo: start === 'demo' });
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
          <Radio.Group
            label={t('auth.setup.start')}
            value={form.values.start}
            onChange={(value) => chooseStart(value as Start)}
            classNames={{ label: classes.legend }}
          >
            <Stack gap="sm" mt="xs">
              {STARTS.map((start) => (
                <Radio
                  key={start}
                  value={start}
                  label={t(start === 'demo' ? 'auth.setup.startDemo' : 'auth.setup.startEmpty')}
                  description={t(start === 'demo' ? 'auth.setup.startDemoHint' : 'auth.setup.startEmptyHint')}
                />
              ))}
            </Stack>
          </Radio.Group>
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
              {t(form.values.start === 'demo' ? 'auth.setup.submitDemo' : 'auth.setup.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </PublicPage>
  );
}
