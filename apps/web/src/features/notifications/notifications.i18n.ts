/** Strings of this feature's pages, under `notifications.` in en.ts. */
export const notificationsEn = {
  title: 'Notifications',
  lead: 'What needs your attention: actions you own coming due or overdue, risk reviews, acceptances about to expire.',
  kind: {
    action_due: 'Action due soon',
    action_overdue: 'Action overdue',
    risk_review_due: 'Risk review due',
    acceptance_expiring: 'Acceptance expiring',
    control_check_due: 'Control check due soon',
    control_check_overdue: 'Control check overdue',
  },
  bell: {
    label: 'Notifications',
    labelUnread_one: 'Notifications, {{count}} unread',
    labelUnread_other: 'Notifications, {{count}} unread',
    latest: 'Latest notifications',
    seeAll: 'See all notifications',
    empty: 'Nothing yet. Vigil tells you here when something you own needs attention.',
    loading: 'Loading your notifications…',
  },
  unread: 'Unread',
  unreadCount_one: '{{count}} unread',
  unreadCount_other: '{{count}} unread',
  markRead: 'Mark as read',
  markReadLabel: 'Mark “{{title}}” as read',
  markAllRead: 'Mark all as read',
  allRead_one: '{{count}} notification marked as read',
  allRead_other: '{{count}} notifications marked as read',
  filter: {
    label: 'Show',
    all: 'All',
    unread: 'Unread only',
  },
  list: 'Your notifications',
  loading: 'Loading your notifications…',
  empty: {
    title: 'No notifications',
    description:
      'Vigil notifies you here, and by email, when an action you own is due within 7 days or overdue, when a risk you own is due for review, and when an acceptance is about to expire.',
    unreadTitle: 'Nothing unread',
    unreadDescription: 'You have read every notification. Show all of them to see older ones.',
  },
} as const;
