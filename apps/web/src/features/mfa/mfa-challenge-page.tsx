import { Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { ZRecoveryCode, ZTotpCode } from '@vigil/contracts';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { PublicPage } from '../../app/pages/public-page.tsx';
import { useContinueAfterSignIn } from '../auth/use-continue-after-sign-in.ts';
import { useVerifyMfa } from './mfa.queries.ts';
import { useLeaveSession } from './use-leave-session.ts';

/** The second sign-in step: a code from the authenticator app, or one of the recovery codes. */
export function MfaChallengePage() {
  const { t } = useTranslation();
  const { redirect } = useSearch({ from: '/public/mfa' });
  const verify = useVerifyMfa();
  const continueAfterSignIn = useContinueAfterSignIn();
  const leave = useLeaveSession();
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useForm({ code: '', recoveryCode: '' });

  const submit = () => {
    const field = useRecovery ? 'recoveryCode' : 'code';
    const schema = useRecovery ? ZRecoveryCode : ZTotpCode;
    const parsed = schema.safeParse(form.values[field]);
    if (!parsed.success) {
      form.showErrors({ [field]: parsed.error.issues[0]?.message ?? '' });
      return;
    }
    verify.mutate(useRecovery ? { recoveryCode: parsed.data } : { code: parsed.data }, {
      onSuccess: ({ restriction }) => continueAfterSignIn(restriction, redirect),
      onError: (error) => form.showServerErrors(error),
    });
  };

  const switchMethod = () => {
    verify.reset();
    form.reset();
    flushSync(() => setUseRecovery((current) => !current));
    // The keyboard user lands in the field that just appeared.
    form.formRef.current?.querySelector('input')?.focus();
  };

  return (
    <PublicPage
      title={t('mfa.challenge.title')}
      lead={useRecovery ? t('mfa.challenge.recoveryLead') : t('mfa.challenge.lead')}
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          {useRecovery ? (
            <TextInput
              key="recovery"
              label={t('mfa.fields.recoveryCode')}
              autoComplete="off"
              spellCheck={false}
              required
              {...form.textInput('recoveryCode')}
            />
          ) : (
            <TextInput
              key="code"
              label={t('mfa.fields.code')}
              description={t('mfa.fields.codeHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              {...form.textInput('code')}
            />
          )}
          <FormError error={verify.error} fields={['code', 'recoveryCode']} />
          <Group justify="space-between" align="center" mt="xs">
            <Anchor component="button" type="button" size="sm" onClick={switchMethod}>
              {useRecovery ? t('mfa.challenge.useApp') : t('mfa.challenge.useRecovery')}
            </Anchor>
            <Button type="submit" loading={verify.isPending}>
              {t('mfa.challenge.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Group justify="center">
        <Button variant="subtle" size="sm" onClick={leave.leave} loading={leave.isPending}>
          {t('mfa.signOutInstead')}
        </Button>
      </Group>
    </PublicPage>
  );
}
