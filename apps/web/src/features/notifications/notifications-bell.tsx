import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { TNotification } from '@vigil/contracts';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotifyFailure } from '../../app/errors/notify-failure.tsx';
import { FormError } from '../../app/forms/form-error.tsx';
import { NotificationLink, NotificationMeta } from './notification-item.tsx';
import classes from './notifications.module.css';
import {
  useLatestNotifications,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
} from './notifications.queries.ts';

/** The header's bell: the unread count, and a popover with the latest notifications. */
export function NotificationsBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const headingId = useId();
  const latest = useLatestNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const notifyFailure = useNotifyFailure();
  const unread = latest.data?.unreadCount ?? 0;

  const follow = (notification: TNotification) => {
    if (notification.readAt === null) markRead.mutate(notification.id, { onError: notifyFailure });
    setOpened(false);
  };

  let body: ReactNode;
  if (latest.error && !latest.data) {
    body = (
      <Stack p="md">
        <FormError error={latest.error} />
      </Stack>
    );
  } else if (!latest.data) {
    body = (
      <Stack gap="sm" p="md" aria-busy>
        <Text size="sm" role="status">
          {t('notifications.bell.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else if (latest.data.items.length === 0) {
    body = (
      <Text size="sm" c="dimmed" p="md">
        {t('notifications.bell.empty')}
      </Text>
    );
  } else {
    body = (
      <ScrollArea.Autosize mah={420} type="auto">
        <ul className={classes.list} aria-label={t('notifications.bell.latest')}>
          {latest.data.items.map((notification) => (
            <li key={notification.id}>
              <NotificationLink
                notification={notification}
                onFollow={() => follow(notification)}
                className={classes.item}
              >
                <NotificationMeta notification={notification} />
                <Text size="sm" fw={notification.readAt === null ? 600 : 400} mt={2}>
                  {notification.title}
                </Text>
              </NotificationLink>
            </li>
          ))}
        </ul>
      </ScrollArea.Autosize>
    );
  }

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={380}
      shadow="md"
      trapFocus
      returnFocus
      withinPortal
    >
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          // The count sits on the bell's corner, partly outside the button.
          style={{ overflow: 'visible' }}
          aria-label={
            unread > 0
              ? t('notifications.bell.labelUnread', { count: unread })
              : t('notifications.bell.label')
          }
          onClick={() => setOpened((current) => !current)}
        >
          <Indicator label={unread} maxValue={99} size={16} disabled={unread === 0} offset={2}>
            <IconBell size={20} stroke={1.7} aria-hidden />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-labelledby={headingId}>
        <Group justify="space-between" px="md" py="sm" gap="sm" wrap="nowrap">
          <Text id={headingId} fw={600}>
            {t('notifications.title')}
          </Text>
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconChecks size={14} aria-hidden />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate(undefined, { onError: notifyFailure })}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
        <Divider />
        {body}
        <Divider />
        <Group justify="center" p="xs">
          <Button
            variant="subtle"
            size="compact-sm"
            renderRoot={(props) => <Link {...props} to="/notifications" />}
            onClick={() => setOpened(false)}
          >
            {t('notifications.bell.seeAll')}
          </Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}
