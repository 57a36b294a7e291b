import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  DEFAULT_METHODOLOGY,
  type TLevelRef,
  type TMethodology,
  type TRiskAssessmentComparison,
  type TRiskAssessmentSummary,
  type TRiskSnapshot,
} from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const METHODOLOGY: TMethodology = {
  ...DEFAULT_METHODOLOGY,
  id: '01936f4e-0000-7000-8000-000000000a01',
  version: 1,
  current: true,
  createdAt: '2026-01-05T08:00:00.000Z',
  createdBy: null,
};
const LOW: TLevelRef = { key: 'low', label: 'Low', colour: '#2b8a3e' };
const MEDIUM: TLevelRef = { key: 'medium', label: 'Medium', colour: '#e67700' };
const HIGH: TLevelRef = { key: 'high', label: 'High', colour: '#c92a2a' };
const OFFICER = { id: '01936f4e-0000-7000-8000-0000000000b1', name: 'Ada Lovelace' };

function summary(n: number, title: string, runAt: string): TRiskAssessmentSummary {
  return {
    id: `01936f4e-0000-7000-8000-00000000f00${n}`,
    number: n,
    title,
    notes: '',
    methodologyVersion: 1,
    riskCount: 8,
    runBy: OFFICER,
    runAt,
  };
}

const FIRST = summary(1, 'Q2 planned review', '2026-06-30T09:00:00.000Z');
const SECOND = summary(2, 'Q3 planned review', '2026-09-30T09:00:00.000Z');
const THIRD = summary(3, 'After the hosting move', '2026-11-20T09:00:00.000Z');
/** Newest first, as the server lists them. */
const ALL = [THIRD, SECOND, FIRST];

function snapshot(
  n: number,
  title: string,
  level: TLevelRef,
  status: TRiskSnapshot['status'],
): TRiskSnapshot {
  return {
    riskId: `01936f4e-0000-7000-8000-0000000000c${n}`,
    key: `RISK-${n}`,
    title,
    owner: OFFICER,
    status,
    treatment: 'mitigate',
    methodologyVersion: 1,
    inherent: { likelihood: 3, impact: 4, level },
    residual: null,
    level,
    nextReviewOn: '2027-02-20',
    acceptance: null,
  };
}

function comparison(from: TRiskAssessmentSummary, to: TRiskAssessmentSummary): TRiskAssessmentComparison {
  return {
    from,
    to,
    added: [snapshot(7, 'Vote stuffing in a survey', HIGH, 'identified')],
    removed: [snapshot(2, 'Outdated TLS configuration', LOW, 'treatment_planned')],
    ratingChanged: [
      {
        riskId: '01936f4e-0000-7000-8000-0000000000c5',
        key: 'RISK-5',
        from: {
          methodologyVersion: 1,
          inherent: { likelihood: 3, impact: 3, level: MEDIUM },
          residual: null,
          level: MEDIUM,
        },
        to: {
          methodologyVersion: 1,
          inherent: { likelihood: 4, impact: 4, level: HIGH },
          residual: null,
          level: HIGH,
        },
      },
    ],
    unchanged: 6,
  };
}

function routes(items: TRiskAssessmentSummary[], extra: Record<string, Route> = {}): Record<string, Route> {
  const byId = new Map(ALL.map((a) => [a.id, a]));
  return {
    ...signedIn(me('security_officer')),
    'GET /api/v1/risk-methodology': { status: 200, body: METHODOLOGY },
    'GET /api/v1/risk-assessments': { status: 200, body: { items } },
    'GET /api/v1/risk-assessments/compare': (request) => {
      const query = new URL(request.url, 'http://vigil.test').searchParams;
      const from = byId.get(query.get('from') ?? '');
      const to = byId.get(query.get('to') ?? '');
      return from && to ? { status: 200, body: comparison(from, to) } : { status: 404, body: null };
    },
    ...extra,
  };
}

const compareRequests = () =>
  (server?.requests ?? [])
    .filter((r) => r.url.startsWith('/api/v1/risk-assessments/compare'))
    .map((r) => r.url);

