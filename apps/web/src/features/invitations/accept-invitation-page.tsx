import { Alert, Button, Center, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import {
  type TInvitationLookup,
  ZAcceptInvitationRequest,
  ZName,
  ZNewPassword,
  ZPassword,
} from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PasswordField } from '../../app/forms/password-field.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { PublicPage } from '../../app/pages/public-page.tsx';
import { useContinueAfterSignIn } from '../auth/use-continue-after-sign-in.ts';
import { useAcceptInvitation, useInvitationLookup } from './invitations.queries.ts';

/** A new account chooses its name and a password that meets the password rules. */
const ZNewAccount = ZAcceptInvitationRequest.extend({ name: ZName, password: ZNewPassword });
/** An existing account proves itself with its current password. */
const ZExistingAccount = ZAcceptInvitationRequest.extend({ password: ZPassword });

/** The invitee's page (`/invitations/accept?token=...`): join with a new account or an existing one. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token } = useSearch({ from: '/public/invitations/accept' });
  const lookup = useInvitationLookup(token);

  if (!token) {
    return (
      <PublicPage title={t('invitations.accept.title')}>
        <Alert variant="light" color="orange" role="alert">
          {t('invitations.accept.noToken')}
        </Alert>
      </PublicPage>
    );
  }
  if (lookup.error) {
    return (
      <PublicPage title={t('invitations.accept.title')}>
        <FormError error={lookup.error} title={t('invitations.accept.notValid')} />
      </PublicPage>
    );
  }
  if (!lookup.data) {
    return (
      <PublicPage title={t('invitations.accept.title')}>
        <Center py="lg" role="status">
          <Loader size="sm" aria-label={t('invitations.accept.loading')} />
        </Center>
      </PublicPage>
    );
  }
  return <AcceptForm token={token} invitation={lookup.data} />;
}

function AcceptForm({ token, invitation }: { token: string; invitation: TInvitationLookup }) {
  const { t } = useTranslation();
  const accept = useAcceptInvitation();
  const continueAfterSignIn = useContinueAfterSignIn();
  const form = useForm({ name: '', password: '' });
  const existing = invitation.accountExists;

  const submit = () => {
    const body = existing
      ? form.validate(ZExistingAccount, { token, password: form.values.password })
      : form.validate(ZNewAccount, { token, ...form.values });
    if (!body) return;
    accept.mutate(body, {
      onSuccess: ({ restriction }) => continueAfterSignIn(restriction, undefined),
      onError: (error) => form.showServerErrors(error),
    });
  };

  return (
    <PublicPage
      title={t('invitations.accept.joinTitle', { organisation: invitation.organisationName })}
      lead={t('invitations.accept.lead', {
        organisation: invitation.organisationName,
        role: t(`roles.${invitation.role}`),
      })}
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <TextInput
            label={t('auth.fields.email')}
            type="email"
            autoComplete="username"
            value={invitation.email}
            readOnly
          />
          {existing ? (
            <>
              <Text size="sm">{t('invitations.accept.existingHint')}</Text>
              <PasswordField
                label={t('auth.fields.password')}
                autoComplete="current-password"
                required
                {...form.textInput('password')}
              />
            </>
          ) : (
            <>
              <TextInput
                label={t('auth.fields.name')}
                autoComplete="name"
                required
                {...form.textInput('name')}
              />
              <PasswordField
                label={t('invitations.accept.choosePassword')}
                description={t('auth.passwordRules')}
                autoComplete="new-password"
                required
                {...form.textInput('password')}
              />
            </>
          )}
          <FormError error={accept.error} fields={['name', 'password']} />
          <Group justify="flex-end">
            <Button type="submit" loading={accept.isPending}>
              {existing ? t('invitations.accept.submitExisting') : t('invitations.accept.submitNew')}
            </Button>
          </Group>
        </Stack>
      </form>
    </PublicPage>
  );
}
