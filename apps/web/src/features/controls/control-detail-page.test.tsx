import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TControl, TMe, TPerson, TRiskSummary } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { ADA, METHODOLOGY, RISK } from '../risks/risk-detail-fixtures.ts';
import { ACCESS_CONTROL_DETAIL, control, ELECTIONS, evidence } from './control-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CONTROL = ACCESS_CONTROL_DETAIL;
const PATH = `/controls/${CONTROL.id}`;
const API = `/api/v1/controls/${CONTROL.id}`;

const POLICY_FILE = evidence({
  id: '01936f4e-0000-7000-8000-000000000301',
  key: 'EV-2',
  title: 'Access control policy v3',
  kind: 'file',
  file: {
    name: 'access-policy.pdf',
    type: 'pdf',
    mediaType: 'application/pdf',
    size: 48_213,
    sha256: 'a'.repeat(64),
  },
  validUntil: '2026-10-01',
  stale: true,
});

const REVIEW_LINK = evidence({
  id: '01936f4e-0000-7000-8000-000000000302',
  key: 'EV-1',
  title: 'Quarterly access review',
  kind: 'link',
  url: 'https://tickets.example.test/review/42',
});

function riskSummary(fields: Pick<TRiskSummary, 'id' | 'key' | 'title'>): TRiskSummary {
  const { assets: _assets, ratingHistory: _history, links: _links, ...base } = RISK;
  return { ...base, ...fields };
}

const VOTE_STUFFING = riskSummary({
  id: '01936f4e-0000-7000-8000-0000000000c9',
  key: 'RISK-9',
  title: 'Vote stuffing through scripted accounts',
});

function routes(
  options: { user?: TMe; control?: TControl; extra?: Record<string, Route> } = {},
): Record<string, Route> {
  return {
    ...signedIn(options.user ?? me('security_officer')),
    [`GET ${API}`]: { status: 200, body: options.control ?? CONTROL },
    [`GET ${API}/evidence`]: { status: 200, body: { items: [POLICY_FILE, REVIEW_LINK] } },
    [`GET ${API}/checks`]: { status: 200, body: { items: [] } },
    'GET /api/v1/people': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/v1/risks': {
      status: 200,
      body: { items: [riskSummary(RISK), VOTE_STUFFING], nextCursor: null },
    },
    ...options.extra,
  };
}

async function openPage(options: Parameters<typeof routes>[0] = {}) {
  server = await startApiServer(routes(options));
  renderApp({ path: PATH, apiBaseUrl: server.baseUrl });
  await screen.findByRole('heading', { level: 1, name: 'A.5.15 · Access control' });
  return server;
}

async function openEditor() {
  fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
  return screen.findByRole('dialog', { name: 'Edit A.5.15' });
}

