import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TControlCheck, TMe } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { POLICIES } from '../controls/control-fixtures.ts';
import { ADA } from '../risks/risk-detail-fixtures.ts';
import { A_5_15, ACCESS_REVIEW, check, MFA_CHECK, person, run, TODAY } from './check-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const POLICY_REVIEW = check({
  title: 'Annual policy review',
  control: { id: POLICIES.id, key: POLICIES.key, title: POLICIES.title },
  frequency: 'yearly',
  assignee: ADA,
});

/** The answer of GET /api/v1/control-checks, chosen by its `due` filter and `assigneeId` like the server. */
function checksDue(request: { url: string }) {
  const query = new URLSearchParams(request.url.split('?')[1] ?? '');
  const all = [ACCESS_REVIEW, MFA_CHECK, POLICY_REVIEW];
  const due = query.get('due');
  const assigneeId = query.get('assigneeId');
  const items = all.filter(
    (item: TControlCheck) =>
      (due === 'overdue' ? item.overdue : due === 'soon' ? item.dueSoon : true) &&
      (assigneeId === null || item.assignee.id === assigneeId),
  );
  return { status: 200, body: { items } };
}

function routes(
  user: TMe = me('security_officer'),
  extra: Record<string, Route> = {},
): Record<string, Route> {
  return {
    ...signedIn(user),
    'GET /api/v1/control-checks': checksDue,
    'GET /api/v1/people': {
      status: 200,
      body: { items: [person(ADA, { role: user.role ?? 'contributor' })], nextCursor: null },
    },
    [`GET /api/v1/controls/${A_5_15.id}/evidence`]: { status: 200, body: { items: [] } },
    [`GET /api/v1/controls/${POLICIES.id}/evidence`]: { status: 200, body: { items: [] } },
    'GET /api/v1/evidence': { status: 200, body: { items: [], nextCursor: null } },
    ...extra,
  };
}

async function openPage(user?: TMe, extra?: Record<string, Route>) {
  server = await startApiServer(routes(user, extra));
  renderApp({ path: '/control-checks', apiBaseUrl: server.baseUrl });
  await screen.findByRole('heading', { level: 1, name: 'Checks due' });
  return server;
}

/** The query of the last request for the checks due. */
function lastQuery(): Record<string, string> {
  const last = server?.requests.filter((r) => r.url.startsWith('/api/v1/control-checks')).at(-1);
  return Object.fromEntries(new URLSearchParams(last?.url.split('?')[1] ?? ''));
}

function rowOf(table: HTMLElement, title: string): HTMLElement {
  const row = within(table).getByText(title).closest('tr');
  if (!row) throw new Error(`no row ${title}`);
  return row;
}

describe('Checks due', () => {
  it('shows the overdue checks first, then due soon or all, everyone’s or mine', async () => {
    await openPage();
    const table = await screen.findByRole('table', { name: 'Control checks due' });
    expect(lastQuery()).toEqual({ due: 'overdue', limit: '200' });
    const row = rowOf(table, ACCESS_REVIEW.title);
    const control = within(row).getByRole('link', { name: 'A.5.15' });
    expect(control.getAttribute('href')).toBe(`/controls/${A_5_15.id}`);
    expect(within(row).getByText('Access control')).toBeTruthy();
    expect(within(row).getByText('Overdue')).toBeTruthy();
    expect(within(row).getByText('Follow-up needed since Jun 10, 2026')).toBeTruthy();
    expect(within(row).getByText('Not effective')).toBeTruthy();
    expect(within(row).getByText('Test')).toBeTruthy();
    expect(within(row).getByText('Grace Hopper')).toBeTruthy();
    // A security officer records any check.
    expect(
      within(row).getByRole('button', { name: `Record result for “${ACCESS_REVIEW.title}”` }),
    ).toBeTruthy();
    expect(within(table).queryByText(MFA_CHECK.title)).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: 'Due within 7 days' }));
    await waitFor(() => expect(lastQuery()).toEqual({ due: 'soon', limit: '200' }));
    const soon = rowOf(await screen.findByRole('table', { name: 'Control checks due' }), MFA_CHECK.title);
    expect(within(soon).getByText('Due soon')).toBeTruthy();
    expect(within(soon).getByText('Automated')).toBeTruthy();
    expect(within(soon).getByText('Monthly')).toBeTruthy();

    // Mine: the checks assigned to my membership.
    const mine = screen.getByRole('button', { name: 'Mine' });
    await waitFor(() => expect(mine.hasAttribute('disabled')).toBe(false));
    fireEvent.click(mine);
    expect(mine.getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(lastQuery()).toEqual({ due: 'soon', assigneeId: ADA.id, limit: '200' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Overdue' }));
    await waitFor(() => expect(lastQuery()).toEqual({ due: 'overdue', assigneeId: ADA.id, limit: '200' }));
    const empty = (await screen.findByText('None of your checks are overdue')).closest('[role="status"]');
    if (!(empty instanceof HTMLElement)) throw new Error('no empty state');

    fireEvent.click(within(empty).getByRole('button', { name: 'Show every active check' }));
    await waitFor(() => expect(lastQuery()).toEqual({ due: 'all', limit: '200' }));
    const all = await screen.findByRole('table', { name: 'Control checks due' });
    expect(within(all).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Mine' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('says when nothing is overdue', async () => {
    await openPage(me('security_officer'), {
      'GET /api/v1/control-checks': { status: 200, body: { items: [] } },
    });
    const empty = (await screen.findByText('No checks are overdue')).closest('[role="status"]');
    if (!(empty instanceof HTMLElement)) throw new Error('no empty state');
    expect(within(empty).getByText('Every check has been run on time.')).toBeTruthy();
    expect(within(empty).getByRole('button', { name: 'Show every active check' })).toBeTruthy();
  });

  it('lets a contributor record only the checks assigned to them, in the same dialog', async () => {
    const srv = await openPage(me('contributor'), {
      [`POST /api/v1/controls/${POLICIES.id}/checks/${POLICY_REVIEW.id}/runs`]: {
        status: 201,
        body: run({
          id: '01936f4e-0000-7000-8000-000000000d0b',
          checkId: POLICY_REVIEW.id,
          result: 'effective',
        }),
      },
    });
    fireEvent.click(screen.getByRole('radio', { name: 'All' }));
    const table = await screen.findByRole('table', { name: 'Control checks due' });
    await waitFor(() => expect(lastQuery()).toEqual({ due: 'all', limit: '200' }));
    const own = rowOf(table, POLICY_REVIEW.title);
    const record = await within(own).findByRole('button', {
      name: `Record result for “${POLICY_REVIEW.title}”`,
    });
    expect(within(rowOf(table, ACCESS_REVIEW.title)).queryByRole('button')).toBeNull();
    expect(within(rowOf(table, MFA_CHECK.title)).getByRole('button')).toBeTruthy();

    fireEvent.click(record);
    const dialog = await screen.findByRole('dialog', { name: 'Record a result' });
    expect(within(dialog).getByText(`A.5.1 · ${POLICY_REVIEW.title}`)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Partly effective' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record result' }));
    await within(dialog).findByText('Say what was found: notes are required unless the result is effective');
    type(within(dialog).getByLabelText(/^Notes/), 'The policy lacks a section on remote work');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record result' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(srv.requests.find((r) => r.method === 'POST')?.body).toEqual({
      result: 'partly_effective',
      performedOn: TODAY,
      notes: 'The policy lacks a section on remote work',
    });
  });
});
