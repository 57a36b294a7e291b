import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { problem, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, signedOut } from '../../../test/identity.ts';
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

describe('route guards', () => {
  it('send someone not signed in to the sign-in page, keeping the page they asked for', async () => {
    server = await startApiServer(signedOut());
    const { router } = renderApp({ path: '/people?role=admin', apiBaseUrl: server.baseUrl });

    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toEqual({ redirect: '/people?role=admin' });
    // No navigation of the signed-in app is shown before sign-in.
    expect(screen.queryByRole('navigation', { name: 'Main navigation' })).toBeNull();
  });

  it('send a fresh instance (no organisation yet) to the setup page', async () => {
    server = await startApiServer(signedOut(true));
    const { router } = renderApp({ path: '/', apiBaseUrl: server.baseUrl });

    await screen.findByRole('heading', { level: 1, name: 'Set up Vigil' });
    expect(router.state.location.pathname).toBe('/setup');
  });

  it('send a session with a pending MFA challenge to /mfa, and with pending enrolment to /mfa/setup', async () => {
    server = await startApiServer(signedIn(me('owner', { restriction: 'mfa_challenge', abilities: [] })));
    const first = renderApp({ path: '/audit-trail', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Two-factor authentication' });
    expect(first.router.state.location.pathname).toBe('/mfa');
    expect(first.router.state.location.search).toEqual({ redirect: '/audit-trail' });
    first.unmount();
    await server.close();

    server = await startApiServer({
      ...signedIn(me('employee', { restriction: 'mfa_enrolment', abilities: [] })),
      'POST /api/v1/me/mfa/totp': { status: 201, until: new Promise(() => {}) },
    });
    const second = renderApp({ path: '/', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Set up two-factor authentication' });
    expect(second.router.state.location.pathname).toBe('/mfa/setup');
  });

  it('send a signed-in user away from the sign-in page to the page in ?redirect=', async () => {
    server = await startApiServer({ ...signedIn(), ...SYSTEM });
    const { router } = renderApp({ path: '/sign-in?redirect=%2Fprofile', apiBaseUrl: server.baseUrl });
    await waitFor(() => expect(router.state.location.pathname).toBe('/profile'));
  });

  it('never follow a ?redirect= that leaves the app', async () => {
    server = await startApiServer({ ...signedIn(), ...SYSTEM });
    const { router } = renderApp({
      path: `/sign-in?redirect=${encodeURIComponent('//evil.example/x')}`,
      apiBaseUrl: server.baseUrl,
    });
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(router.state.location.pathname).toBe('/');
  });

  it('show the navigation entries the role’s abilities allow, and refuse the other pages', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // the router reports the refused route
    vi.spyOn(console, 'error').mockImplementation(() => {});
    server = await startApiServer({ ...signedIn(me('employee')), ...SYSTEM });
    renderApp({ path: '/audit-trail', apiBaseUrl: server.baseUrl });

    await screen.findByRole('heading', { level: 1, name: 'This page is not available to your role' });
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Overview', 'API reference']);
  });

  it('show an owner every section of the navigation', async () => {
    server = await startApiServer({ ...signedIn(me('owner')), ...SYSTEM });
    renderApp({ path: '/', apiBaseUrl: server.baseUrl });

    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([
      'Overview',
      'Risk register',
      'Heat map',
      'Treatment plans',
      'Assessments',
      'Assets',
      'Controls',
      'Statement of Applicability',
      'Evidence',
      'Checks due',
      'People',
      'Audit trail',
      'Risk methodology',
      'Organisation settings',
      'API reference',
    ]);
  });

  it('send the user to sign-in when a request finds the session ended', async () => {
    let signedInNow = true;
    server = await startApiServer({
      'GET /api/v1/me': () =>
        signedInNow ? { status: 200, body: me() } : problem(401, 'unauthenticated', 'Sign-in required'),
      'GET /api/v1/setup': { status: 200, body: { required: false } },
      '/api/health': () => {
        signedInNow = false; // the session times out between two requests
        return problem(401, 'unauthenticated', 'Sign-in required');
      },
      '/api/ready': SYSTEM['/api/ready'],
    });
    const { router } = renderApp({ path: '/', apiBaseUrl: server.baseUrl });

    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('show the problem when the server cannot be reached, not a blank page', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // the router reports the failed route
    vi.spyOn(console, 'error').mockImplementation(() => {});
    server = await startApiServer({ 'GET /api/v1/me': { status: 200, drop: true } });
    renderApp({ path: '/', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'The Vigil server cannot be reached' });
  });
});
