import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TRiskImportReport, TRiskSummary } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, type RecordedRequest, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { ACCEPTANCE, ADA, GRACE, HIGH, LOW, MEDIUM, METHODOLOGY, RISK } from './risk-detail-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function summary(
  overrides: Partial<TRiskSummary> & Pick<TRiskSummary, 'id' | 'key' | 'title'>,
): TRiskSummary {
  const { assets: _assets, ratingHistory: _history, links: _links, ...base } = RISK;
  return { ...base, ...overrides };
}

const ACCESS = summary({
  id: '01936f4e-0000-7000-8000-0000000000c1',
  key: 'RISK-1',
  title: 'Broken access control exposes citizen submissions',
  inherent: { likelihood: 4, impact: 4, level: HIGH },
  residual: { likelihood: 2, impact: 3, level: MEDIUM },
  level: MEDIUM,
  treatment: 'mitigate',
  reviewOverdue: true,
  nextReviewOn: '2026-11-01',
  acceptance: { current: ACCEPTANCE, stale: false, staleReasons: [] },
});

const PHISHING = summary({
  id: '01936f4e-0000-7000-8000-0000000000c2',
  key: 'RISK-2',
  title: 'Phishing of support staff',
  owner: ADA,
  inherent: { likelihood: 2, impact: 2, level: LOW },
  residual: null,
  level: LOW,
  treatment: null,
  status: 'identified',
  acceptance: { current: ACCEPTANCE, stale: true, staleReasons: ['rating_changed'] },
});

/** The register's GETs, as the query strings the page asked for. */
function registerQueries(): URLSearchParams[] {
  return (server?.requests ?? [])
    .filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/risks?'))
    .map((r) => new URL(r.url, 'http://x').searchParams);
}

function register(items: TRiskSummary[] | ((request: RecordedRequest) => Route), role = me('owner')) {
  return {
    ...signedIn(role),
    'GET /api/v1/risk-methodology': { status: 200, body: METHODOLOGY },
    'GET /api/v1/people': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/v1/risks': (request: RecordedRequest) => {
      if (typeof items === 'function') {
        const answer = items(request);
        return typeof answer === 'function' ? answer(request) : answer;
      }
      return { status: 200, body: { items, nextCursor: null } };
    },
  } satisfies Record<string, Route>;
}

