import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TNotification } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordedRequest, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const RISK_ID = '01936f4e-0000-7000-8000-0000000000c1';

function notification(n: number, fields: Partial<TNotification> = {}): TNotification {
  return {
    id: `01936f4e-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`,
    kind: 'action_overdue',
    title: `RISK-3: "Action ${n}" is overdue`,
    body: `The treatment action "Action ${n}" for RISK-3 (Phishing of support staff) was due on 2026-11-20.`,
    link: `/risks/${RISK_ID}`,
    // Newest first: the higher `n`, the older.
    createdAt: new Date(Date.parse('2026-11-28T07:00:00.000Z') - n * 3_600_000).toISOString(),
    readAt: null,
    ...fields,
  };
}

const OVERDUE = notification(1);
const REVIEW = notification(2, {
  kind: 'risk_review_due',
  title: 'RISK-3 is due for review in 5 days',
  body: 'RISK-3 (Phishing of support staff) is due for review on 2026-12-03.',
});
const EXPIRING = notification(3, {
  kind: 'acceptance_expiring',
  title: 'The acceptance of RISK-3 expires in 10 days',
  body: 'The acceptance of RISK-3 expires on 2026-12-08.',
});
const OLD = notification(4, { readAt: '2026-11-25T08:00:00.000Z', title: 'An older one, read' });
const UNKNOWN_SUBJECT = notification(5, { link: '/', title: 'About something without a page' });

/** The inbox as the server answers it: `unread`, `limit` and `cursor` from the query string. */
function inbox(all: () => TNotification[]) {
  return (request: RecordedRequest) => {
    const query = new URL(request.url, 'http://vigil.test').searchParams;
    const items = all().filter((n) => query.get('unread') !== 'true' || n.readAt === null);
    const limit = Number(query.get('limit') ?? 50);
    const start = query.get('cursor') ? Number(query.get('cursor')) : 0;
    const page = items.slice(start, start + limit);
    return {
      status: 200,
      body: {
        items: page,
        nextCursor: start + limit < items.length ? String(start + limit) : null,
        unreadCount: all().filter((n) => n.readAt === null).length,
      },
    };
  };
}

/** A fake inbox that marks read as the server would. */
function routes(initial: TNotification[]): Record<string, Route> {
  let items = initial;
  const read = (id: string) => {
    items = items.map((n) =>
      n.id === id && n.readAt === null ? { ...n, readAt: '2026-11-28T09:00:00.000Z' } : n,
    );
  };
  const byId: Record<string, Route> = {};
  for (const n of initial) {
    byId[`POST /api/v1/notifications/${n.id}/read`] = () => {
      read(n.id);
      return { status: 200, body: items.find((item) => item.id === n.id) };
    };
  }
  return {
    ...signedIn(me('contributor')),
    'GET /api/v1/notifications': inbox(() => items),
    'POST /api/v1/notifications/read-all': () => {
      const markedRead = items.filter((n) => n.readAt === null).length;
      for (const n of items) read(n.id);
      return { status: 200, body: { markedRead } };
    },
    ...byId,
  };
}

describe('Notifications bell', () => {
  it('names the unread count, lists the latest, and marks all read', async () => {
    server = await startApiServer(routes([OVERDUE, REVIEW, EXPIRING, OLD]));
    renderApp({ path: '/', apiBaseUrl: server.baseUrl });
    const bell = await screen.findByRole('button', { name: 'Notifications, 3 unread' });
    expect(server.requests.some((r) => r.url === '/api/v1/notifications?limit=6')).toBe(true);

    fireEvent.click(bell);
    const popover = await screen.findByRole('dialog', { name: 'Notifications' });
    const list = within(popover).getByRole('list', { name: 'Latest notifications' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(4);
    expect(within(items[0] as HTMLElement).getByText('Action overdue')).toBeTruthy();
    expect(within(items[0] as HTMLElement).getByText('Unread')).toBeTruthy();
    expect(within(items[1] as HTMLElement).getByText('Risk review due')).toBeTruthy();
    expect(within(items[2] as HTMLElement).getByText('Acceptance expiring')).toBeTruthy();
    expect(within(items[3] as HTMLElement).queryByText('Unread')).toBeNull();
    expect(
      within(items[0] as HTMLElement)
        .getByRole('link')
        .getAttribute('href'),
    ).toBe(`/risks/${RISK_ID}`);

    fireEvent.click(within(popover).getByRole('button', { name: 'Mark all as read' }));
    await waitFor(() => expect(server?.changes()).toEqual(['POST /api/v1/notifications/read-all']));
    await screen.findByRole('button', { name: 'Notifications' });
  });

  it('following a notification marks it read and opens its risk', async () => {
    server = await startApiServer(routes([OVERDUE, UNKNOWN_SUBJECT]));
    const { router } = renderApp({ path: '/', apiBaseUrl: server.baseUrl });
    fireEvent.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }));
    const popover = await screen.findByRole('dialog', { name: 'Notifications' });
    // A subject the app has no page for is shown, but not as a link.
    expect(within(popover).getByText('About something without a page').closest('a')).toBeNull();

    fireEvent.click(within(popover).getByText(OVERDUE.title));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/risks/${RISK_ID}`));
    await waitFor(() => expect(server?.changes()).toEqual([`POST /api/v1/notifications/${OVERDUE.id}/read`]));
    await screen.findByRole('button', { name: 'Notifications, 1 unread' });
  });
});

describe('Notifications page', () => {
  it('lists every notification with its text, pages through them and filters unread ones', async () => {
    const many = Array.from({ length: 23 }, (_, i) =>
      notification(i + 10, { readAt: i % 2 === 0 ? null : '2026-11-01T08:00:00.000Z' }),
    );
    server = await startApiServer(routes(many));
    renderApp({ path: '/notifications', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Notifications' });
    const list = await screen.findByRole('list', { name: 'Your notifications' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(20);
    expect(within(list).getByText(many[0]?.body ?? '')).toBeTruthy();
    expect(screen.getByText('12 unread')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(23));

    fireEvent.click(screen.getByRole('radio', { name: 'Unread only' }));
    await waitFor(() =>
      expect(server?.requests.map((r) => r.url)).toContain('/api/v1/notifications?unread=true&limit=20'),
    );
    await waitFor(() =>
      expect(
        within(screen.getByRole('list', { name: 'Your notifications' })).getAllByRole('listitem'),
      ).toHaveLength(12),
    );
  });

  it('marks one read from its button', async () => {
    server = await startApiServer(routes([OVERDUE, OLD]));
    renderApp({ path: '/notifications', apiBaseUrl: server.baseUrl });
    const list = await screen.findByRole('list', { name: 'Your notifications' });
    expect(within(list).getAllByRole('button', { name: /^Mark .* as read$/ })).toHaveLength(1);
    fireEvent.click(within(list).getByRole('button', { name: `Mark “${OVERDUE.title}” as read` }));
    await waitFor(() => expect(server?.changes()).toEqual([`POST /api/v1/notifications/${OVERDUE.id}/read`]));
    await waitFor(() =>
      expect(within(list).queryAllByRole('button', { name: /^Mark .* as read$/ })).toHaveLength(0),
    );
    expect(screen.getByRole('button', { name: 'Mark all as read' }).hasAttribute('disabled')).toBe(true);
  });

  it('says when there is nothing, and what will come here', async () => {
    server = await startApiServer(routes([]));
    renderApp({ path: '/notifications', apiBaseUrl: server.baseUrl });
    await screen.findByText('No notifications');
    expect(screen.getByText(/when an action you own is due within 7 days or overdue/)).toBeTruthy();
  });
});
