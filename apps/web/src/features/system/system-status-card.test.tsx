import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Route, startApiServer } from '../../../test/api-server.ts';
import { signedIn } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PROBLEM = 'application/problem+json';

function statusCard(): HTMLElement {
  return screen.getByRole('region', { name: 'System status' });
}

describe('Overview: system status card', () => {
  it('shows version and database state, with "Not ready" when /api/ready answers 503', async () => {
    const answers: Record<string, Route> = {
      ...signedIn(),
      '/api/health': { status: 200, body: { status: 'ok', version: '0.1.0' } },
      '/api/ready': {
        status: 503,
        body: { status: 'not_ready', database: { dialect: 'sqlite', reachable: true, pendingMigrations: 3 } },
      },
    };
    server = await startApiServer(answers);
    renderApp({ path: '/', apiBaseUrl: server.baseUrl });

    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    const card = statusCard();
    await within(card).findByText('Not ready');
    expect(within(card).getByText('0.1.0')).toBeTruthy();
    expect(within(card).getByText('SQLite (embedded)')).toBeTruthy();
    expect(within(card).getByText('Reachable')).toBeTruthy();
    expect(within(card).getByText('3')).toBeTruthy();

    // Every API call carries the CSRF header (the shell's notification bell asks too).
    await waitFor(() =>
      expect(server?.requests.map((r) => r.url).sort()).toEqual([
        '/api/health',
        '/api/ready',
        '/api/v1/me',
        '/api/v1/notifications?limit=6',
      ]),
    );
    for (const request of server.requests) expect(request.headers['x-requested-with']).toBe('vigil');
  });

  it('shows the problem title and the request id when the API answers with a problem', async () => {
    server = await startApiServer({
      ...signedIn(),
      '/api/health': {
        status: 500,
        contentType: PROBLEM,
        body: {
          type: 'https://vigil.dev/problems/internal-error',
          title: 'Something went wrong on our side',
          status: 500,
          code: 'internal_error',
          requestId: 'req-7f3a9c',
        },
      },
      '/api/ready': {
        status: 200,
        body: { status: 'ready', database: { dialect: 'postgres', reachable: true, pendingMigrations: 0 } },
      },
    });
    renderApp({ path: '/', apiBaseUrl: server.baseUrl });

    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    const card = statusCard();
    const alert = await within(card).findByRole('alert');
    expect(within(alert).getByText('Something went wrong on our side')).toBeTruthy();
    expect(within(alert).getByText('req-7f3a9c')).toBeTruthy();
    expect(within(alert).getByRole('button', { name: 'Check again' })).toBeTruthy();
    expect(card.textContent).not.toMatch(/at .*\.tsx?:\d+/); // no stack trace
  });

  it('explains an unreachable server without a request id', async () => {
    server = await startApiServer({
      ...signedIn(),
      '/api/health': { status: 200, drop: true },
      '/api/ready': { status: 200, drop: true },
    });
    renderApp({ path: '/', apiBaseUrl: server.baseUrl });

    const alert = await within(await screen.findByRole('region', { name: 'System status' })).findByRole(
      'alert',
    );
    expect(within(alert).getByText('The Vigil server cannot be reached')).toBeTruthy();
    expect(within(alert).queryByText('Request ID', { exact: false })).toBeNull();
  });
});
