import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer } from '../../../test/api-server.ts';
import { me, ORGANISATION } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const OTHER = {
  ...ORGANISATION,
  id: '01936f4e-0000-7000-8000-000000000002',
  name: 'Beta AG',
  slug: 'beta-ag',
};
const MEMBERSHIPS = [
  {
    organisationId: ORGANISATION.id,
    organisationName: 'Acme GmbH',
    organisationSlug: 'acme-gmbh',
    role: 'owner',
  },
  { organisationId: OTHER.id, organisationName: 'Beta AG', organisationSlug: 'beta-ag', role: 'employee' },
] as const;
const SYSTEM = {
  '/api/health': { status: 200, body: { status: 'ok', version: '0.1.0' } },
  '/api/ready': {
    status: 200,
    body: { status: 'ready', database: { dialect: 'sqlite', reachable: true, pendingMigrations: 0 } },
  },
};

describe('Organisation switcher', () => {
  it('is a plain name with one membership', async () => {
    server = await startApiServer({ 'GET /api/v1/me': { status: 200, body: me() }, ...SYSTEM });
    renderApp({ path: '/', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(screen.queryByRole('button', { name: /Switch organisation/ })).toBeNull();
  });

  it('switches to another organisation and reloads the session (new role, new navigation)', async () => {
    let current: 'acme' | 'beta' = 'acme';
    server = await startApiServer({
      'GET /api/v1/me': () => ({
        status: 200,
        body:
          current === 'acme'
            ? me('owner', { memberships: [...MEMBERSHIPS] })
            : me('employee', { memberships: [...MEMBERSHIPS], organisation: OTHER }),
      }),
      'PUT /api/v1/me/organisation': () => {
        current = 'beta';
        return { status: 200, body: { restriction: null } };
      },
      ...SYSTEM,
    });
    renderApp({ path: '/', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(screen.getByRole('link', { name: 'People' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Organisation: Acme GmbH. Switch organisation' }));
    const beta = await screen.findByRole('menuitemradio', { name: /Beta AG/ });
    expect(screen.getByRole('menuitemradio', { name: /Acme GmbH/ }).getAttribute('aria-checked')).toBe(
      'true',
    );
    fireEvent.click(beta);

    await screen.findByRole('button', { name: 'Organisation: Beta AG. Switch organisation' });
    expect(server.requests.find((r) => r.method === 'PUT')?.body).toEqual({ organisationId: OTHER.id });
    // The employee of Beta sees no People entry.
    await waitFor(() => expect(screen.queryByRole('link', { name: 'People' })).toBeNull());
  });
});
