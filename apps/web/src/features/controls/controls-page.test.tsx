import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TControlSummary } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordedRequest, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import {
  ACCESS_CONTROL,
  COVERAGE,
  control,
  ELECTIONS,
  MONITORING,
  PERIMETER,
  POLICIES,
} from './control-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ALL = [POLICIES, ACCESS_CONTROL, PERIMETER, MONITORING, ELECTIONS];

/** The register's GETs, as the query strings the page asked for. */
function registerQueries(): Record<string, string>[] {
  return (server?.requests ?? [])
    .filter((r) => r.method === 'GET' && /^\/api\/v1\/controls(\?|$)/.test(r.url))
    .map((r) => Object.fromEntries(new URL(r.url, 'http://x').searchParams));
}

/** A fake register that filters by applicability and attribute like the server (enough for these tests). */
function filtered(request: RecordedRequest): TControlSummary[] {
  const params = new URL(request.url, 'http://x').searchParams;
  return ALL.filter(
    (c) =>
      (!params.get('applicability') || c.applicability === params.get('applicability')) &&
      (!params.get('controlType') ||
        (c.attributes.controlTypes as string[]).includes(params.get('controlType') ?? '')) &&
      (!params.get('q') || c.title.toLowerCase().includes(params.get('q')?.toLowerCase() ?? '')),
  );
}

function api(
  options: { role?: ReturnType<typeof me>; items?: TControlSummary[]; extra?: Record<string, Route> } = {},
) {
  return {
    ...signedIn(options.role ?? me('security_officer')),
    'GET /api/v1/people': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/v1/risks': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/v1/controls': (request: RecordedRequest) => ({
      status: 200,
      body: { items: options.items ?? filtered(request) },
    }),
    ...options.extra,
  } satisfies Record<string, Route>;
}

function cells(row: HTMLElement): (string | null)[] {
  return within(row)
    .getAllByRole('cell')
    .map((cell) => cell.textContent);
}

function rowOf(table: HTMLElement, title: string): HTMLElement {
  const row = within(table).getByRole('link', { name: title }).closest('tr');
  if (!row) throw new Error(`no row for ${title}`);
  return row;
}

