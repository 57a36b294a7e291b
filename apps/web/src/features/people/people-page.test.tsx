import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TPerson } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const GRACE: TPerson = {
  id: '01936f4e-0000-7000-8000-0000000000b2',
  userId: '01936f4e-0000-7000-8000-0000000000a2',
  name: 'Grace Hopper',
  email: 'grace@acme.test',
  role: 'employee',
  status: 'active',
  department: 'Engineering',
  jobTitle: null,
  seniority: null,
  accessLevel: null,
  manager: null,
  expiresAt: null,
  mfaEnabled: false,
  createdAt: '2026-11-28T08:00:00.000Z',
  updatedAt: '2026-11-28T08:00:00.000Z',
  version: 1,
};

function people(user = me('owner'), extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...signedIn(user),
    'GET /api/v1/people': { status: 200, body: { items: [GRACE], nextCursor: null } },
    'GET /api/v1/invitations': { status: 200, body: { items: [], nextCursor: null } },
    ...extra,
  };
}

describe('People page', () => {
  it('lists people; a role without person:invite sees no invitations and no invite button', async () => {
    server = await startApiServer(people(me('internal_auditor')));
    renderApp({ path: '/people', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'People' });
    await screen.findByText('Grace Hopper');
    expect(screen.queryByRole('button', { name: 'Invite someone' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Invitations' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Actions for Grace Hopper' })).toBeNull();
  });

  it('invites someone; without mail it says the link is in the server log', async () => {
    server = await startApiServer(
      people(me('owner', { mailConfigured: false }), {
        'POST /api/v1/invitations': (request) =>
          (request.body as { email: string }).email === 'taken@acme.test'
            ? problem(422, 'validation_failed', 'The request is not valid', {
                errors: [{ field: 'body.email', message: 'This person is already a member' }],
              })
            : {
                status: 201,
                body: {
                  id: '01936f4e-0000-7000-8000-0000000000d1',
                  email: 'linus@acme.test',
                  name: null,
                  role: 'contributor',
                  department: null,
                  jobTitle: null,
                  status: 'pending',
                  expiresAt: '2026-12-05T08:00:00.000Z',
                  acceptedAt: null,
                  revokedAt: null,
                  invitedBy: null,
                  createdAt: '2026-11-28T08:00:00.000Z',
                },
              },
      }),
    );
    renderApp({ path: '/people', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'People' });
    expect(
      screen.getByText(/Mail is not configured on this server: invitations are not emailed/),
    ).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Invite someone' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite someone' });
    const email = within(dialog).getByLabelText(/^Email/);
    type(email, 'taken@acme.test');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send the invitation' }));
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('This person is already a member')).toBeTruthy();

    type(email, 'linus@acme.test');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send the invitation' }));
    await within(dialog).findByText(/invitation link for linus@acme\.test is in the server log/);
    expect(server.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      email: 'linus@acme.test',
      role: 'employee',
      name: null,
      department: null,
      jobTitle: null,
    });
  });

  it('disables a person after confirmation', async () => {
    server = await startApiServer(
      people(me('owner'), {
        [`POST /api/v1/people/${GRACE.id}/disable`]: { status: 200, body: { ...GRACE, status: 'disabled' } },
      }),
    );
    renderApp({ path: '/people', apiBaseUrl: server.baseUrl });
    await screen.findByText('Grace Hopper');
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Grace Hopper' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Disable' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable Grace Hopper?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(server?.changes()).toEqual([`POST /api/v1/people/${GRACE.id}/disable`]));
  });
});
