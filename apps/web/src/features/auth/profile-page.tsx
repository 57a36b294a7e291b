import { DataList, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { MfaCard } from '../mfa/mfa-card.tsx';
import { TokensCard } from '../tokens/tokens-card.tsx';
import { useMe } from './me-context.tsx';
import { PasswordCard } from './password-card.tsx';
import { SessionsCard } from './sessions-card.tsx';

/** The signed-in user's own account: password, two-factor authentication, sessions, API tokens. */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <>
      <PageHeader title={t('profile.title')} lead={t('profile.lead')} />
      <Stack gap="lg">
        <SectionCard title={t('profile.account.title')}>
          <DataList withDivider labelWidth="30%">
            <DataList.Item>
              <DataList.ItemLabel>{t('auth.fields.name')}</DataList.ItemLabel>
              <DataList.ItemValue>{me.user.name}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('auth.fields.email')}</DataList.ItemLabel>
              <DataList.ItemValue>{me.user.email}</DataList.ItemValue>
            </DataList.Item>
            {me.organisation && (
              <DataList.Item>
                <DataList.ItemLabel>{t('profile.account.organisation')}</DataList.ItemLabel>
                <DataList.ItemValue>{me.organisation.name}</DataList.ItemValue>
              </DataList.Item>
            )}
            {me.role && (
              <DataList.Item>
                <DataList.ItemLabel>{t('profile.account.role')}</DataList.ItemLabel>
                <DataList.ItemValue>{t(`roles.${me.role}`)}</DataList.ItemValue>
              </DataList.Item>
            )}
          </DataList>
        </SectionCard>
        <PasswordCard />
        <MfaCard />
        <SessionsCard />
        <TokensCard />
      </Stack>
    </>
  );
}
