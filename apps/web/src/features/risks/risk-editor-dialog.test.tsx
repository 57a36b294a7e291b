import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { GRACE, METHODOLOGY, RISK } from './risk-detail-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ASSET = {
  id: RISK.assets[0]?.id,
  key: 'ASSET-1',
  name: 'Citizen submissions',
  kind: 'information',
  description: '',
  owner: null,
  classification: 'confidential',
  personalData: true,
  citizenData: true,
  confidentiality: 3,
  integrity: 2,
  availability: 2,
  location: null,
  notes: '',
  riskCount: 1,
  archivedAt: null,
  createdAt: '2026-10-01T08:00:00.000Z',
  updatedAt: '2026-10-01T08:00:00.000Z',
  version: 1,
};

const PERSON = {
  id: GRACE.id,
  userId: '01936f4e-0000-7000-8000-0000000000a2',
  name: GRACE.name,
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
  createdAt: '2026-10-01T08:00:00.000Z',
  updatedAt: '2026-10-01T08:00:00.000Z',
  version: 1,
};

describe('Risk editor', () => {
  it('registers a risk rated on the matrix, then opens it; server field errors show next to their fields', async () => {
    let attempt = 0;
    server = await startApiServer({
      ...signedIn(me('security_officer')),
      'GET /api/v1/risks': { status: 200, body: { items: [], nextCursor: null } },
      'GET /api/v1/risk-methodology': { status: 200, body: METHODOLOGY },
      'GET /api/v1/people': { status: 200, body: { items: [PERSON], nextCursor: null } },
      'GET /api/v1/assets': { status: 200, body: { items: [ASSET], nextCursor: null } },
      'POST /api/v1/risks': () => {
        attempt += 1;
        return attempt === 1
          ? problem(422, 'validation_failed', 'The request is not valid', {
              errors: [{ field: 'body.inherent.likelihood', message: 'The scale has only 5 points' }],
            })
          : { status: 201, body: RISK };
      },
      [`GET /api/v1/risks/${RISK.id}`]: { status: 200, body: RISK },
      [`GET /api/v1/risks/${RISK.id}/actions`]: { status: 200, body: { items: [] } },
      [`GET /api/v1/risks/${RISK.id}/acceptances`]: {
        status: 200,
        body: { items: [], state: RISK.acceptance },
      },
    });
    const { router } = renderApp({ path: '/risks', apiBaseUrl: server.baseUrl });
    fireEvent.click(await screen.findByRole('button', { name: 'New risk' }));
    const dialog = await screen.findByRole('dialog', { name: 'New risk' });
    const inherent = await within(dialog).findByRole('radiogroup', { name: 'Inherent rating' });

    // Nothing filled in: the title, owner and inherent rating are required; nothing is sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Register the risk' }));
    const title = within(dialog).getByLabelText(/^Title/);
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('Choose the likelihood and impact on the matrix')).toBeTruthy();
    expect(server.changes()).toEqual([]);

    type(title, 'Broken access control exposes citizen submissions');
    type(within(dialog).getByLabelText(/^Threat/), 'An attacker reads other users’ submissions');
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Owner/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Grace Hopper' }));
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Linked assets/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'ASSET-1 · Citizen submissions' }));
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Confidentiality' }));
    fireEvent.click(
      within(inherent).getByRole('radio', { name: 'Likelihood 4 (Likely), impact 4 (Major): High' }),
    );
    expect(within(dialog).getAllByText('High').length).toBeGreaterThan(0);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Register the risk' }));
    await within(dialog).findByText('The scale has only 5 points');
    expect(inherent.getAttribute('aria-invalid')).toBe('true');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Register the risk' }));
    await screen.findByRole('heading', { level: 1, name: `${RISK.key} · ${RISK.title}` });
    expect(router.state.location.pathname).toBe(`/risks/${RISK.id}`);
    expect(server.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      title: 'Broken access control exposes citizen submissions',
      threat: 'An attacker reads other users’ submissions',
      vulnerability: '',
      consequence: '',
      category: null,
      ownerId: GRACE.id,
      assetIds: [ASSET.id],
      affects: { confidentiality: true, integrity: false, availability: false },
      inherent: { likelihood: 4, impact: 4 },
      treatment: null,
      residual: null,
      status: 'identified',
      tags: [],
    });
  });
});
