import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TAsset } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const GRACE = { id: '01936f4e-0000-7000-8000-0000000000b2', name: 'Grace Hopper' };

const SUBMISSIONS: TAsset = {
  id: '01936f4e-0000-7000-8000-0000000000f1',
  key: 'ASSET-1',
  name: 'Citizen submissions',
  kind: 'information',
  description: 'Comments and votes of citizens in consultations',
  owner: GRACE,
  classification: 'confidential',
  personalData: true,
  citizenData: true,
  confidentiality: 3,
  integrity: 3,
  availability: 2,
  location: 'EU hosting region',
  notes: '',
  riskCount: 4,
  archivedAt: null,
  createdAt: '2026-11-28T08:00:00.000Z',
  updatedAt: '2026-11-28T08:00:00.000Z',
  version: 1,
};

const PEOPLE: Route = {
  status: 200,
  body: {
    items: [
      {
        ...GRACE,
        userId: '01936f4e-0000-7000-8000-0000000000a2',
        email: 'grace@acme.test',
        role: 'contributor',
        status: 'active',
        department: null,
        jobTitle: null,
        seniority: null,
        accessLevel: null,
        manager: null,
        expiresAt: null,
        mfaEnabled: false,
        createdAt: '2026-11-28T08:00:00.000Z',
        updatedAt: '2026-11-28T08:00:00.000Z',
        version: 1,
      },
    ],
    nextCursor: null,
  },
};

function routes(user = me('owner'), extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...signedIn(user),
    'GET /api/v1/assets': { status: 200, body: { items: [SUBMISSIONS], nextCursor: null } },
    'GET /api/v1/people': PEOPLE,
    ...extra,
  };
}

/** The query of the last asset list request. */
function lastListQuery(): URLSearchParams {
  const last = server?.requests
    .filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/assets'))
    .at(-1);
  return new URLSearchParams(last?.url.split('?')[1] ?? '');
}

