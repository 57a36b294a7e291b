import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { gate, problem, startApiServer } from '../../../test/api-server.ts';
import { me, ORGANISATION, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function open() {
  renderApp({ path: '/organisation', apiBaseUrl: server?.baseUrl ?? '' });
  await screen.findByRole('heading', { level: 1, name: 'Organisation settings' });
  const name = (await screen.findByLabelText(/^Name/)) as HTMLInputElement;
  await waitFor(() => expect(name.value).toBe('Acme GmbH'));
  return { name, save: screen.getByRole('button', { name: 'Save changes' }) as HTMLButtonElement };
}

describe('Organisation settings', () => {
  it('sends only what changed, with the version read; the button is disabled while pending', async () => {
    const answer = gate();
    server = await startApiServer({
      ...signedIn(me('admin')),
      'GET /api/v1/organisation': { status: 200, body: ORGANISATION },
      'PATCH /api/v1/organisation': {
        status: 200,
        body: { ...ORGANISATION, name: 'Acme Europe GmbH', sessionIdleMinutes: 15, version: 2 },
        until: answer.promise,
      },
    });
    const { name, save } = await open();
    type(name, 'Acme Europe GmbH');
    type(screen.getByLabelText(/^Sign out after inactivity/), '15');
    fireEvent.click(save);
    await waitFor(() => expect(save.disabled).toBe(true));
    answer.open();

    await screen.findByText('The settings are saved.');
    expect(server.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      version: 1,
      name: 'Acme Europe GmbH',
      sessionIdleMinutes: 15,
    });
  });

  it('shows a field error from the contract next to the field (a slug with capitals)', async () => {
    server = await startApiServer({
      ...signedIn(me('admin')),
      'GET /api/v1/organisation': { status: 200, body: ORGANISATION },
    });
    await open();
    const slug = screen.getByLabelText(/^URL name/);
    type(slug, 'Acme GmbH');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(slug.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/Use lowercase letters a-z, digits and single hyphens/)).toBeTruthy();
    expect(server.changes()).toEqual([]);
  });

  it('on a conflict (409) explains it and loads the other person’s version on request', async () => {
    const theirs = { ...ORGANISATION, name: 'Acme Holding', version: 2 };
    server = await startApiServer({
      ...signedIn(me('admin')),
      'GET /api/v1/organisation': { status: 200, body: ORGANISATION },
      'PATCH /api/v1/organisation': problem(409, 'conflict', 'The record was changed by someone else', {
        detail: 'Someone else changed the organisation settings since you loaded them',
        current: theirs,
      }),
    });
    const { name } = await open();
    type(name, 'Acme Europe GmbH');
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The record was changed by someone else');
    expect(alert.textContent).toContain('Load their version, then make your change again.');
    fireEvent.click(screen.getByRole('button', { name: 'Load the current settings' }));
    await waitFor(() => expect(name.value).toBe('Acme Holding'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
