import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { gate, problem, startApiServer } from '../../../test/api-server.ts';
import { me, signedOut, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function fill() {
  type(screen.getByLabelText(/^Organisation name/), 'Acme GmbH');
  type(screen.getByLabelText(/^Your name/), 'Ada Lovelace');
  type(screen.getByLabelText(/^Email/), 'ada@acme.test');
  type(screen.getByLabelText(/^Password/), 'correct horse battery staple');
}

describe('Setup page', () => {
  it('takes the token from the link, creates the organisation and lands on the overview', async () => {
    let done = false;
    const answer = gate();
    server = await startApiServer({
      'GET /api/v1/me': () =>
        done ? { status: 200, body: me() } : problem(401, 'unauthenticated', 'Sign-in required'),
      'GET /api/v1/setup': () => ({ status: 200, body: { required: !done } }),
      'POST /api/v1/setup': () => {
        done = true;
        return { status: 201, body: { restriction: null }, until: answer.promise };
      },
      '/api/health': { status: 200, body: { status: 'ok', version: '0.1.0' } },
      '/api/ready': {
        status: 200,
        body: { status: 'ready', database: { dialect: 'sqlite', reachable: true, pendingMigrations: 0 } },
      },
    });
    const { router } = renderApp({ path: '/setup?token=tok-123', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Set up Vigil' });
    expect(screen.queryByLabelText(/^Setup token/)).toBeNull(); // the link carries it

    fill();
    const submit = screen.getByRole('button', { name: 'Create the organisation' });
    fireEvent.click(submit);
    await waitFor(() => expect((submit as HTMLButtonElement).disabled).toBe(true));
    answer.open();

    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(router.state.location.pathname).toBe('/');
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      token: 'tok-123',
      organisationName: 'Acme GmbH',
      name: 'Ada Lovelace',
      email: 'ada@acme.test',
      password: 'correct horse battery staple',
      demo: false,
    });
  });

  it('offers the demo organisation instead of an empty one, named for it unless renamed', async () => {
    server = await startApiServer({
      ...signedOut(true),
      'POST /api/v1/setup': problem(503, 'service_unavailable', 'Try again later'),
    });
    renderApp({ path: '/setup?token=tok-123', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Set up Vigil' });
    const choice = screen.getByRole('radiogroup', { name: 'How to start' });
    const empty = screen.getByRole('radio', { name: 'Start empty' }) as HTMLInputElement;
    const demo = screen.getByRole('radio', { name: 'Explore with demo data' }) as HTMLInputElement;
    expect(choice.contains(demo)).toBe(true);
    expect(empty.checked).toBe(true);
    expect(screen.getByRole('button', { name: 'Create the organisation' })).toBeTruthy();

    fireEvent.click(demo);
    const name = screen.getByLabelText(/^Organisation name/) as HTMLInputElement;
    expect(name.value).toBe('Agora Civic Ltd');
    fireEvent.click(empty);
    expect(name.value).toBe('');
    fireEvent.click(demo);
    type(screen.getByLabelText(/^Your name/), 'Ada Lovelace');
    type(screen.getByLabelText(/^Email/), 'ada@acme.test');
    type(screen.getByLabelText(/^Password/), 'correct horse battery staple');
    fireEvent.click(screen.getByRole('button', { name: 'Create the demo organisation' }));

    await waitFor(() => expect(server?.requests.some((r) => r.method === 'POST')).toBe(true));
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      token: 'tok-123',
      organisationName: 'Agora Civic Ltd',
      name: 'Ada Lovelace',
      email: 'ada@acme.test',
      password: 'correct horse battery staple',
      demo: true,
    });
  });

  it('shows the server’s password verdict next to the password field', async () => {
    server = await startApiServer({
      ...signedOut(true),
      'POST /api/v1/setup': problem(422, 'validation_failed', 'The request is not valid', {
        detail: 'Some fields need attention',
        errors: [{ field: 'body.password', message: 'This password is too common: choose another' }],
      }),
    });
    renderApp({ path: '/setup?token=tok-123', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Set up Vigil' });
    fill();
    fireEvent.click(screen.getByRole('button', { name: 'Create the organisation' }));

    const password = screen.getByLabelText(/^Password/);
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (password.getAttribute('aria-describedby') ?? '').split(' ');
    const messages = describedBy.map((id) => document.getElementById(id)?.textContent);
    expect(messages).toContain('This password is too common: choose another');
    // Every field error is next to its field: no alert repeats it.
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks for the token without the link, and shows a refused token with the request id', async () => {
    server = await startApiServer({
      ...signedOut(true),
      'POST /api/v1/setup': problem(403, 'forbidden', 'You are not allowed to do this', {
        detail: 'The setup token is not valid: use the link printed in the server log',
      }),
    });
    renderApp({ path: '/setup', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Set up Vigil' });
    type(screen.getByLabelText(/^Setup token/), 'wrong');
    fill();
    fireEvent.click(screen.getByRole('button', { name: 'Create the organisation' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The setup token is not valid');
    expect(alert.textContent).toContain('req-forbidden');
  });

  it('is not offered once the instance is set up', async () => {
    server = await startApiServer({
      ...signedOut(false),
    });
    const { router } = renderApp({ path: '/setup?token=x', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(router.state.location.pathname).toBe('/sign-in');
  });
});
