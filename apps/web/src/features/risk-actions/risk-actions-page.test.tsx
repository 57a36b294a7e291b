import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TPerson, TRiskActionWithRisk } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordedRequest, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, ORGANISATION, signedIn } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { addDays, todayIn } from './days.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const today = todayIn(ORGANISATION.timeZone);
const RISK = {
  id: '01936f4e-0000-7000-8000-0000000000c1',
  key: 'RISK-3',
  title: 'Phishing of support staff',
};
const ADA = { id: '01936f4e-0000-7000-8000-0000000000b1', name: 'Ada Lovelace' };
const GRACE = { id: '01936f4e-0000-7000-8000-0000000000b2', name: 'Grace Hopper' };

function action(
  id: string,
  title: string,
  fields: Pick<TRiskActionWithRisk, 'dueOn' | 'status' | 'overdue' | 'owner'>,
): TRiskActionWithRisk {
  return {
    id,
    riskId: RISK.id,
    risk: RISK,
    title,
    description: '',
    completionNote: null,
    evidenceUrl: null,
    completedAt: null,
    createdAt: '2026-10-01T08:00:00.000Z',
    updatedAt: '2026-10-01T08:00:00.000Z',
    version: 1,
    ...fields,
  };
}

const LATE = action('01936f4e-0000-7000-8000-0000000000e1', 'Run a phishing exercise', {
  dueOn: addDays(today, -3),
  status: 'in_progress',
  overdue: true,
  owner: GRACE,
});
const SOON = action('01936f4e-0000-7000-8000-0000000000e2', 'Turn on hardware keys for support', {
  dueOn: addDays(today, 5),
  status: 'planned',
  overdue: false,
  owner: ADA,
});
const LATER = action('01936f4e-0000-7000-8000-0000000000e3', 'Review the support runbook', {
  dueOn: addDays(today, 40),
  status: 'planned',
  overdue: false,
  owner: GRACE,
});
const DONE = action('01936f4e-0000-7000-8000-0000000000e4', 'Write the reporting guide', {
  dueOn: addDays(today, -10),
  status: 'done',
  overdue: false,
  owner: ADA,
});

const ME_AS_PERSON: TPerson = {
  id: ADA.id,
  userId: me().user.id,
  name: ADA.name,
  email: me().user.email,
  role: 'owner',
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

/** The overview as the server filters it: overdue, owner and status from the query string. */
function overview(request: RecordedRequest) {
  const query = new URL(request.url, 'http://vigil.test').searchParams;
  const items = [LATE, SOON, LATER, DONE].filter(
    (item) =>
      (query.get('overdue') !== 'true' || item.overdue) &&
      (!query.get('ownerId') || item.owner.id === query.get('ownerId')) &&
      (!query.get('status') || item.status === query.get('status')),
  );
  return { status: 200, body: { items } };
}

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...signedIn(me('security_officer')),
    'GET /api/v1/risk-actions': overview,
    'GET /api/v1/people': { status: 200, body: { items: [ME_AS_PERSON], nextCursor: null } },
    ...extra,
  };
}

const overviewRequests = () =>
  (server?.requests ?? []).filter((r) => r.url.startsWith('/api/v1/risk-actions?')).map((r) => r.url);

describe('Treatment plans page', () => {
  it('lists every action with its risk, flags the overdue one in words, and counts them', async () => {
    server = await startApiServer(routes());
    renderApp({ path: '/risk-actions', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Treatment plans' });
    const table = await screen.findByRole('table', { name: 'Treatment actions' });

    const late = within(table).getByText('Run a phishing exercise').closest('tr') as HTMLElement;
    expect(within(late).getByText('Overdue')).toBeTruthy();
    expect(within(late).getByRole('link', { name: 'RISK-3' }).getAttribute('href')).toBe(`/risks/${RISK.id}`);
    const soon = within(table).getByText('Turn on hardware keys for support').closest('tr') as HTMLElement;
    expect(within(soon).queryByText('Overdue')).toBeNull();
    expect(within(soon).getByText('Planned')).toBeTruthy();

    const summary = screen.getByRole('region', { name: 'Treatment actions at a glance' });
    const figure = (label: string) => within(summary).getByText(label).parentElement?.textContent;
    expect(figure('Open actions')).toBe('Open actions3');
    expect(figure('Overdue')).toBe('Overdue1');
    expect(figure('Due in the next 7 days')).toBe('Due in the next 7 days1');
  });

  it('asks the server for overdue actions only, and exports under the same filters', async () => {
    server = await startApiServer(routes());
    renderApp({ path: '/risk-actions', apiBaseUrl: server.baseUrl });
    const table = await screen.findByRole('table', { name: 'Treatment actions' });
    await within(table).findByText('Review the support runbook');

    fireEvent.click(screen.getByRole('switch', { name: 'Overdue only' }));
    await waitFor(() => expect(within(table).queryByText('Review the support runbook')).toBeNull());
    expect(within(table).getByText('Run a phishing exercise')).toBeTruthy();
    expect(overviewRequests()).toContain('/api/v1/risk-actions?overdue=true&limit=500');

    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const csv = await screen.findByRole('menuitem', { name: 'CSV file' });
    expect(csv.getAttribute('href')).toBe('/api/v1/risk-actions/export?format=csv&overdue=true');
    const xlsx = screen.getByRole('menuitem', { name: 'Excel workbook (XLSX)' });
    expect(xlsx.getAttribute('href')).toBe('/api/v1/risk-actions/export?format=xlsx&overdue=true');
  });

  it('"My actions" filters by the signed-in person’s membership; no match offers to clear the filters', async () => {
    server = await startApiServer(routes());
    renderApp({ path: '/risk-actions', apiBaseUrl: server.baseUrl });
    const table = await screen.findByRole('table', { name: 'Treatment actions' });
    const mine = screen.getByRole('button', { name: 'My actions' });
    await waitFor(() => expect(mine.hasAttribute('disabled')).toBe(false));

    fireEvent.click(mine);
    await waitFor(() => expect(within(table).queryByText('Run a phishing exercise')).toBeNull());
    expect(mine.getAttribute('aria-pressed')).toBe('true');
    expect(overviewRequests()).toContain(`/api/v1/risk-actions?ownerId=${ADA.id}&limit=500`);

    fireEvent.click(screen.getByRole('switch', { name: 'Overdue only' }));
    await screen.findByText('No actions match these filters');
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findByText('Run a phishing exercise');
    expect(mine.getAttribute('aria-pressed')).toBe('false');
  });

  it('without any action, says where actions are planned', async () => {
    server = await startApiServer(
      routes({ 'GET /api/v1/risk-actions': { status: 200, body: { items: [] } } }),
    );
    renderApp({ path: '/risk-actions', apiBaseUrl: server.baseUrl });
    await screen.findByText('No treatment actions yet');
    expect(screen.getByRole('link', { name: 'Open the risk register' }).getAttribute('href')).toBe('/risks');
  });
});