describe('Control register', () => {
  it('groups the controls by theme with counts, the own controls last, each row in words', async () => {
    server = await startApiServer(api());
    renderApp({ path: '/controls', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Controls' });
    const organisational = await screen.findByRole('table', { name: 'Organisational controls' });

    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual([
      'Organisational controls',
      'Physical controls',
      'Technological controls',
      'Your own controls',
    ]);
    const section = (name: string) => screen.getByRole('region', { name });
    expect(within(section('Organisational controls')).getByText('2 controls')).toBeTruthy();
    expect(within(section('Physical controls')).getByText('1 control')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'People controls' })).toBeNull();
    expect(screen.getByText('5 controls shown')).toBeTruthy();

    expect(cells(rowOf(organisational, POLICIES.title))).toEqual([
      'A.5.1',
      POLICIES.title,
      'Applicable',
      'Implemented',
      'Grace Hopper',
      '0',
      'Dec 31, 2026',
    ]);
    expect(cells(rowOf(organisational, ACCESS_CONTROL.title))).toEqual([
      'A.5.15',
      ACCESS_CONTROL.title,
      'Applicable',
      'Partially implemented',
      'Ada Lovelace',
      '1',
      '—',
    ]);
    const physical = screen.getByRole('table', { name: 'Physical controls' });
    expect(cells(rowOf(physical, PERIMETER.title)).slice(2, 5)).toEqual([
      'Applicable',
      'Inherited from Hosting provider',
      'Unassigned',
    ]);
    const own = screen.getByRole('table', { name: 'Your own controls' });
    expect(cells(rowOf(own, ELECTIONS.title))[1]).toBe(`${ELECTIONS.title}Technological`);
    expect(within(own).getByRole('link', { name: ELECTIONS.title }).getAttribute('href')).toBe(
      `/controls/${ELECTIONS.id}`,
    );
    expect(registerQueries()).toEqual([{}]);
  });

  it('puts the filters into the URL and the API query string, and shows the rows the server returns', async () => {
    server = await startApiServer(api());
    const { router } = renderApp({
      path: '/controls?controlType=detective&bogus=1&theme=nope',
      apiBaseUrl: server.baseUrl,
    });
    const technological = await screen.findByRole('table', { name: 'Technological controls' });
    // invalid values never reach the API
    expect(registerQueries()[0]).toEqual({ controlType: 'detective' });
    expect(within(technological).getByRole('link', { name: MONITORING.title })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Organisational controls' })).toBeNull();
    expect(screen.getByText('1 control shown')).toBeTruthy();

    fireEvent.click(screen.getByRole('combobox', { name: 'Control type' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Preventive' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ controlType: 'preventive' }));
    const organisational = await screen.findByRole('table', { name: 'Organisational controls' });
    expect(
      within(organisational)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual([POLICIES.title, ACCESS_CONTROL.title]);
    expect(screen.queryByRole('table', { name: 'Technological controls' })).toBeNull();

    fireEvent.click(screen.getByRole('combobox', { name: 'Applicability' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Applicable' }));
    type(screen.getByRole('searchbox', { name: 'Search' }), 'access');
    await waitFor(() =>
      expect(router.state.location.search).toEqual({
        controlType: 'preventive',
        applicability: 'applicable',
        q: 'access',
      }),
    );
    await waitFor(() =>
      expect(registerQueries().at(-1)).toEqual({
        applicability: 'applicable',
        controlType: 'preventive',
        q: 'access',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('link', { name: POLICIES.title })).toBeNull());
    expect(screen.getByRole('link', { name: ACCESS_CONTROL.title })).toBeTruthy();
  });

  it('offers to clear filters that match nothing, keeping the tab out of it', async () => {
    server = await startApiServer(api({ items: [] }));
    const { router } = renderApp({ path: '/controls?domain=defence&q=nothing', apiBaseUrl: server.baseUrl });
    const empty = await screen.findByText('No controls match these filters');
    const state = empty.closest('[role="status"]');
    if (!(state instanceof HTMLElement)) throw new Error('no status');
    fireEvent.click(within(state).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
  });

  it('adds a control of the organisation’s own and opens it', async () => {
    const created = control({ ...ELECTIONS, key: 'VC-2', title: 'Four-eyes release of ballots' });
    server = await startApiServer(
      api({
        extra: {
          'POST /api/v1/controls': { status: 201, body: created },
          [`GET /api/v1/controls/${created.id}`]: { status: 200, body: created },
          [`GET /api/v1/controls/${created.id}/evidence`]: { status: 200, body: { items: [] } },
        },
      }),
    );
    const { router } = renderApp({ path: '/controls', apiBaseUrl: server.baseUrl });
    fireEvent.click(await screen.findByRole('button', { name: 'Add control' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a control of your own' });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add control' }));
    const title = within(dialog).getByLabelText(/^Title/);
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(within(dialog).getByText('Give the control a title')).toBeTruthy();
    expect(server.changes()).toEqual([]);

    type(title, 'Four-eyes release of ballots');
    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Theme' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Technological' }));
    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Control type' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Preventive' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add control' }));

    await waitFor(() => expect(router.state.location.pathname).toBe(`/controls/${created.id}`));
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      title: 'Four-eyes release of ballots',
      theme: 'technological',
      description: '',
      attributes: {
        controlTypes: ['preventive'],
        properties: [],
        concepts: [],
        capabilities: [],
        domains: [],
      },
    });
    await screen.findByRole('heading', { level: 1, name: 'VC-2 · Four-eyes release of ballots' });
  });

  it('offers "Add control" only to a role that may manage controls', async () => {
    server = await startApiServer(api({ role: me('internal_auditor') }));
    renderApp({ path: '/controls', apiBaseUrl: server.baseUrl });
    await screen.findByRole('table', { name: 'Organisational controls' });
    expect(screen.queryByRole('button', { name: 'Add control' })).toBeNull();
  });
});

describe('NIST CSF 2.0 coverage', () => {
  it('shows every subcategory by function and category with its status in words and the mapped controls', async () => {
    server = await startApiServer(
      api({ extra: { 'GET /api/v1/controls/coverage/csf': { status: 200, body: COVERAGE } } }),
    );
    const { router } = renderApp({ path: '/controls', apiBaseUrl: server.baseUrl });
    await screen.findByRole('table', { name: 'Organisational controls' });
    fireEvent.click(screen.getByRole('tab', { name: 'NIST CSF 2.0 coverage' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ view: 'csf' }));

    const protect = await screen.findByRole('region', { name: 'Protect (PR)' });
    const table = within(protect).getByRole('table', {
      name: 'PR.AA · Identity Management, Authentication, and Access Control subcategories',
    });
    const row = within(table).getByText('PR.AA-01').closest('tr') as HTMLElement;
    expect(within(row).getByText('Partly covered')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'A.5.15 Access control' }).getAttribute('href')).toBe(
      `/controls/${ACCESS_CONTROL.id}`,
    );
    expect(within(row).getByText('(Partially implemented)')).toBeTruthy();

    const govern = screen.getByRole('region', { name: 'Govern (GV)' });
    const context = within(govern).getByText('GV.OC-01').closest('tr') as HTMLElement;
    expect(within(context).getByText('Not mapped')).toBeTruthy();
    expect(within(context).getByText(/No Annex A control maps here/)).toBeTruthy();
    const policy = within(govern).getByText('GV.PO-01').closest('tr') as HTMLElement;
    expect(within(policy).getByText('Covered')).toBeTruthy();
    const detect = screen.getByRole('region', { name: 'Detect (DE)' });
    expect(within(detect).getByText('Not covered')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Respond (RS)' })).toBeNull();

    // Only the subcategories not covered.
    fireEvent.click(screen.getByRole('combobox', { name: 'Show' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Not covered (1)' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Protect (PR)' })).toBeNull());
    expect(screen.getByRole('region', { name: 'Detect (DE)' })).toBeTruthy();
    expect(screen.queryByText('GV.PO-01')).toBeNull();
  });
});