async function choose(label: string, option: string) {
  fireEvent.click(screen.getByRole('combobox', { name: label }));
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

describe('Assets page', () => {
  it('lists assets with their data held and importance, and links to their risks', async () => {
    server = await startApiServer(routes(me('internal_auditor')));
    renderApp({ path: '/assets', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Assets' });
    const table = await screen.findByRole('table', { name: 'Assets' });
    const row = within(table).getByText('Citizen submissions').closest('tr') as HTMLElement;
    expect(within(row).getByText('ASSET-1')).toBeTruthy();
    expect(within(row).getByText('Information')).toBeTruthy();
    expect(within(row).getByText('Confidential')).toBeTruthy();
    expect(within(row).getByText('Grace Hopper')).toBeTruthy();
    expect(within(row).getByText('Personal data')).toBeTruthy();
    expect(within(row).getByText('Citizens’ data')).toBeTruthy();
    expect(within(row).getByText('Confidentiality: High')).toBeTruthy();
    expect(within(row).getByText('Availability: Medium')).toBeTruthy();
    expect(within(row).getByText('EU hosting region')).toBeTruthy();
    const risks = within(row).getByRole('link', { name: 'Risks linked to Citizen submissions: 4 risks' });
    expect(risks.getAttribute('href')).toBe(`/risks?assetId=${SUBMISSIONS.id}`);
    // Reading needs no asset:manage; changing does.
    expect(screen.queryByRole('button', { name: 'Add asset' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Actions for Citizen submissions' })).toBeNull();
  });

  it('sends the chosen filters, and shows archived assets only when asked', async () => {
    server = await startApiServer(
      routes(me('owner'), {
        // nothing matches a search
        'GET /api/v1/assets': (request) => ({
          status: 200,
          body: { items: request.url.includes('q=') ? [] : [SUBMISSIONS], nextCursor: null },
        }),
      }),
    );
    renderApp({ path: '/assets', apiBaseUrl: server.baseUrl });
    await screen.findByText('Citizen submissions');
    expect(lastListQuery().get('includeArchived')).toBeNull();

    await choose('Kind', 'System');
    await waitFor(() => expect(lastListQuery().get('kind')).toBe('system'));
    await choose('Classification', 'Restricted');
    await waitFor(() => expect(lastListQuery().get('classification')).toBe('restricted'));
    await choose('Owner', 'Grace Hopper');
    await waitFor(() => expect(lastListQuery().get('ownerId')).toBe(GRACE.id));
    await choose('Personal data', 'Holds personal data');
    await waitFor(() => expect(lastListQuery().get('personalData')).toBe('true'));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show archived assets' }));
    await waitFor(() => expect(lastListQuery().get('includeArchived')).toBe('true'));
    type(screen.getByRole('textbox', { name: 'Search' }), 'hosting');
    await waitFor(() => expect(lastListQuery().get('q')).toBe('hosting'));
    expect(Object.fromEntries(lastListQuery())).toEqual({
      q: 'hosting',
      kind: 'system',
      classification: 'restricted',
      ownerId: GRACE.id,
      personalData: 'true',
      includeArchived: 'true',
      limit: '50',
    });

    await screen.findByText('No assets match these filters.');
    fireEvent.click(screen.getByRole('button', { name: 'Clear the filters' }));
    await waitFor(() => expect(Object.fromEntries(lastListQuery())).toEqual({ limit: '50' }));
    await screen.findByText('Citizen submissions');
  });

  it('explains what an asset is when there is none, and offers to add one', async () => {
    server = await startApiServer(
      routes(me('security_officer'), {
        'GET /api/v1/assets': { status: 200, body: { items: [], nextCursor: null } },
      }),
    );
    renderApp({ path: '/assets', apiBaseUrl: server.baseUrl });
    await screen.findByText('No assets yet');
    expect(screen.getByText(/ISO\/IEC 27001 A\.5\.9 asks for an inventory/)).toBeTruthy();
    const add = screen.getAllByRole('button', { name: 'Add asset' });
    expect(add).toHaveLength(2);
    fireEvent.click(add[1] as HTMLElement);
    await screen.findByRole('dialog', { name: 'Add an asset' });
  });

  it('adds an asset: the contract’s and the server’s errors show next to their fields', async () => {
    let posts = 0;
    server = await startApiServer(
      routes(me('owner'), {
        'POST /api/v1/assets': (request) => {
          posts += 1;
          return posts === 1
            ? problem(422, 'validation_failed', 'The request is not valid', {
                errors: [
                  {
                    field: 'body.ownerId',
                    message: 'Choose the owner from the active people of this organisation',
                  },
                ],
              })
            : { status: 201, body: { ...SUBMISSIONS, ...(request.body as object), key: 'ASSET-2' } };
        },
      }),
    );
    renderApp({ path: '/assets', apiBaseUrl: server.baseUrl });
    await screen.findByText('Citizen submissions');
    fireEvent.click(screen.getByRole('button', { name: 'Add asset' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add an asset' });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the asset' }));
    const name = within(dialog).getByRole('textbox', { name: /^Name/ });
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('Required')).toBeTruthy();
    expect(document.activeElement).toBe(name);
    expect(server.changes()).toEqual([]);

    type(name, 'Consultation platform');
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Kind/ }));
    fireEvent.click(await within(dialog).findByRole('option', { name: 'System' }));
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Owner/ }));
    fireEvent.click(await within(dialog).findByRole('option', { name: 'Grace Hopper' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Holds personal data' }));
    type(within(dialog).getByRole('textbox', { name: /^Location/ }), 'Frankfurt');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the asset' }));
    await within(dialog).findByText('Choose the owner from the active people of this organisation');
    expect(
      within(dialog)
        .getByRole('combobox', { name: /^Owner/ })
        .getAttribute('aria-invalid'),
    ).toBe('true');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the asset' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add an asset' })).toBeNull());
    expect(server.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      name: 'Consultation platform',
      kind: 'system',
      description: '',
      ownerId: GRACE.id,
      classification: 'internal',
      personalData: true,
      citizenData: false,
      confidentiality: 2,
      integrity: 2,
      availability: 2,
      location: 'Frankfurt',
      notes: '',
    });
  });

  it('edits only what changed, with the version read; a conflict offers the current version', async () => {
    const theirs = { ...SUBMISSIONS, name: 'Citizens’ submissions', version: 2 };
    server = await startApiServer(
      routes(me('owner'), {
        [`PATCH /api/v1/assets/${SUBMISSIONS.id}`]: (request) =>
          (request.body as { version: number }).version === 1
            ? problem(409, 'conflict', 'Conflict', {
                detail: 'ASSET-1 was changed by someone else: review the current values and try again',
                current: theirs,
              })
            : { status: 200, body: { ...theirs, version: 3 } },
      }),
    );
    renderApp({ path: '/assets', apiBaseUrl: server.baseUrl });
    await screen.findByText('Citizen submissions');
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Citizen submissions' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit ASSET-1 Citizen submissions' });
    type(within(dialog).getByRole('textbox', { name: /^Location/ }), 'Frankfurt');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText(/changed by someone else/);
    expect(server.requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({
      version: 1,
      location: 'Frankfurt',
    });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Load the current version' }));
    const name = within(dialog).getByRole('textbox', { name: /^Name/ }) as HTMLInputElement;
    expect(name.value).toBe('Citizens’ submissions');
    type(within(dialog).getByRole('textbox', { name: /^Location/ }), 'Frankfurt');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({
      version: 2,
      location: 'Frankfurt',
    });
  });

  it('archives an asset only after confirmation', async () => {
    server = await startApiServer(
      routes(me('security_officer'), {
        [`POST /api/v1/assets/${SUBMISSIONS.id}/archive`]: {
          status: 200,
          body: { ...SUBMISSIONS, archivedAt: '2026-12-01T08:00:00.000Z', version: 2 },
        },
      }),
    );
    renderApp({ path: '/assets', apiBaseUrl: server.baseUrl });
    await screen.findByText('Citizen submissions');
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Citizen submissions' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Archive' }));
    const dialog = await screen.findByRole('dialog', { name: 'Archive ASSET-1 Citizen submissions?' });
    expect(within(dialog).getByText(/cannot be linked to new risks/)).toBeTruthy();
    expect(server.changes()).toEqual([]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.changes()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Actions for Citizen submissions' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Archive' }));
    const again = await screen.findByRole('dialog', { name: 'Archive ASSET-1 Citizen submissions?' });
    fireEvent.click(within(again).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(server.changes()).toEqual([`POST /api/v1/assets/${SUBMISSIONS.id}/archive`]);
    expect(server.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({ version: 1 });
  });
});
