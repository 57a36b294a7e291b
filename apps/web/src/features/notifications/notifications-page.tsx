import { Button, Card, EmptyState, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { IconBell, IconCheck, IconChecks } from '@tabler/icons-react';
import type { TNotification } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotifyFailure } from '../../app/errors/notify-failure.tsx';
import { FormError } from '../../app/forms/form-error.tsx';
import { LoadingLines, LoadMore } from '../../app/pages/list-states.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { NotificationMeta, NotificationTitle } from './notification-item.tsx';
import classes from './notifications.module.css';
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotificationPages,
} from './notifications.queries.ts';

type Filter = 'all' | 'unread';

/** Every notification of the signed-in person, newest first, with an unread filter and paging. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const pages = useNotificationPages(filter === 'unread');
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const notifyFailure = useNotifyFailure();
  const unreadCount = pages.data?.pages[0]?.unreadCount ?? 0;
  const items = pages.data?.pages.flatMap((page) => page.items) ?? [];

  const read = (notification: TNotification) => {
    if (notification.readAt === null) markRead.mutate(notification.id, { onError: notifyFailure });
  };
  const readAll = () =>
    markAll.mutate(undefined, {
      onSuccess: ({ markedRead }) =>
        toasts.show({ color: 'teal', message: t('notifications.allRead', { count: markedRead }) }),
      onError: notifyFailure,
    });

  let body: ReactNode;
  if (pages.error) {
    body = <FormError error={pages.error} />;
  } else if (!pages.data) {
    body = <LoadingLines label={t('notifications.loading')} />;
  } else if (items.length === 0) {
    body = (
      <EmptyState
        role="status"
        icon={<IconBell size={28} stroke={1.5} aria-hidden />}
        title={filter === 'unread' ? t('notifications.empty.unreadTitle') : t('notifications.empty.title')}
        description={
          filter === 'unread'
            ? t('notifications.empty.unreadDescription')
            : t('notifications.empty.description')
        }
      />
    );
  } else {
    body = (
      <Stack component="ul" gap="sm" className={classes.list} aria-label={t('notifications.list')}>
        {items.map((notification) => (
          <Paper component="li" key={notification.id} withBorder radius="md" p="md">
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
              <Stack gap={4}>
                <NotificationMeta notification={notification} />
                <NotificationTitle notification={notification} onFollow={() => read(notification)} />
                <Text size="sm" c="dimmed">
                  {notification.body}
                </Text>
              </Stack>
              {notification.readAt === null && (
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconCheck size={14} aria-hidden />}
                  aria-label={t('notifications.markReadLabel', { title: notification.title })}
                  loading={markRead.isPending && markRead.variables === notification.id}
                  onClick={() => read(notification)}
                >
                  {t('notifications.markRead')}
                </Button>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        lead={t('notifications.lead')}
        actions={
          <Button
            variant="default"
            leftSection={<IconChecks size={16} aria-hidden />}
            disabled={unreadCount === 0}
            loading={markAll.isPending}
            onClick={readAll}
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Group justify="space-between" gap="sm">
            <SegmentedControl
              aria-label={t('notifications.filter.label')}
              value={filter}
              onChange={(value) => setFilter(value === 'unread' ? 'unread' : 'all')}
              data={[
                { value: 'all', label: t('notifications.filter.all') },
                { value: 'unread', label: t('notifications.filter.unread') },
              ]}
            />
            {pages.data && (
              <Text size="sm" c="dimmed" role="status">
                {t('notifications.unreadCount', { count: unreadCount })}
              </Text>
            )}
          </Group>
          {body}
          <LoadMore query={pages} />
        </Stack>
      </Card>
    </>
  );
}
