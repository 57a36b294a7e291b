import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TMe, TPerson, TRisk, TRiskAcceptance, TRiskAction } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { ACCEPTANCE, GRACE, HIGH, METHODOLOGY, RISK, riskAction } from './risk-detail-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PATH = `/risks/${RISK.id}`;
const API = `/api/v1/risks/${RISK.id}`;

const LATE = riskAction({
  id: '01936f4e-0000-7000-8000-0000000000e1',
  title: 'Check object ids against the consultation',
  dueOn: '2026-10-15',
  status: 'in_progress',
  overdue: true,
});
const DONE = riskAction({
  id: '01936f4e-0000-7000-8000-0000000000e2',
  title: 'Add an authorization test suite',
  status: 'done',
  completionNote: 'Suite runs in CI',
  evidenceUrl: 'https://ci.example.test/runs/42',
});

function routes(
  options: {
    user?: TMe;
    risk?: TRisk;
    actions?: TRiskAction[];
    acceptances?: TRiskAcceptance[];
    extra?: Record<string, Route>;
  } = {},
): Record<string, Route> {
  const risk = options.risk ?? RISK;
  return {
    ...signedIn(options.user ?? me('security_officer')),
    [`GET ${API}`]: { status: 200, body: risk },
    'GET /api/v1/risk-methodology': { status: 200, body: METHODOLOGY },
    [`GET ${API}/actions`]: { status: 200, body: { items: options.actions ?? [] } },
    [`GET ${API}/acceptances`]: {
      status: 200,
      body: { items: options.acceptances ?? [], state: risk.acceptance },
    },
    ...options.extra,
  };
}

async function openPage(options: Parameters<typeof routes>[0] = {}) {
  server = await startApiServer(routes(options));
  renderApp({ path: PATH, apiBaseUrl: server.baseUrl });
  await screen.findByRole('heading', { level: 1, name: `${RISK.key} · ${RISK.title}` });
  return server;
}

