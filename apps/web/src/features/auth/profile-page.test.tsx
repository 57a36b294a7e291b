import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { gate, problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SESSIONS = {
  items: [
    {
      id: '01936f4e-0000-7000-8000-0000000000c1',
      createdAt: '2026-11-28T08:00:00.000Z',
      lastSeenAt: '2026-11-28T09:00:00.000Z',
      expiresAt: '2026-11-28T20:00:00.000Z',
      ip: '127.0.0.1',
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
      current: true,
    },
    {
      id: '01936f4e-0000-7000-8000-0000000000c2',
      createdAt: '2026-11-27T08:00:00.000Z',
      lastSeenAt: '2026-11-27T09:00:00.000Z',
      expiresAt: '2026-11-27T20:00:00.000Z',
      ip: '10.0.0.7',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0; rv:130.0) Gecko/20100101 Firefox/130.0',
      current: false,
    },
  ],
};

function profile(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...signedIn(me('owner')),
    'GET /api/v1/me/sessions': { status: 200, body: SESSIONS },
    'GET /api/v1/me/mfa': {
      status: 200,
      body: { enabled: false, pendingEnrolment: false, recoveryCodesLeft: 0 },
    },
    'GET /api/v1/tokens': { status: 200, body: { items: [] } },
    ...extra,
  };
}

function passwordSection() {
  return screen.getByRole('region', { name: 'Password' });
}

describe('Profile: change password', () => {
  it('puts the server’s field error next to the current password; the button is disabled while pending', async () => {
    const answer = gate();
    server = await startApiServer(
      profile({
        'POST /api/v1/me/password': {
          ...problem(422, 'validation_failed', 'The request is not valid', {
            detail: 'The current password is not correct',
            errors: [{ field: 'body.currentPassword', message: 'The current password is not correct' }],
          }),
          until: answer.promise,
        },
      }),
    );
    renderApp({ path: '/profile', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Your profile' });
    const section = passwordSection();
    const current = within(section).getByLabelText(/^Current password/);
    type(current, 'not my password');
    type(within(section).getByLabelText(/^New password/), 'another long passphrase');
    const submit = within(section).getByRole('button', { name: 'Change the password' });
    fireEvent.click(submit);

    await waitFor(() => expect((submit as HTMLButtonElement).disabled).toBe(true));
    answer.open();

    await waitFor(() => expect(current.getAttribute('aria-invalid')).toBe('true'));
    const messages = (current.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(messages).toContain('The current password is not correct');
    expect(document.activeElement).toBe(current);
    expect(within(section).queryByRole('alert')).toBeNull();
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      currentPassword: 'not my password',
      newPassword: 'another long passphrase',
    });
  });

  it('checks the new password’s length before sending', async () => {
    server = await startApiServer(profile());
    renderApp({ path: '/profile', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Your profile' });
    const section = passwordSection();
    type(within(section).getByLabelText(/^Current password/), 'my password');
    const next = within(section).getByLabelText(/^New password/);
    type(next, 'short');
    fireEvent.click(within(section).getByRole('button', { name: 'Change the password' }));

    await waitFor(() => expect(next.getAttribute('aria-invalid')).toBe('true'));
    expect(within(section).getByText('Use at least 12 characters')).toBeTruthy();
    expect(server.changes()).toEqual([]);
  });

  it('confirms the change and empties the form', async () => {
    server = await startApiServer(profile({ 'POST /api/v1/me/password': { status: 204 } }));
    renderApp({ path: '/profile', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Your profile' });
    const section = passwordSection();
    const current = within(section).getByLabelText(/^Current password/) as HTMLInputElement;
    type(current, 'my old password');
    type(within(section).getByLabelText(/^New password/), 'a brand new passphrase');
    fireEvent.click(within(section).getByRole('button', { name: 'Change the password' }));

    await within(section).findByText('Your password is changed. Your other sessions have ended.');
    expect(current.value).toBe('');
  });
});

describe('Profile: sessions', () => {
  it('lists the sessions by device and ends another one', async () => {
    server = await startApiServer(
      profile({ 'DELETE /api/v1/me/sessions/01936f4e-0000-7000-8000-0000000000c2': { status: 204 } }),
    );
    renderApp({ path: '/profile', apiBaseUrl: server.baseUrl });
    const section = await screen.findByRole('region', { name: 'Sessions' });
    await within(section).findByText('Chrome on Linux');
    expect(within(section).getByText('Firefox on macOS')).toBeTruthy();
    expect(within(section).getByText('This session')).toBeTruthy();
    // The current session cannot be ended from here (sign out does that); the other can.
    const end = within(section).getAllByRole('button', { name: /^End the session on/ });
    expect(end).toHaveLength(1);
    expect(end[0]?.getAttribute('aria-label')).toMatch(/^End the session on Firefox on macOS, last active /);
    fireEvent.click(end[0] as HTMLElement);

    await waitFor(() =>
      expect(server?.changes()).toEqual(['DELETE /api/v1/me/sessions/01936f4e-0000-7000-8000-0000000000c2']),
    );
  });
});
