import { Menu, Text, UnstyledButton } from '@mantine/core';
import { IconBuilding, IconSelector } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useNotifyFailure } from '../../app/errors/notify-failure.tsx';
import classes from '../../app/shell/app-layout.module.css';
import { useSwitchOrganisation } from '../auth/auth.queries.ts';
import { useMe } from '../auth/me-context.tsx';

/** The current organisation in the header; a menu to switch when the user belongs to several. */
export function OrganisationSwitcher() {
  const { t } = useTranslation();
  const me = useMe();
  const switchOrganisation = useSwitchOrganisation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const router = useRouter();
  const notifyFailure = useNotifyFailure();
  const current = me.organisation;
  if (!current) return null;

  if (me.memberships.length < 2) {
    return (
      <Text size="sm" fw={500} visibleFrom="sm" className={classes.menuButtonLabel}>
        {current.name}
      </Text>
    );
  }

  const choose = (organisationId: string) => {
    if (organisationId === current.id) return;
    switchOrganisation.mutate(organisationId, {
      onSuccess: async () => {
        await navigate({ to: '/' });
        // Everything cached belongs to the previous organisation: reset it all (the shell's session
        // query refetches at once), then let the guards judge the new role.
        await queryClient.resetQueries();
        await router.invalidate();
      },
      onError: notifyFailure,
    });
  };

  return (
    <Menu position="bottom-start" width={280} withinPortal>
      <Menu.Target>
        <UnstyledButton
          className={classes.menuButton}
          aria-label={t('shell.organisationSwitcher', { name: current.name })}
          disabled={switchOrganisation.isPending}
        >
          <IconBuilding size={18} stroke={1.7} aria-hidden />
          <Text size="sm" fw={500} visibleFrom="sm" className={classes.menuButtonLabel}>
            {current.name}
          </Text>
          <IconSelector size={14} stroke={1.7} aria-hidden />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('shell.organisations')}</Menu.Label>
        <Menu.RadioGroup value={current.id} onChange={choose}>
          {me.memberships.map((membership) => (
            <Menu.RadioItem
              key={membership.organisationId}
              value={membership.organisationId}
              closeMenuOnClick
              rightSection={
                <Text size="xs" c="dimmed">
                  {t(`roles.${membership.role}`)}
                </Text>
              }
            >
              {membership.organisationName}
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
      </Menu.Dropdown>
    </Menu>
  );
}