describe('Control detail page', () => {
  it('shows the control’s place in the SoA, attributes, risks, evidence and NIST crosswalk', async () => {
    await openPage();
    const summary = screen.getByText('Applicability', { selector: 'dt' }).closest('dl') as HTMLElement;
    expect(within(summary).getByText('Applicable')).toBeTruthy();
    expect(within(summary).getByText('Partially implemented')).toBeTruthy();
    expect(within(summary).getByText('Not checked yet')).toBeTruthy();
    expect(within(summary).getByText('Ada Lovelace')).toBeTruthy();

    const applicability = screen.getByRole('region', { name: 'Applicability and justification' });
    expect(within(applicability).getByText('Risk treatment')).toBeTruthy();

    const attributes = screen.getByRole('region', { name: 'Attributes (ISO/IEC 27002)' });
    const iam = within(attributes).getByRole('link', { name: 'Identity and access management' });
    expect(iam.getAttribute('href')).toBe('/controls?capability=identity_and_access_management');
    expect(within(attributes).getByRole('link', { name: 'Preventive' })).toBeTruthy();

    const risks = screen.getByRole('table', { name: 'Risks treated by A.5.15' });
    const risk = within(risks).getByRole('link', { name: RISK.title });
    expect(risk.getAttribute('href')).toBe(`/risks/${RISK.id}`);
    expect(within(risk.closest('tr') as HTMLElement).getByText('Mitigate')).toBeTruthy();

    const table = await screen.findByRole('table', { name: 'Evidence for A.5.15, newest first' });
    const file = within(table).getByRole('link', { name: 'Download access-policy.pdf' });
    expect(file.getAttribute('href')).toBe(`/api/v1/evidence/${POLICY_FILE.id}/file`);
    expect(file.hasAttribute('download')).toBe(true);
    expect(within(file.closest('tr') as HTMLElement).getByText('Stale: past its validity')).toBeTruthy();
    const link = within(table).getByRole('link', { name: 'Open the link of “Quarterly access review”' });
    expect(link.getAttribute('href')).toBe('https://tickets.example.test/review/42');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(within(link.closest('tr') as HTMLElement).getByText('Current')).toBeTruthy();
    expect(within(link.closest('tr') as HTMLElement).getByText('Does not expire')).toBeTruthy();

    const crosswalk = screen.getByRole('region', { name: 'NIST crosswalk' });
    expect(within(crosswalk).getByText('PR.AA-01')).toBeTruthy();
    expect(within(crosswalk).getByText('AC-3')).toBeTruthy();
    expect(within(crosswalk).getByText('Access Enforcement')).toBeTruthy();
  });

  it('edits the applicability sending only the changed fields and the version; shows the justification errors; a conflict offers the current version', async () => {
    const theirs: TControl = {
      ...CONTROL,
      implementationDescription: 'Roles in the identity provider',
      version: 5,
      updatedAt: '2026-11-30T10:00:00.000Z',
    };
    let attempt = 0;
    const srv = await openPage({
      extra: {
        [`PATCH ${API}`]: () => {
          attempt += 1;
          if (attempt === 1)
            return problem(422, 'validation_failed', 'The request is not valid', {
              detail: 'Use at most 4000 characters',
              errors: [{ field: 'body.exclusionJustification', message: 'Use at most 4000 characters' }],
            });
          if (attempt === 2)
            return problem(409, 'conflict', 'This conflicts with the current state', {
              detail: 'A.5.15 was changed by someone else',
              current: theirs,
            });
          return { status: 200, body: { ...theirs, version: 6 } };
        },
      },
    });
    const dialog = await openEditor();
    expect(within(dialog).getByRole('checkbox', { name: 'Risk treatment' })).toHaveProperty('checked', true);

    // Not applicable: the exclusion needs a justification before anything is sent.
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Not applicable' }));
    expect(within(dialog).queryByRole('checkbox', { name: 'Risk treatment' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    const justification = within(dialog).getByLabelText(/^Why it is excluded/);
    await waitFor(() => expect(justification.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('Say why the control is excluded')).toBeTruthy();
    expect(srv.changes()).toEqual([]);

    // The server's field error goes next to its field, not into an alert.
    type(justification, 'Access is managed by the hosting provider only');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText('Use at most 4000 characters');
    expect(justification.getAttribute('aria-invalid')).toBe('true');
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect(srv.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      version: 4,
      applicability: 'not_applicable',
      inclusionReasons: [],
      exclusionJustification: 'Access is managed by the hosting provider only',
    });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText('Someone else changed A.5.15');
    expect(within(dialog).getByText(/The current version is 5/)).toBeTruthy();

    // Loading their version discards the form's changes; saving again sends their version.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Load the current version' }));
    expect(within(dialog).getByRole('radio', { name: 'Applicable' })).toHaveProperty('checked', true);
    const description = within(dialog).getByLabelText(/^How it is implemented/) as HTMLTextAreaElement;
    expect(description.value).toBe('Roles in the identity provider');
    type(description, 'Roles in the identity provider, reviewed quarterly');
    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Implementation status' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Inherited' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(
        within(dialog)
          .getByLabelText(/^Inherited from/)
          .getAttribute('aria-invalid'),
      ).toBe('true'),
    );
    type(within(dialog).getByLabelText(/^Inherited from/), 'Hosting provider');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit A.5.15' })).toBeNull());
    expect(srv.requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({
      version: 5,
      implementationStatus: 'inherited',
      inheritedFrom: 'Hosting provider',
      implementationDescription: 'Roles in the identity provider, reviewed quarterly',
    });
  });

  it('links and unlinks risks by sending the complete set with the version', async () => {
    const linked: TControl = {
      ...CONTROL,
      version: 5,
      risks: [
        {
          id: VOTE_STUFFING.id,
          key: VOTE_STUFFING.key,
          title: VOTE_STUFFING.title,
          status: 'in_treatment',
          treatment: 'mitigate',
        },
      ],
    };
    let saved = false;
    const srv = await openPage({
      extra: {
        [`GET ${API}`]: () => ({ status: 200, body: saved ? linked : CONTROL }),
        [`PUT ${API}/risks`]: () => {
          saved = true;
          return { status: 200, body: linked };
        },
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Link risks' }));
    const dialog = await screen.findByRole('dialog', { name: 'Risks treated by A.5.15' });
    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Risks' }));
    // Picking a linked risk again unlinks it.
    fireEvent.click(await screen.findByRole('option', { name: `RISK-7 · ${RISK.title}` }));
    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Risks' }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'RISK-9 · Vote stuffing through scripted accounts' }),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Risks treated by A.5.15' })).toBeNull());
    expect(srv.requests.find((r) => r.method === 'PUT')?.body).toEqual({
      version: 4,
      riskIds: [VOTE_STUFFING.id],
    });
    const risks = screen.getByRole('table', { name: 'Risks treated by A.5.15' });
    await within(risks).findByRole('link', { name: VOTE_STUFFING.title });
    expect(within(risks).queryByRole('link', { name: RISK.title })).toBeNull();
  });

  it('hides editing from a contributor who does not own the control, and says why', async () => {
    // Not theirs: no "Edit", and why.
    await openPage({ user: me('contributor') });
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Link risks' })).toBeNull();
    expect(await screen.findByText('Your role lets you edit only the controls you own.')).toBeTruthy();
  });

  it('shows the server’s refusal of an edit', async () => {
    const mine: TPerson = {
      id: ADA.id,
      userId: me().user.id,
      name: ADA.name,
      email: me().user.email,
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
    await openPage({
      user: me('contributor'),
      extra: {
        'GET /api/v1/people': { status: 200, body: { items: [mine], nextCursor: null } },
        [`PATCH ${API}`]: problem(403, 'forbidden', 'You are not allowed to do this', {
          detail:
            'Your role lets you edit only the controls you own: ask the owner of A.5.15 or a security officer',
        }),
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit A.5.15' });
    type(within(dialog).getByLabelText(/^Note on the inclusion/), 'Required by the hosting contract');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    const alert = await within(dialog).findByRole('alert');
    expect(within(alert).getByText('You are not allowed to do this')).toBeTruthy();
    expect(within(alert).getByText(/ask the owner of A.5.15 or a security officer/)).toBeTruthy();
  });

  it('says a control of the organisation’s own has no NIST mapping, and edits its own fields', async () => {
    const own = control(ELECTIONS);
    server = await startApiServer({
      ...routes({ control: own }),
      [`GET /api/v1/controls/${own.id}`]: { status: 200, body: own },
      [`GET /api/v1/controls/${own.id}/evidence`]: { status: 200, body: { items: [] } },
      [`PATCH /api/v1/controls/${own.id}`]: {
        status: 200,
        body: { ...own, title: 'Change freeze', version: 2 },
      },
    });
    renderApp({ path: `/controls/${own.id}`, apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: `VC-1 · ${ELECTIONS.title}` });
    const crosswalk = screen.getByRole('region', { name: 'NIST crosswalk' });
    expect(within(crosswalk).getByText('Your own controls have no NIST mapping.')).toBeTruthy();
    expect(await screen.findByText(/No evidence linked yet/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit VC-1' });
    type(within(dialog).getByLabelText(/^Title/), 'Change freeze');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit VC-1' })).toBeNull());
    expect(server.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      version: 1,
      title: 'Change freeze',
    });
  });

  it('says when the control does not exist', async () => {
    server = await startApiServer({
      ...routes(),
      [`GET ${API}`]: problem(404, 'not_found', 'Not found', { detail: 'No control with this id' }),
    });
    renderApp({ path: PATH, apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Control not found' });
    expect(screen.getByRole('link', { name: 'Back to the controls' }).getAttribute('href')).toBe('/controls');
  });
});

describe('Risk detail page', () => {
  it('links each control that treats the risk to the control’s page', async () => {
    const api = `/api/v1/risks/${RISK.id}`;
    server = await startApiServer({
      ...signedIn(me('security_officer')),
      [`GET ${api}`]: {
        status: 200,
        body: {
          ...RISK,
          links: { controls: [{ controlId: CONTROL.id, key: CONTROL.key, title: CONTROL.title }] },
        },
      },
      'GET /api/v1/risk-methodology': { status: 200, body: METHODOLOGY },
      [`GET ${api}/actions`]: { status: 200, body: { items: [] } },
      [`GET ${api}/acceptances`]: { status: 200, body: { items: [], state: RISK.acceptance } },
    });
    renderApp({ path: `/risks/${RISK.id}`, apiBaseUrl: server.baseUrl });
    const controls = await screen.findByRole('region', { name: 'Controls' });
    expect(within(controls).getByRole('link', { name: 'A.5.15 · Access control' }).getAttribute('href')).toBe(
      PATH,
    );
  });
});
