import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TControl, TControlCheck, TMe } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { ACCESS_CONTROL_DETAIL, evidence } from '../controls/control-fixtures.ts';
import { addDays } from '../risk-actions/days.ts';
import { ADA, GRACE } from '../risks/risk-detail-fixtures.ts';
import { ACCESS_REVIEW, check, MFA_CHECK, person, RETIRED_CHECK, run, TODAY } from './check-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CONTROL: TControl = {
  ...ACCESS_CONTROL_DETAIL,
  health: {
    status: 'not_effective',
    result: 'not_effective',
    lastCheckedOn: '2026-10-01',
    activeChecks: 2,
    overdueChecks: 1,
    openFollowUps: 1,
    evidence: 2,
    staleEvidence: 1,
  },
};
const API = `/api/v1/controls/${CONTROL.id}`;

const POLICY_FILE = evidence({
  id: '01936f4e-0000-7000-8000-000000000301',
  key: 'EV-2',
  title: 'Access control policy v3',
  kind: 'file',
  file: { name: 'policy.pdf', type: 'pdf', mediaType: 'application/pdf', size: 1000, sha256: 'a'.repeat(64) },
  stale: true,
});
const REVIEW_LINK = evidence({
  id: '01936f4e-0000-7000-8000-000000000302',
  key: 'EV-1',
  title: 'Access review ticket',
  kind: 'link',
  url: 'https://tickets.example.test/42',
});
const PEN_TEST = evidence({
  id: '01936f4e-0000-7000-8000-000000000303',
  key: 'EV-5',
  title: 'Penetration test report',
  kind: 'file',
  controls: [],
});

const FAILED_RUN = run({
  id: '01936f4e-0000-7000-8000-000000000d01',
  result: 'not_effective',
  notes: 'Two former staff still had administrator rights.',
  evidence: [
    { id: POLICY_FILE.id, key: 'EV-2', title: POLICY_FILE.title, kind: 'file', stale: true, archived: false },
    {
      id: REVIEW_LINK.id,
      key: 'EV-1',
      title: REVIEW_LINK.title,
      kind: 'link',
      stale: false,
      archived: false,
    },
  ],
});
const EARLIER_RUN = run({
  id: '01936f4e-0000-7000-8000-000000000d00',
  result: 'effective',
  performedOn: '2026-03-09',
  performedBy: ADA,
});

function routes(options: { user?: TMe; checks?: TControlCheck[]; extra?: Record<string, Route> } = {}) {
  return {
    ...signedIn(options.user ?? me('security_officer')),
    [`GET ${API}`]: { status: 200, body: CONTROL },
    [`GET ${API}/evidence`]: { status: 200, body: { items: [POLICY_FILE, REVIEW_LINK] } },
    [`GET ${API}/checks`]: {
      status: 200,
      body: { items: options.checks ?? [ACCESS_REVIEW, MFA_CHECK, RETIRED_CHECK] },
    },
    [`GET ${API}/checks/${ACCESS_REVIEW.id}/runs`]: {
      status: 200,
      body: { items: [FAILED_RUN, EARLIER_RUN] },
    },
    'GET /api/v1/evidence': {
      status: 200,
      body: { items: [PEN_TEST, POLICY_FILE, REVIEW_LINK], nextCursor: null },
    },
    'GET /api/v1/people': {
      status: 200,
      body: { items: [person(ADA), person(GRACE, { role: 'security_officer' })], nextCursor: null },
    },
    ...options.extra,
  } satisfies Record<string, Route>;
}

async function openPage(options: Parameters<typeof routes>[0] = {}) {
  server = await startApiServer(routes(options));
  renderApp({ path: `/controls/${CONTROL.id}`, apiBaseUrl: server.baseUrl });
  await screen.findByRole('heading', { level: 1, name: 'A.5.15 · Access control' });
  return server;
}

const checkCard = (title: string) => screen.findByRole('article', { name: title });

