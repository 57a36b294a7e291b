import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer } from '../../../test/api-server.ts';
import { signedIn } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('unknown client routes', () => {
  it('render the not-found page inside the shell, with a link home', async () => {
    server = await startApiServer(signedIn());
    renderApp({ path: '/no/such/page', apiBaseUrl: server.baseUrl });

    const heading = await screen.findByRole('heading', { level: 1, name: 'Page not found' });
    const main = screen.getByRole('main');
    expect(main.contains(heading)).toBe(true);

    const home = within(main).getByRole('link', { name: 'Back to the overview' });
    expect(home.getAttribute('href')).toBe('/');
    expect(document.title).toBe('Page not found · Vigil');
  });

  it('keep the shell usable: landmarks, skip link, navigation and the API reference link', async () => {
    server = await startApiServer(signedIn());
    renderApp({ path: '/missing', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Page not found' });

    expect(screen.getByRole('banner')).toBeTruthy();
    const skip = screen.getByRole('link', { name: 'Skip to main content' });
    expect(skip.getAttribute('href')).toBe('#main-content');
    expect(screen.getByRole('main').id).toBe('main-content');

    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    const overview = within(nav).getByRole('link', { name: 'Overview' });
    expect(overview.getAttribute('href')).toBe('/');
    expect(overview.getAttribute('aria-current')).toBeNull();
    expect(within(nav).getByRole('link', { name: 'API reference' }).getAttribute('href')).toBe('/api/docs');

    expect(screen.getByRole('radiogroup', { name: 'Colour scheme' })).toBeTruthy();
  });
});
