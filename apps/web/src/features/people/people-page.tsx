import { Alert, Button, Tabs } from '@mantine/core';
import { IconInfoCircle, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useCan, useMe } from '../auth/me-context.tsx';
import { InvitationsPanel } from '../invitations/invitations-panel.tsx';
import { InviteDialog } from '../invitations/invite-dialog.tsx';
import { PeopleTable } from './people-table.tsx';

type Tab = 'people' | 'invitations';

/** The organisation's people and, for those who may invite, its invitations. */
export function PeoplePage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const mayInvite = can('person:invite');
  const [tab, setTab] = useState<Tab>('people');
  const [inviting, setInviting] = useState(false);

  return (
    <>
      <PageHeader
        title={t('people.title')}
        lead={t('people.lead')}
        actions={
          mayInvite && (
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setInviting(true)}>
              {t('invitations.invite')}
            </Button>
          )
        }
      />
      {mayInvite && !me.mailConfigured && (
        <Alert
          variant="light"
          color="vigil"
          mb="lg"
          icon={<IconInfoCircle size={20} stroke={1.7} aria-hidden />}
        >
          {t('invitations.mailNotConfigured')}
        </Alert>
      )}
      {mayInvite ? (
        <Tabs value={tab} onChange={(value) => setTab(value === 'invitations' ? 'invitations' : 'people')}>
          <Tabs.List mb="md">
            <Tabs.Tab value="people">{t('people.tab')}</Tabs.Tab>
            <Tabs.Tab value="invitations">{t('invitations.tab')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="people">
            <PeopleTable />
          </Tabs.Panel>
          <Tabs.Panel value="invitations">{tab === 'invitations' && <InvitationsPanel />}</Tabs.Panel>
        </Tabs>
      ) : (
        <PeopleTable />
      )}
      {mayInvite && <InviteDialog opened={inviting} onClose={() => setInviting(false)} />}
    </>
  );
}
