import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useForgetSession, useSignOut } from '../../features/auth/auth.queries.ts';
import { useMe } from '../../features/auth/me-context.tsx';
import { useNotifyFailure } from '../errors/notify-failure.tsx';
import classes from './app-layout.module.css';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

/** The signed-in user: their profile and signing out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const forgetSession = useForgetSession();
  const navigate = useNavigate();
  const notifyFailure = useNotifyFailure();

  const leave = () => {
    forgetSession();
    void navigate({ to: '/sign-in' });
  };

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton
          className={classes.menuButton}
          aria-label={t('shell.userMenu', { name: me.user.name })}
        >
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="vigil" aria-hidden>
              {initials(me.user.name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="md" className={classes.menuButtonLabel}>
              {me.user.name}
            </Text>
            <IconChevronDown size={14} stroke={1.7} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="bright" truncate>
            {me.user.name}
          </Text>
          <Text size="xs" truncate>
            {me.user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/profile" leftSection={<IconUserCircle size={16} aria-hidden />}>
          {t('shell.profile')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          disabled={signOut.isPending}
          onClick={() => signOut.mutate(undefined, { onSuccess: leave, onError: notifyFailure })}
        >
          {t('shell.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