/** The risk owner Grace, as the people list shows her: the signed-in user of `me()`. */
const MY_MEMBERSHIP_PERSON: TPerson = {
  id: GRACE.id,
  userId: me().user.id,
  name: 'Grace Hopper',
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

/** The people search that finds the signed-in user's membership: Grace's, the risk owner. */
const MY_MEMBERSHIP: Record<string, Route> = {
  'GET /api/v1/people': { status: 200, body: { items: [MY_MEMBERSHIP_PERSON], nextCursor: null } },
};

const STALE_RISK: TRisk = {
  ...RISK,
  status: 'accepted',
  acceptance: { current: ACCEPTANCE, stale: true, staleReasons: ['rating_changed'] },
};

describe('Risk detail page', () => {
  it('shows the ratings, the treatment plan with overdue actions flagged, and the rating history', async () => {
    await openPage({ actions: [LATE, DONE] });
    const rating = screen.getByRole('region', { name: 'Rating' });
    expect(await within(rating).findByText('Likelihood: 4 · Likely')).toBeTruthy();
    expect(within(rating).getByText('Impact: 3 · Moderate')).toBeTruthy();
    expect(within(rating).getByText('High')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'ASSET-1 · Citizen submissions' })).toBeTruthy();
    expect(screen.getByText(/No controls treat this risk yet/)).toBeTruthy();

    const plan = await screen.findByRole('table', { name: 'Treatment actions of RISK-7' });
    const late = within(plan).getByRole('row', { name: /Check object ids/ });
    expect(within(late).getByText('Overdue')).toBeTruthy();
    const done = within(plan).getByRole('row', { name: /authorization test suite/ });
    expect(within(done).queryByText('Overdue')).toBeNull();
    expect(within(done).getByText('Done: Suite runs in CI')).toBeTruthy();
    expect(
      within(done)
        .getByRole('link', { name: /Evidence for “Add an authorization test suite”/ })
        .getAttribute('href'),
    ).toBe('https://ci.example.test/runs/42');
    expect(screen.getByText('1 action is overdue')).toBeTruthy();

    const history = screen.getByRole('table', { name: 'Every rating of RISK-7, newest first' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0] as HTMLElement).getByText('Penetration test found the flaw')).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('First assessment')).toBeTruthy();
    expect(within(rows[1] as HTMLElement).getByText('Not rated yet')).toBeTruthy();
    // Not rated with an outdated methodology version: no notice.
    expect(screen.queryByText(/Rated with an older methodology version/)).toBeNull();
  });

  it('says when an acceptance needs re-acceptance, and why; and when the rating is outdated', async () => {
    await openPage({
      risk: { ...STALE_RISK, methodologyVersion: 1 },
      acceptances: [ACCEPTANCE],
      extra: {
        'GET /api/v1/risk-methodology/versions/1': { status: 200, body: { ...METHODOLOGY, version: 1 } },
      },
    });
    const section = screen.getByRole('region', { name: 'Acceptance of the residual risk' });
    const banner = within(section).getByRole('alert');
    expect(within(banner).getByText('Needs re-acceptance')).toBeTruthy();
    expect(within(banner).getByText('The residual rating changed after acceptance')).toBeTruthy();
    expect(within(section).getByText('Ada Lovelace (Top management)')).toBeTruthy();
    expect(within(section).getByText('Compensating monitoring is in place until the fix ships')).toBeTruthy();
    const history = await within(section).findByRole('table', {
      name: 'Acceptances of RISK-7, newest first',
    });
    expect(within(history).getByText('Needs re-acceptance')).toBeTruthy();
    expect(
      screen.getByText(/Rated with an older methodology version \(1; the current one is 2\)/),
    ).toBeTruthy();
  });

  it('accepts the residual risk with the risk version; an acceptance beyond authority shows why', async () => {
    let attempt = 0;
    const srv = await openPage({
      risk: { ...RISK, residual: { likelihood: 4, impact: 4, level: HIGH }, level: HIGH },
      extra: {
        [`POST ${API}/acceptances`]: () => {
          attempt += 1;
          return attempt === 1
            ? problem(403, 'forbidden', 'You are not allowed to do this', {
                detail: 'Only top management may accept a High risk such as RISK-7 (methodology version 2)',
              })
            : {
                status: 201,
                body: { items: [ACCEPTANCE], state: { current: ACCEPTANCE, stale: false, staleReasons: [] } },
              };
        },
      },
    });
    fireEvent.click(screen.getAllByRole('button', { name: 'Accept residual risk' })[0] as HTMLElement);
    const dialog = await screen.findByRole('dialog', { name: 'Accept the residual risk of RISK-7' });
    expect(
      await within(dialog).findByText('Who may accept a residual risk at the High level: Top management.'),
    ).toBeTruthy();

    const justification = within(dialog).getByLabelText(/^Justification/);
    type(justification, 'Too short');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Accept the risk' }));
    await waitFor(() => expect(justification.getAttribute('aria-invalid')).toBe('true'));
    expect(srv.changes()).toEqual([]);

    type(justification, 'Monitoring covers the gap until the fix ships');
    type(within(dialog).getByLabelText(/^Expires on/), '2027-06-30');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Accept the risk' }));
    await within(dialog).findByText(/Only top management may accept a High risk such as RISK-7/);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Accept the risk' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog', { name: 'Accept the residual risk of RISK-7' })).toBeNull(),
    );
    const posts = srv.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.body)).toEqual([
      { justification: 'Monitoring covers the gap until the fix ships', expiresOn: '2027-06-30', version: 3 },
      { justification: 'Monitoring covers the gap until the fix ships', expiresOn: '2027-06-30', version: 3 },
    ]);
  });

  it('edits a risk sending only the changed fields and the version; a conflict offers the current version', async () => {
    const theirs: TRisk = {
      ...RISK,
      title: 'Their new title',
      version: 4,
      inherent: { ...RISK.inherent, level: HIGH },
    };
    let attempt = 0;
    const srv = await openPage({
      extra: {
        [`PATCH ${API}`]: () => {
          attempt += 1;
          return attempt === 1
            ? problem(409, 'conflict', 'This conflicts with the current state', {
                detail: 'RISK-7 was changed since you read it',
                current: theirs,
              })
            : { status: 200, body: { ...theirs, version: 5 } };
        },
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit RISK-7' });
    type(within(dialog).getByLabelText(/^Title/), 'Access control flaw exposes submissions');
    const residual = await within(dialog).findByRole('radiogroup', { name: 'Residual rating' });
    fireEvent.click(
      within(residual).getByRole('radio', { name: 'Likelihood 1 (Rare), impact 3 (Moderate): Low' }),
    );

    // A changed rating needs a reason.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    const reason = await within(dialog).findByLabelText(/^Reason for the rating/);
    await waitFor(() => expect(reason.getAttribute('aria-invalid')).toBe('true'));
    expect(srv.changes()).toEqual([]);
    type(reason, 'The fix is deployed');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await within(dialog).findByText('Someone else changed this risk while you were editing');
    expect(within(dialog).getByText(/“Their new title”, In treatment, owner Grace Hopper/)).toBeTruthy();
    expect(srv.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      version: 3,
      title: 'Access control flaw exposes submissions',
      residual: { likelihood: 1, impact: 3 },
      ratingReason: 'The fix is deployed',
    });

    // Loading their version discards the form's changes; saving again sends their version.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Load the current version' }));
    expect((within(dialog).getByLabelText(/^Title/) as HTMLInputElement).value).toBe('Their new title');
    type(within(dialog).getByLabelText(/^Category/), 'Application security');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit RISK-7' })).toBeNull());
    expect(srv.requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({
      version: 4,
      category: 'Application security',
    });
  });

  it('closes a risk with a reason and the version; withdraws an acceptance after confirmation', async () => {
    const accepted: TRisk = {
      ...RISK,
      status: 'accepted',
      acceptance: { current: ACCEPTANCE, stale: false, staleReasons: [] },
    };
    const srv = await openPage({
      risk: accepted,
      acceptances: [ACCEPTANCE],
      extra: {
        [`POST ${API}/close`]: { status: 200, body: { ...accepted, status: 'closed', version: 4 } },
        [`POST ${API}/acceptances/${ACCEPTANCE.id}/withdraw`]: {
          status: 200,
          body: { items: [ACCEPTANCE], state: { current: null, stale: false, staleReasons: [] } },
        },
      },
    });
    expect(screen.getByText(/^Accepted until/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Withdraw' }));
    const withdraw = await screen.findByRole('dialog', { name: 'Withdraw the acceptance of RISK-7?' });
    fireEvent.click(within(withdraw).getByRole('button', { name: 'Withdraw the acceptance' }));
    await within(withdraw).findByText('Say why');
    type(within(withdraw).getByLabelText(/^Reason/), 'The fix shipped early');
    fireEvent.click(within(withdraw).getByRole('button', { name: 'Withdraw the acceptance' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Close the risk' }));
    const close = await screen.findByRole('dialog', { name: 'Close RISK-7?' });
    type(within(close).getByLabelText(/^Reason/), 'The consultation platform was retired');
    fireEvent.click(within(close).getByRole('button', { name: 'Close the risk' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    expect(srv.changes()).toEqual([`POST ${API}/acceptances/${ACCEPTANCE.id}/withdraw`, `POST ${API}/close`]);
    const posts = srv.requests.filter((r) => r.method === 'POST').map((r) => r.body);
    expect(posts).toEqual([
      { reason: 'The fix shipped early' },
      { version: 3, reason: 'The consultation platform was retired' },
    ]);
  });

  it('adds an action to the treatment plan', async () => {
    const srv = await openPage({
      extra: {
        'GET /api/v1/people': {
          status: 200,
          body: { items: [MY_MEMBERSHIP_PERSON], nextCursor: null },
        },
        [`POST ${API}/actions`]: { status: 201, body: LATE },
      },
    });
    await screen.findByText('No actions planned yet.');
    fireEvent.click(screen.getByRole('button', { name: 'Add action' }));
    const dialog = await screen.findByRole('dialog', { name: 'New action for RISK-7' });
    type(within(dialog).getByLabelText(/^Title/), 'Check object ids');
    type(within(dialog).getByLabelText(/^Due date/), '2026-12-31');
    const evidence = within(dialog).getByLabelText(/^Evidence link/);
    type(evidence, 'not a link');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the action' }));
    // The owner is required, and the link must be one.
    await within(dialog).findByText('Give an http or https link');
    expect(within(dialog).getByText('Required')).toBeTruthy();
    expect(srv.changes()).toEqual([]);

    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Owner/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Grace Hopper' }));
    type(evidence, 'https://tracker.example.test/SEC-12');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add the action' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'New action for RISK-7' })).toBeNull());
    expect(srv.requests.find((r) => r.method === 'POST')?.body).toEqual({
      title: 'Check object ids',
      description: '',
      ownerId: GRACE.id,
      dueOn: '2026-12-31',
      status: 'planned',
      completionNote: null,
      evidenceUrl: 'https://tracker.example.test/SEC-12',
    });
  });

  it('shows a contributor the edit on the risks they own', async () => {
    await openPage({ user: me('contributor'), extra: MY_MEMBERSHIP });
    // Found by the contributor's email among the people: their membership is the risk owner's.
    await screen.findByRole('button', { name: 'Edit' });
    expect(screen.getByRole('button', { name: 'Close the risk' })).toBeTruthy();
  });

  it('shows a contributor no edit on a risk someone else owns', async () => {
    const srv = await openPage({
      user: me('contributor'),
      risk: { ...RISK, owner: { id: '01936f4e-0000-7000-8000-0000000000b9', name: 'Linus Torvalds' } },
      extra: MY_MEMBERSHIP,
    });
    await waitFor(() => expect(srv.requests.some((r) => r.url.startsWith('/api/v1/people?'))).toBe(true));
    await screen.findByText('No actions planned yet.');
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close the risk' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add action' })).toBeNull();
  });

  it('says when the risk does not exist, with a way back to the register', async () => {
    server = await startApiServer({
      ...signedIn(me('security_officer')),
      [`GET ${API}`]: problem(404, 'not_found', 'Not found', { detail: 'The risk does not exist' }),
    });
    renderApp({ path: PATH, apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'This risk does not exist' });
    expect(screen.getByRole('link', { name: 'Go to the risk register' }).getAttribute('href')).toBe('/risks');
  });
});
