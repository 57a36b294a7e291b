import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TOKEN = {
  id: '01936f4e-0000-7000-8000-0000000000e1',
  name: 'CI export',
  tokenPrefix: 'vgl_AbCd',
  scopes: ['audit_event:read'],
  owner: { id: '01936f4e-0000-7000-8000-0000000000a1', name: 'Ada Lovelace', email: 'ada@acme.test' },
  createdAt: '2026-11-28T08:00:00.000Z',
  expiresAt: '2027-02-26T22:59:59.000Z',
  lastUsedAt: null,
};

describe('API tokens', () => {
  it('requires a scope, then shows the new token once', async () => {
    let created = false;
    server = await startApiServer({
      ...signedIn(me('internal_auditor')),
      'GET /api/v1/me/sessions': { status: 200, body: { items: [] } },
      'GET /api/v1/me/mfa': {
        status: 200,
        body: { enabled: false, pendingEnrolment: false, recoveryCodesLeft: 0 },
      },
      'GET /api/v1/tokens': () => ({ status: 200, body: { items: created ? [TOKEN] : [] } }),
      'POST /api/v1/tokens': () => {
        created = true;
        return { status: 201, body: { ...TOKEN, token: 'vgl_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789' } };
      },
    });
    renderApp({ path: '/profile', apiBaseUrl: server.baseUrl });
    const section = await screen.findByRole('region', { name: 'API tokens' });
    await within(section).findByText('No API tokens.');
    // Only admins see everyone's tokens.
    expect(within(section).queryByRole('switch')).toBeNull();

    fireEvent.click(within(section).getByRole('button', { name: 'Create a token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an API token' });
    type(within(dialog).getByLabelText(/^Name/), 'CI export');
    // The scopes offered are the role's abilities.
    expect(
      within(dialog)
        .getAllByRole('checkbox')
        .map((box) => box.getAttribute('value')),
    ).toEqual(me('internal_auditor').abilities);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create the token' }));
    await within(dialog).findByText('Choose at least one scope');
    expect(server.changes()).toEqual([]);

    fireEvent.click(within(dialog).getByLabelText('Read the audit trail'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create the token' }));
    const shown = await screen.findByRole('dialog', { name: 'Your new API token' });
    expect(within(shown).getByText('vgl_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789')).toBeTruthy();
    const body = server.requests.find((r) => r.method === 'POST')?.body as {
      scopes: string[];
      expiresAt: string;
    };
    expect(body.scopes).toEqual(['audit_event:read']);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 89 * 86_400_000);

    fireEvent.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText('vgl_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789')).toBeNull());
    await within(section).findByText('CI export');
  });
});
