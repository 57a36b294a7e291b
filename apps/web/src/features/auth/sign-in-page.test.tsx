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

const SYSTEM = {
  '/api/health': { status: 200, body: { status: 'ok', version: '0.1.0' } },
  '/api/ready': {
    status: 200,
    body: { status: 'ready', database: { dialect: 'sqlite', reachable: true, pendingMigrations: 0 } },
  },
};

async function openSignIn(path = '/sign-in') {
  const view = renderApp({ path, apiBaseUrl: server?.baseUrl ?? '' });
  await screen.findByRole('heading', { level: 1, name: 'Sign in' });
  return {
    ...view,
    email: screen.getByLabelText(/^Email/),
    password: screen.getByLabelText(/^Password/),
    submit: screen.getByRole('button', { name: 'Sign in' }),
  };
}

describe('Sign-in page', () => {
  it('shows the contract’s messages next to the fields and sends nothing while they stand', async () => {
    server = await startApiServer(signedOut());
    const { email, password, submit } = await openSignIn();

    type(email, 'not-an-email');
    fireEvent.click(submit);

    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const emailError = document.getElementById(email.getAttribute('aria-describedby')?.split(' ')[0] ?? '');
    expect(emailError?.textContent).toBe('Enter a valid email address');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(email); // focus moves to the first field at fault
    expect(server.changes()).toEqual([]);

    type(email, 'ada@acme.test');
    expect(email.getAttribute('aria-invalid')).not.toBe('true'); // editing a field clears its error
  });

  it('disables the button while the request is pending, then shows the server’s message with the request id', async () => {
    const answer = gate();
    server = await startApiServer({
      ...signedOut(),
      'POST /api/v1/auth/login': {
        ...problem(401, 'unauthenticated', 'Sign-in required', {
          detail: 'The email or password is not correct',
        }),
        until: answer.promise,
      },
    });
    const { email, password, submit } = await openSignIn();
    type(email, 'Ada@Acme.test');
    type(password, 'wrong password');
    fireEvent.click(submit);

    await waitFor(() => expect((submit as HTMLButtonElement).disabled).toBe(true));
    answer.open();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('You could not be signed in');
    expect(alert.textContent).toContain('The email or password is not correct');
    expect(alert.textContent).toContain('req-unauthenticated');
    expect((submit as HTMLButtonElement).disabled).toBe(false);
    // The contract's schema trims and lower-cases the email before it is sent.
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      email: 'ada@acme.test',
      password: 'wrong password',
    });
  });

  it('says how long to wait when throttled (429 with retryAfterSeconds)', async () => {
    server = await startApiServer({
      ...signedOut(),
      'POST /api/v1/auth/login': problem(429, 'rate_limited', 'Too many requests', {
        detail: 'Too many failed sign-in attempts for this account: wait before trying again',
        retryAfterSeconds: 42,
      }),
    });
    const { email, password, submit } = await openSignIn();
    type(email, 'ada@acme.test');
    type(password, 'whatever it is');
    fireEvent.click(submit);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Too many requests');
    expect(alert.textContent).toContain('Try again in 42 seconds.');
  });

  it('goes on to the page in ?redirect= after signing in', async () => {
    let signedIn = false;
    server = await startApiServer({
      ...signedOut(),
      'GET /api/v1/me': () =>
        signedIn ? { status: 200, body: me() } : problem(401, 'unauthenticated', 'Sign-in required'),
      'POST /api/v1/auth/login': () => {
        signedIn = true;
        return { status: 200, body: { restriction: null } };
      },
      'GET /api/v1/people': { status: 200, body: { items: [], nextCursor: null } },
      'GET /api/v1/invitations': { status: 200, body: { items: [], nextCursor: null } },
      ...SYSTEM,
    });
    const { email, password, submit, router } = await openSignIn('/sign-in?redirect=%2Fpeople');
    type(email, 'ada@acme.test');
    type(password, 'correct horse battery staple');
    fireEvent.click(submit);

    await screen.findByRole('heading', { level: 1, name: 'People' });
    expect(router.state.location.pathname).toBe('/people');
  });

  it('goes to the MFA challenge when the sign-in needs a second step, keeping the target', async () => {
    let step: 'out' | 'mfa' = 'out';
    server = await startApiServer({
      ...signedOut(),
      'GET /api/v1/me': () =>
        step === 'mfa'
          ? { status: 200, body: me('owner', { restriction: 'mfa_challenge', abilities: [] }) }
          : problem(401, 'unauthenticated', 'Sign-in required'),
      'POST /api/v1/auth/login': () => {
        step = 'mfa';
        return { status: 200, body: { restriction: 'mfa_challenge' } };
      },
    });
    const { email, password, submit, router } = await openSignIn('/sign-in?redirect=%2Fprofile');
    type(email, 'ada@acme.test');
    type(password, 'correct horse battery staple');
    fireEvent.click(submit);

    await screen.findByRole('heading', { level: 1, name: 'Two-factor authentication' });
    expect(router.state.location.pathname).toBe('/mfa');
    expect(router.state.location.search).toEqual({ redirect: '/profile' });
  });
});
