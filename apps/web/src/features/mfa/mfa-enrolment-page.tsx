import { Button, Group } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PublicPage } from '../../app/pages/public-page.tsx';
import { useContinueAfterSignIn } from '../auth/use-continue-after-sign-in.ts';
import { TotpEnrolment } from './totp-enrolment.tsx';
import { useLeaveSession } from './use-leave-session.ts';

/** Enrolment the organisation's policy requires before anything else. */
export function MfaEnrolmentPage() {
  const { t } = useTranslation();
  const { redirect } = useSearch({ from: '/public/mfa/setup' });
  const continueAfterSignIn = useContinueAfterSignIn();
  const leave = useLeaveSession();

  return (
    <PublicPage title={t('mfa.enrol.title')} lead={t('mfa.enrol.requiredLead')}>
      <TotpEnrolment onFinished={(restriction) => continueAfterSignIn(restriction, redirect)} />
      <Group justify="center">
        <Button variant="subtle" size="sm" onClick={leave.leave} loading={leave.isPending}>
          {t('mfa.signOutInstead')}
        </Button>
      </Group>
    </PublicPage>
  );
}
