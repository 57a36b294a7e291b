import { Anchor, Badge, Group, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { TNotification } from '@vigil/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format.ts';
import { notificationTarget } from './notification-target.ts';

/** What kind of notification it is and when it came, plus "Unread" in words while it is. */
export function NotificationMeta({ notification }: { notification: TNotification }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <Group gap={6} wrap="wrap">
      {notification.readAt === null && (
        <Badge size="xs" radius="sm" tt="none">
          {t('notifications.unread')}
        </Badge>
      )}
      <Text size="xs" c="dimmed" fw={600}>
        {t(`notifications.kind.${notification.kind}`)}
      </Text>
      <Text size="xs" c="dimmed">
        {format.dateTime(notification.createdAt)}
      </Text>
    </Group>
  );
}

/**
 * A notification's subject as a link (`className` styles the link itself), or its content alone when
 * the app has no page for it. `onFollow` runs as the link is followed (to mark it read, close a popover).
 */
export function NotificationLink({
  notification,
  onFollow,
  className,
  children,
}: {
  notification: TNotification;
  onFollow: () => void;
  className?: string | undefined;
  children: ReactNode;
}) {
  const target = notificationTarget(notification.link);
  if (!target) return <div className={className}>{children}</div>;
  return (
    <Link to={target.to} params={target.params} className={className} onClick={onFollow}>
      {children}
    </Link>
  );
}

/** The title as the link to the notification's subject (bold while unread). */
export function NotificationTitle({
  notification,
  onFollow,
}: {
  notification: TNotification;
  onFollow: () => void;
}) {
  const target = notificationTarget(notification.link);
  const weight = notification.readAt === null ? 600 : 400;
  if (!target) {
    return (
      <Text size="sm" fw={weight}>
        {notification.title}
      </Text>
    );
  }
  return (
    <Anchor
      size="sm"
      fw={weight}
      onClick={onFollow}
      renderRoot={(props) => <Link {...props} to={target.to} params={target.params} />}
    >
      {notification.title}
    </Anchor>
  );
}