describe('Risk register', () => {
  it('lists risks with their levels as text, overdue reviews and acceptance in words', async () => {
    server = await startApiServer(register([ACCESS, PHISHING]));
    renderApp({ path: '/risks', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Risk register' });
    const table = await screen.findByRole('table', { name: 'Risks' });

    const access = within(table).getByRole('link', { name: ACCESS.title }).closest('tr');
    if (!access) throw new Error('no row');
    const cells = within(access)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells.slice(0, 9)).toEqual([
      'RISK-1',
      ACCESS.title,
      GRACE.name,
      'High',
      'Mitigate',
      'Medium',
      'In treatment',
      'Nov 1, 2026Overdue',
      'Accepted until Oct 3, 2027',
    ]);
    expect(within(access).getByRole('link', { name: ACCESS.title }).getAttribute('href')).toBe(
      `/risks/${ACCESS.id}`,
    );

    const phishing = within(table).getByRole('link', { name: PHISHING.title }).closest('tr');
    if (!phishing) throw new Error('no row');
    expect(within(phishing).getByText('Not rated')).toBeTruthy();
    expect(within(phishing).getByText('Not chosen')).toBeTruthy();
    expect(within(phishing).getByText('Needs re-acceptance')).toBeTruthy();

    expect(screen.getByText('2 risks shown, all that match')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Import' })).toBeTruthy();
    expect(registerQueries()[0]?.toString()).toBe('limit=100');
    fireEvent.click(screen.getByRole('button', { name: 'New risk' }));
    await screen.findByRole('dialog', { name: 'New risk' });
  });

  it('offers neither "New risk" nor "Import" to a role that may only read', async () => {
    server = await startApiServer(register([ACCESS], me('internal_auditor')));
    renderApp({ path: '/risks', apiBaseUrl: server.baseUrl });
    await screen.findByRole('link', { name: ACCESS.title });
    expect(screen.queryByRole('button', { name: 'New risk' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Export' })).toBeTruthy();
  });

  it('puts filters, search and sort into the URL and the API query string', async () => {
    server = await startApiServer(register([ACCESS]));
    const { router } = renderApp({
      path: '/risks?level=high&bogus=1&status=nope',
      apiBaseUrl: server.baseUrl,
    });
    await screen.findByRole('link', { name: ACCESS.title });
    // invalid values never reach the API, and leave the URL with the next change
    expect(Object.fromEntries(registerQueries()[0] ?? [])).toEqual({ level: 'high', limit: '100' });

    fireEvent.click(screen.getByRole('switch', { name: 'Review overdue' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ level: 'high', overdueReview: true }));
    await waitFor(() => expect(registerQueries().at(-1)?.get('overdueReview')).toBe('true'));

    type(screen.getByRole('searchbox', { name: 'Search' }), 'phishing staff');
    await waitFor(() => expect(router.state.location.search.q).toBe('phishing staff'));
    await waitFor(() => expect(registerQueries().at(-1)?.get('q')).toBe('phishing staff'));

    const titleHeader = screen.getByRole('columnheader', { name: 'Title' });
    expect(titleHeader.getAttribute('aria-sort')).toBeNull();
    expect(screen.getByRole('columnheader', { name: 'Key' }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(within(titleHeader).getByRole('button', { name: 'Title' }));
    await waitFor(() => expect(router.state.location.search.sort).toBe('title'));
    await waitFor(() =>
      expect(screen.getByRole('columnheader', { name: 'Title' }).getAttribute('aria-sort')).toBe('ascending'),
    );
    await waitFor(() => expect(registerQueries().at(-1)?.get('sort')).toBe('title'));

    fireEvent.click(within(screen.getByRole('columnheader', { name: 'Title' })).getByRole('button'));
    await waitFor(() => expect(router.state.location.search.direction).toBe('desc'));
    await waitFor(() => expect(registerQueries().at(-1)?.get('direction')).toBe('desc'));
    expect(Object.fromEntries(registerQueries().at(-1) ?? [])).toEqual({
      level: 'high',
      overdueReview: 'true',
      q: 'phishing staff',
      sort: 'title',
      direction: 'desc',
      limit: '100',
    });

    // the export follows the same filters
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const csv = await screen.findByRole('menuitem', { name: 'CSV' });
    expect(csv.getAttribute('href')).toBe(
      '/api/v1/risks/export?format=csv&level=high&overdueReview=true&q=phishing+staff&sort=title&direction=desc',
    );
    expect(csv.hasAttribute('download')).toBe(true);
    expect(screen.getByRole('menuitem', { name: 'PDF report for auditors' }).getAttribute('href')).toBe(
      '/api/v1/risks/report?level=high&overdueReview=true&q=phishing+staff&sort=title&direction=desc',
    );
    expect(
      screen.getByRole('menuitem', { name: 'Treatment plans as Excel (XLSX)' }).getAttribute('href'),
    ).toBe('/api/v1/risk-actions/export?format=xlsx');
  });

  it('asks the API for a heat-map cell and lets the filter be removed', async () => {
    server = await startApiServer(register([ACCESS]));
    const { router } = renderApp({
      path: '/risks?rating=residual&likelihood=2&impact=3&open=true',
      apiBaseUrl: server.baseUrl,
    });
    await screen.findByRole('link', { name: ACCESS.title });
    expect(Object.fromEntries(registerQueries()[0] ?? [])).toEqual({
      open: 'true',
      rating: 'residual',
      likelihood: '2',
      impact: '3',
      limit: '100',
    });
    fireEvent.click(
      screen.getByRole('button', {
        name: 'Remove the filter Residual likelihood 2 Unlikely, impact 3 Moderate',
      }),
    );
    await waitFor(() => expect(router.state.location.search).toEqual({ open: true }));
  });

  it('explains an empty register and offers to register or import the first risks', async () => {
    server = await startApiServer(register([]));
    renderApp({ path: '/risks', apiBaseUrl: server.baseUrl });
    const empty = await screen.findByText('No risks yet');
    const state = empty.closest('[role="status"]');
    if (!(state instanceof HTMLElement)) throw new Error('no status');
    expect(within(state).getByRole('button', { name: 'New risk' })).toBeTruthy();
    fireEvent.click(within(state).getByRole('button', { name: 'Import' }));
    await screen.findByRole('dialog', { name: 'Import risks' });
  });

  it('offers to clear filters that match nothing, keeping the sort', async () => {
    server = await startApiServer(register([]));
    const { router } = renderApp({ path: '/risks?tag=vpn&sort=title', apiBaseUrl: server.baseUrl });
    await screen.findByText('No risks match these filters');
    expect(screen.queryByText('No risks yet')).toBeNull();
    const clear = screen.getAllByRole('button', { name: 'Clear filters' });
    fireEvent.click(clear.at(-1) as HTMLElement);
    await waitFor(() => expect(router.state.location.search).toEqual({ sort: 'title' }));
  });

  it('loads the next page with the cursor of the last one', async () => {
    server = await startApiServer(
      register((request) => {
        const cursor = new URL(request.url, 'http://x').searchParams.get('cursor');
        return cursor === 'after-1'
          ? { status: 200, body: { items: [PHISHING], nextCursor: null } }
          : { status: 200, body: { items: [ACCESS], nextCursor: 'after-1' } };
      }),
    );
    renderApp({ path: '/risks?level=low', apiBaseUrl: server.baseUrl });
    await screen.findByRole('link', { name: ACCESS.title });
    expect(screen.getByText('1 risk shown, more match the filters')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByRole('link', { name: PHISHING.title });
    expect(screen.getByRole('link', { name: ACCESS.title })).toBeTruthy();
    expect(screen.getByText('2 risks shown, all that match')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(Object.fromEntries(registerQueries().at(-1) ?? [])).toEqual({
      level: 'low',
      limit: '100',
      cursor: 'after-1',
    });
  });
});

describe('Import dialog', () => {
  const report = (overrides: Partial<TRiskImportReport>): TRiskImportReport => ({
    dryRun: true,
    rowCount: 2,
    valid: true,
    imported: 0,
    problems: [],
    problemCount: 0,
    risks: [],
    ...overrides,
  });

  async function openImport(routes: Record<string, Route>) {
    server = await startApiServer({ ...register([ACCESS]), ...routes });
    renderApp({ path: '/risks', apiBaseUrl: server.baseUrl });
    await screen.findByRole('link', { name: ACCESS.title });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const dialog = await screen.findByRole('dialog', { name: 'Import risks' });
    expect(within(dialog).getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe(
      '/api/v1/risks/import-template?format=csv',
    );
    const input = dialog.querySelector('input[type="file"]');
    if (!input) throw new Error('no file input');
    expect(input.getAttribute('accept')).toContain('.csv,.xlsx');
    fireEvent.change(input, {
      target: { files: [new File(['title,owner\n'], 'risks.csv', { type: 'text/csv' })] },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Check file' }));
    return dialog;
  }

  it('shows the validation report of a file with problems, and imports nothing', async () => {
    const refused = report({
      valid: false,
      rowCount: 3,
      problemCount: 2,
      problems: [
        { row: 2, column: 'Owner email', problem: 'No member of the organisation has this email' },
        { row: 4, column: null, problem: 'The row has more cells than the header' },
      ],
    });
    const dialog = await openImport({
      'POST /api/v1/risks/import': problem(
        422,
        'import_invalid',
        'The file has problems; nothing was imported',
        {
          report: refused,
        },
      ),
    });
    await within(dialog).findByText('2 problems, nothing was imported');
    const table = within(dialog).getByRole('table', { name: 'Problems in the file' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      );
    expect(rows).toEqual([
      ['2', 'Owner email', 'No member of the organisation has this email'],
      ['4', 'Whole row', 'The row has more cells than the header'],
    ]);
    expect(within(dialog).queryByRole('button', { name: 'Import' })).toBeNull();
    expect(server?.changes()).toEqual(['POST /api/v1/risks/import?dryRun=true']);
  });

  it('checks a valid file, imports it, lists the created keys and refreshes the register', async () => {
    const dialog = await openImport({
      'POST /api/v1/risks/import': (request) =>
        request.url.includes('dryRun=true')
          ? { status: 200, body: report({}) }
          : {
              status: 200,
              body: report({
                dryRun: false,
                imported: 2,
                risks: [
                  { id: '01936f4e-0000-7000-8000-0000000000c7', key: 'RISK-7', title: 'Hosting outage' },
                  { id: '01936f4e-0000-7000-8000-0000000000c8', key: 'RISK-8', title: 'Vote stuffing' },
                ],
              }),
            },
    });
    await within(dialog).findByText('2 risks ready to import');
    const listsBefore = registerQueries().length;
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await within(dialog).findByText('2 risks imported');
    expect(within(dialog).getByRole('link', { name: 'RISK-7' }).getAttribute('href')).toBe(
      '/risks/01936f4e-0000-7000-8000-0000000000c7',
    );
    expect(within(dialog).getByRole('link', { name: 'RISK-8' })).toBeTruthy();
    expect(server?.changes()).toEqual(['POST /api/v1/risks/import?dryRun=true', 'POST /api/v1/risks/import']);
    await waitFor(() => expect(registerQueries().length).toBeGreaterThan(listsBefore));
  });
});
