import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZNotification, ZNotificationPage, ZNotificationReadAll } from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';

/** How many the bell shows; the page has every one. */
export const LATEST_NOTIFICATIONS = 6;
const PAGE_SIZE = 20;
/** The bell asks for news this often while the page is open (and again when the window regains focus). */
const POLL_MS = 60_000;

export const notificationKeys = {
  all: ['notifications'] as const,
  latest: () => [...notificationKeys.all, 'latest'] as const,
  list: (unreadOnly: boolean) => [...notificationKeys.all, 'list', { unreadOnly }] as const,
};

/** The newest notifications and the unread count, for the bell; polled modestly. */
export function useLatestNotifications() {
  const api = useApiClient();
  return useQuery({
    queryKey: notificationKeys.latest(),
    queryFn: ({ signal }) =>
      api.request(`/api/v1/notifications${queryString({ limit: String(LATEST_NOTIFICATIONS) })}`, {
        schema: ZNotificationPage,
        signal,
      }),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
}

/** Every notification, newest first, a page at a time; `unreadOnly` for the unread ones. */
export function useNotificationPages(unreadOnly: boolean) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.request(
        `/api/v1/notifications${queryString({
          unread: unreadOnly ? 'true' : null,
          limit: String(PAGE_SIZE),
          cursor: pageParam,
        })}`,
        { schema: ZNotificationPage, signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useMarkNotificationRead() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.request(`/api/v1/notifications/${encodeURIComponent(id)}/read`, {
        method: 'POST',
        schema: ZNotification,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllNotificationsRead() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.request('/api/v1/notifications/read-all', { method: 'POST', schema: ZNotificationReadAll }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