describe('Checks of a control', () => {
  it('lists the checks with due flags, last result and follow-up, the health in detail, the runs, and retired checks folded away', async () => {
    await openPage();
    const section = screen.getByRole('region', { name: 'Checks' });

    const health = within(section).getByRole('group', { name: 'Health of A.5.15' });
    const fact = (label: string) =>
      within(health).getByText(label, { selector: 'dt' }).nextElementSibling as HTMLElement;
    expect(within(fact('Status')).getByText('Not effective')).toBeTruthy();
    expect(within(fact('Last checked')).getByText('Oct 1, 2026')).toBeTruthy();
    expect(within(fact('Overdue checks')).getByText('1')).toBeTruthy();
    expect(within(fact('Open follow-ups')).getByText('1')).toBeTruthy();
    expect(within(fact('Stale evidence')).getByText('1 of 2')).toBeTruthy();

    const review = await checkCard(ACCESS_REVIEW.title);
    expect(within(review).getByText('Overdue')).toBeTruthy();
    expect(within(review).getByText('Follow-up needed since Jun 10, 2026')).toBeTruthy();
    expect(within(review).getByText('Not effective')).toBeTruthy();
    expect(within(review).getByText('Test')).toBeTruthy();
    expect(within(review).getByText('Quarterly')).toBeTruthy();
    expect(within(review).getByText('Grace Hopper')).toBeTruthy();

    const mfa = await checkCard(MFA_CHECK.title);
    expect(within(mfa).getByText('Due soon')).toBeTruthy();
    expect(within(mfa).queryByText('Overdue')).toBeNull();
    expect(within(mfa).getByText('Effective')).toBeTruthy();
    expect(within(mfa).queryByText(/Follow-up needed/)).toBeNull();

    // Retired checks are folded away until asked for.
    expect(screen.queryByRole('article', { name: RETIRED_CHECK.title })).toBeNull();
    const retired = within(section).getByRole('button', { name: 'Retired check (1)' });
    expect(retired.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(retired);
    expect(retired.getAttribute('aria-expanded')).toBe('true');
    const old = await checkCard(RETIRED_CHECK.title);
    expect(within(old).getByText('Retired on Mar 1, 2026')).toBeTruthy();
    expect(within(old).queryByRole('button', { name: /^Record result/ })).toBeNull();
    expect(within(old).queryByRole('button', { name: /^Retire/ })).toBeNull();

    // The runs, newest first, with performer, notes, evidence and the follow-up flag.
    fireEvent.click(within(review).getByRole('button', { name: 'Show the runs' }));
    const runs = await within(review).findByRole('table', {
      name: `Runs of “${ACCESS_REVIEW.title}”, newest first`,
    });
    const [failed, earlier] = within(runs).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement];
    expect(within(failed).getByText('Jun 10, 2026')).toBeTruthy();
    expect(within(failed).getByText('Follow-up required')).toBeTruthy();
    expect(within(failed).getByText(FAILED_RUN.notes)).toBeTruthy();
    const file = within(failed).getByRole('link', { name: 'Download EV-2 · Access control policy v3' });
    expect(file.getAttribute('href')).toBe(`/api/v1/evidence/${POLICY_FILE.id}/file`);
    expect(within(failed).getByText('(stale)')).toBeTruthy();
    const link = within(failed).getByRole('link', { name: 'Open the link of EV-1 · Access review ticket' });
    expect(link.getAttribute('href')).toBe(REVIEW_LINK.url);
    expect(within(earlier).getByText('Ada Lovelace')).toBeTruthy();
    expect(within(earlier).getByText('Effective')).toBeTruthy();
    expect(within(earlier).queryByText('Follow-up required')).toBeNull();
    expect(within(earlier).getByText('No notes')).toBeTruthy();
  });

  it('records a result: notes are required unless effective, the date not in the future, and the body carries the evidence ids', async () => {
    const srv = await openPage({
      extra: {
        [`POST ${API}/checks/${ACCESS_REVIEW.id}/runs`]: (request) => ({
          status: 201,
          body: run({
            id: '01936f4e-0000-7000-8000-000000000d09',
            ...(request.body as { result: 'not_effective'; performedOn: string; notes: string }),
            evidence: [],
            nextDueOn: addDays(TODAY, 90),
          }),
        }),
      },
    });
    const review = await checkCard(ACCESS_REVIEW.title);
    fireEvent.click(
      within(review).getByRole('button', { name: `Record result for “${ACCESS_REVIEW.title}”` }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Record a result' });
    expect(within(dialog).getByText(/A recorded run cannot be changed/)).toBeTruthy();

    // Nothing chosen: the result is required.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record result' }));
    await within(dialog).findByText('Choose the result');

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Not effective' }));
    expect(within(dialog).getByText(/flagged for follow-up until an effective run/)).toBeTruthy();
    const performedOn = within(dialog).getByLabelText(/^Performed on/) as HTMLInputElement;
    expect(performedOn.value).toBe(TODAY);
    type(performedOn, addDays(TODAY, 1));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record result' }));
    await within(dialog).findByText(/A run is recorded once it is done/);
    const notes = within(dialog).getByLabelText(/^Notes/);
    expect(notes.getAttribute('aria-invalid')).toBe('true');
    expect(
      within(dialog).getByText('Say what was found: notes are required unless the result is effective'),
    ).toBeTruthy();
    expect(srv.changes()).toEqual([]);

    type(performedOn, TODAY);
    type(notes, 'Three administrator accounts without approval');
    // The control's own evidence first, then the rest of the library.
    const evidencePicker = within(dialog).getByRole('combobox', { name: 'Evidence' });
    fireEvent.click(evidencePicker);
    const listbox = await screen.findByRole('listbox');
    expect(within(listbox).getByText('Linked to A.5.15')).toBeTruthy();
    expect(within(listbox).getByText('Other evidence')).toBeTruthy();
    expect(
      within(listbox)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual([
      'EV-2 · Access control policy v3 (stale)',
      'EV-1 · Access review ticket',
      'EV-5 · Penetration test report',
    ]);
    for (const name of ['EV-2 · Access control policy v3 (stale)', 'EV-5 · Penetration test report']) {
      fireEvent.click(evidencePicker);
      fireEvent.click(await screen.findByRole('option', { name }));
    }
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record result' }));

    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Record a result' })).toBeNull());
    expect(srv.changes()).toEqual([`POST ${API}/checks/${ACCESS_REVIEW.id}/runs`]);
    expect(srv.requests.find((r) => r.method === 'POST')?.body).toEqual({
      result: 'not_effective',
      performedOn: TODAY,
      notes: 'Three administrator accounts without approval',
      evidenceIds: [POLICY_FILE.id, PEN_TEST.id],
    });
    // The checks, the control (its health) and the runs are fetched again.
    await waitFor(() =>
      expect(srv.requests.filter((r) => r.method === 'GET' && r.url === `${API}/checks`).length).toBe(2),
    );
    expect(srv.requests.filter((r) => r.method === 'GET' && r.url === API).length).toBe(2);
  });

  it('an effective result needs no notes and sends neither notes nor evidence', async () => {
    const srv = await openPage({
      extra: {
        [`POST ${API}/checks/${MFA_CHECK.id}/runs`]: {
          status: 201,
          body: run({
            id: '01936f4e-0000-7000-8000-000000000d0a',
            checkId: MFA_CHECK.id,
            result: 'effective',
          }),
        },
      },
    });
    const mfa = await checkCard(MFA_CHECK.title);
    fireEvent.click(within(mfa).getByRole('button', { name: `Record result for “${MFA_CHECK.title}”` }));
    const dialog = await screen.findByRole('dialog', { name: 'Record a result' });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Effective' }));
    expect(
      within(dialog)
        .getByLabelText(/^Notes/)
        .hasAttribute('required'),
    ).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record result' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Record a result' })).toBeNull());
    expect(srv.requests.find((r) => r.method === 'POST')?.body).toEqual({
      result: 'effective',
      performedOn: TODAY,
    });
  });

  it('a contributor records only the checks assigned to them and cannot manage checks', async () => {
    const theirs = check({ title: 'Firewall rule review', assignee: GRACE });
    const mine = check({ title: 'Joiner-mover-leaver sample', assignee: ADA });
    await openPage({ user: me('contributor'), checks: [theirs, mine] });

    const own = await checkCard(mine.title);
    expect(
      await within(own).findByRole('button', { name: `Record result for “${mine.title}”` }),
    ).toBeTruthy();
    const other = await checkCard(theirs.title);
    expect(within(other).queryByRole('button', { name: /^Record result/ })).toBeNull();
    for (const card of [own, other]) {
      expect(within(card).queryByRole('button', { name: /^Edit/ })).toBeNull();
      expect(within(card).queryByRole('button', { name: /^Retire/ })).toBeNull();
    }
    expect(screen.queryByRole('button', { name: 'Add check' })).toBeNull();
  });

  it('a reader sees the checks without any action', async () => {
    await openPage({ user: me('internal_auditor') });
    const review = await checkCard(ACCESS_REVIEW.title);
    expect(within(review).queryByRole('button', { name: /^Record result/ })).toBeNull();
    expect(within(review).getByRole('button', { name: 'Show the runs' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add check' })).toBeNull();
  });

  it('adds a check; the server’s refusal of the assignee shows under the assignee', async () => {
    let attempt = 0;
    const srv = await openPage({
      checks: [],
      extra: {
        [`POST ${API}/checks`]: (request) => {
          attempt += 1;
          if (attempt === 1)
            return problem(422, 'validation_failed', 'The request is not valid', {
              detail: 'Choose someone whose role may record checks',
              errors: [
                {
                  field: 'body.assigneeId',
                  message:
                    'Choose someone whose role may record checks: a contributor, security officer, admin or owner',
                },
              ],
            });
          return {
            status: 201,
            body: check({
              title: 'Restore test of the backups',
              ...(request.body as object),
              assignee: GRACE,
            }),
          };
        },
      },
    });
    expect(await screen.findByText('No checks yet: nobody tests whether this control works.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add check' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a check to A.5.15' });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add check' }));
    await within(dialog).findByText('Give the check a title');
    expect(within(dialog).getByText('Choose who carries the check out')).toBeTruthy();
    expect(srv.changes()).toEqual([]);

    type(within(dialog).getByLabelText(/^Title/), 'Restore test of the backups');
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Method/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Test' }));
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Frequency/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Half-yearly' }));
    type(
      within(dialog).getByLabelText(/^Procedure/),
      'Restore last night’s backup into the staging database.',
    );
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Assignee/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Grace Hopper' }));
    type(within(dialog).getByLabelText(/^First due on/), addDays(TODAY, 14));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add check' }));

    await within(dialog).findByText(/^Choose someone whose role may record checks: a contributor/);
    expect(
      within(dialog)
        .getByRole('combobox', { name: /^Assignee/ })
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(within(dialog).queryByRole('alert')).toBeNull();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add check' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a check to A.5.15' })).toBeNull());
    expect(srv.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      title: 'Restore test of the backups',
      method: 'test',
      procedure: 'Restore last night’s backup into the staging database.',
      frequency: 'half_yearly',
      assigneeId: GRACE.id,
      nextDueOn: addDays(TODAY, 14),
    });
  });

  it('edits a check sending only the changes with the version; a conflict offers the current version', async () => {
    const theirs = {
      ...MFA_CHECK,
      title: 'MFA enforced for all accounts',
      version: 2,
      updatedAt: '2026-11-30T10:00:00.000Z',
    };
    let attempt = 0;
    const srv = await openPage({
      extra: {
        [`PATCH ${API}/checks/${MFA_CHECK.id}`]: (request) => {
          attempt += 1;
          if (attempt === 1)
            return problem(409, 'conflict', 'This conflicts with the current state', {
              detail: 'The check was changed by someone else',
              current: theirs,
            });
          return { status: 200, body: { ...theirs, ...(request.body as object), version: 3 } };
        },
      },
    });
    const mfa = await checkCard(MFA_CHECK.title);
    fireEvent.click(within(mfa).getByRole('button', { name: `Edit “${MFA_CHECK.title}”` }));
    const dialog = await screen.findByRole('dialog', { name: `Edit the check “${MFA_CHECK.title}”` });
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Frequency/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Quarterly' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText('Someone else changed “MFA enforced for all accounts”');
    expect(srv.requests.find((r) => r.method === 'PATCH')?.body).toEqual({
      version: 1,
      frequency: 'quarterly',
    });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Load the current version' }));
    expect((within(dialog).getByLabelText(/^Title/) as HTMLInputElement).value).toBe(
      'MFA enforced for all accounts',
    );
    fireEvent.click(within(dialog).getByRole('combobox', { name: /^Frequency/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Quarterly' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(srv.requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({
      version: 2,
      frequency: 'quarterly',
    });
  });

  it('retires a check after a confirmation that says it is final', async () => {
    const srv = await openPage({
      extra: {
        [`POST ${API}/checks/${MFA_CHECK.id}/retire`]: {
          status: 200,
          body: { ...MFA_CHECK, retiredAt: '2026-12-01T10:00:00.000Z', version: 2 },
        },
      },
    });
    const mfa = await checkCard(MFA_CHECK.title);
    fireEvent.click(within(mfa).getByRole('button', { name: `Retire “${MFA_CHECK.title}”` }));
    const dialog = await screen.findByRole('dialog', { name: `Retire “${MFA_CHECK.title}”?` });
    expect(within(dialog).getByText('Retiring is final: it cannot be undone.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(srv.changes()).toEqual([]);

    fireEvent.click(within(mfa).getByRole('button', { name: `Retire “${MFA_CHECK.title}”` }));
    fireEvent.click(
      within(await screen.findByRole('dialog', { name: `Retire “${MFA_CHECK.title}”?` })).getByRole(
        'button',
        {
          name: 'Retire check',
        },
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(srv.changes()).toEqual([`POST ${API}/checks/${MFA_CHECK.id}/retire`]);
    expect(srv.requests.find((r) => r.method === 'POST')?.body).toEqual({ version: 1 });
  });
});