describe('Risk assessments page', () => {
  it('compares the previous with the latest by default: new, closed or removed, and changed ratings', async () => {
    server = await startApiServer(routes(ALL));
    renderApp({ path: '/risk-assessments', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Risk assessments' });

    const added = await screen.findByRole('region', { name: 'New risks (1)' });
    expect(compareRequests()).toEqual([`/api/v1/risk-assessments/compare?from=${SECOND.id}&to=${THIRD.id}`]);
    expect(within(added).getByRole('link', { name: 'RISK-7' }).getAttribute('href')).toBe(
      '/risks/01936f4e-0000-7000-8000-0000000000c7',
    );
    expect(within(added).getByText('Vote stuffing in a survey')).toBeTruthy();

    const removed = screen.getByRole('region', { name: 'Closed or removed risks (1)' });
    expect(within(removed).getByText('Outdated TLS configuration')).toBeTruthy();
    expect(within(removed).getByText('Low')).toBeTruthy();

    const changed = screen.getByRole('region', { name: 'Rating changed (1)' });
    const row = within(changed).getByRole('link', { name: 'RISK-5' }).closest('tr') as HTMLElement;
    const cells = within(row).getAllByRole('cell');
    expect(cells[1]?.textContent).toBe('MediumLikelihood 3, impact 3');
    expect(cells[2]?.textContent).toBe('HighLikelihood 4, impact 4');
    expect(cells[3]?.textContent).toBe('Raised');

    const counts = screen.getByRole('list', { name: 'Between assessment 2 and assessment 3' });
    expect(
      within(counts)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['New risks1', 'Closed or removed1', 'Rating changed1', 'Unchanged6']);
  });

  it('takes the pair from the URL and keeps a new choice there', async () => {
    server = await startApiServer(routes(ALL));
    const { router } = renderApp({
      path: `/risk-assessments?from=${FIRST.id}&to=${THIRD.id}`,
      apiBaseUrl: server.baseUrl,
    });
    await screen.findByRole('region', { name: 'New risks (1)' });
    expect(compareRequests()).toEqual([`/api/v1/risk-assessments/compare?from=${FIRST.id}&to=${THIRD.id}`]);
    const from = screen.getByRole('combobox', { name: 'From (earlier)' }) as HTMLInputElement;
    expect(from.value).toBe('#1 · Q2 planned review · Jun 30, 2026');

    fireEvent.click(from);
    fireEvent.click(await screen.findByRole('option', { name: '#2 · Q3 planned review · Sep 30, 2026' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ from: SECOND.id, to: THIRD.id }));
    await waitFor(() =>
      expect(compareRequests()).toContain(
        `/api/v1/risk-assessments/compare?from=${SECOND.id}&to=${THIRD.id}`,
      ),
    );
  });

  it('drops an id that is not valid, or not a listed assessment, for the default', async () => {
    server = await startApiServer(routes(ALL));
    renderApp({
      path: `/risk-assessments?from=1%20or%201=1&to=01936f4e-0000-7000-8000-00000000ffff`,
      apiBaseUrl: server.baseUrl,
    });
    await screen.findByRole('region', { name: 'New risks (1)' });
    expect(compareRequests()).toEqual([`/api/v1/risk-assessments/compare?from=${SECOND.id}&to=${THIRD.id}`]);
  });

  it('shows one frozen snapshot: its risks with their ratings, and how many of each level', async () => {
    const stale = {
      ...snapshot(4, 'Personal data kept past a consultation’s end', MEDIUM, 'accepted'),
      acceptance: {
        acceptanceId: '01936f4e-0000-7000-8000-0000000000d4',
        acceptedBy: 'Grace Hopper',
        expiresOn: '2026-10-31',
        stale: true,
        staleReasons: ['expired' as const],
      },
    };
    server = await startApiServer(
      routes(ALL, {
        [`GET /api/v1/risk-assessments/${THIRD.id}`]: {
          status: 200,
          body: {
            ...THIRD,
            items: [
              snapshot(1, 'Broken access control exposes submissions', HIGH, 'in_treatment'),
              stale,
              snapshot(6, 'Hosting outage during a consultation', MEDIUM, 'assessed'),
            ],
          },
        },
      }),
    );
    renderApp({ path: '/risk-assessments', apiBaseUrl: server.baseUrl });
    fireEvent.click(await screen.findByRole('button', { name: 'View assessment 3' }));
    const dialog = await screen.findByRole('dialog', { name: 'Assessment 3: After the hosting move' });
    const levels = await within(dialog).findByRole('list', { name: 'Risks by level' });
    expect(
      within(levels)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['High1 risk', 'Medium2 risks']);
    const table = within(dialog).getByRole('table', { name: 'Risks in assessment 3' });
    const row = within(table).getByRole('link', { name: 'RISK-4' }).closest('tr') as HTMLElement;
    expect(within(row).getByText('Needs re-acceptance')).toBeTruthy();
    expect(within(row).getByText('Accepted')).toBeTruthy();
    expect(within(row).getByText('Likelihood 3, impact 4')).toBeTruthy();
  });

  it('with one assessment, explains that comparing needs two', async () => {
    server = await startApiServer(routes([FIRST]));
    renderApp({ path: '/risk-assessments', apiBaseUrl: server.baseUrl });
    await screen.findByText(/Comparing needs two assessments, and there is one so far/);
    expect(screen.getByRole('table', { name: 'Risk assessments run' })).toBeTruthy();
    expect(compareRequests()).toEqual([]);
  });

  it('without any, explains 8.2 and runs the first one after a confirmation', async () => {
    server = await startApiServer(
      routes([], {
        'POST /api/v1/risk-assessments': {
          status: 201,
          body: { ...FIRST, title: 'Baseline', items: [] },
        },
      }),
    );
    renderApp({ path: '/risk-assessments', apiBaseUrl: server.baseUrl });
    await screen.findByText('No risk assessment yet');
    expect(screen.getByText(/assess your information security risks at planned intervals/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Run the first assessment' }));
    const dialog = await screen.findByRole('dialog', { name: 'Run a risk assessment' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    const title = within(dialog).getByLabelText(/^Title/);
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    type(title, 'Baseline');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));

    const confirm = await screen.findByRole('dialog', { name: 'Freeze the register now?' });
    expect(within(confirm).getByText(/records “Baseline” as assessment 1/)).toBeTruthy();
    expect(server.changes()).toEqual([]);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Run the assessment' }));
    await waitFor(() => expect(server?.changes()).toEqual(['POST /api/v1/risk-assessments']));
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({ title: 'Baseline' });
  });

  it('a role without risk_assessment:run is told whom to ask', async () => {
    server = await startApiServer({ ...routes([]), ...signedIn(me('internal_auditor')) });
    renderApp({ path: '/risk-assessments', apiBaseUrl: server.baseUrl });
    await screen.findByText('No risk assessment yet');
    expect(screen.getByText(/Your role cannot run assessments/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Run the first assessment' })).toBeNull();
  });
});
