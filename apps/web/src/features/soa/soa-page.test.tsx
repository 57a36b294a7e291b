import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type {
  TControl,
  TSoa,
  TSoaComparison,
  TSoaCurrentEntry,
  TSoaEntry,
  TSoaSummary,
  TSoaVersionSummary,
  TSoaWarning,
} from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { GRACE } from '../risks/risk-detail-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const RISK_1 = {
  id: '01936f4e-0000-7000-8000-0000000000c1',
  key: 'RISK-1',
  title: 'Broken access control',
  status: 'in_treatment',
  treatment: 'mitigate',
} as const;

function entry(
  overrides: Partial<TSoaCurrentEntry> & Pick<TSoaCurrentEntry, 'controlId' | 'key' | 'title'>,
): TSoaCurrentEntry {
  return {
    source: 'annex_a',
    theme: 'organisational',
    description: '',
    applicability: 'undecided',
    inclusionReasons: [],
    inclusionNote: null,
    exclusionJustification: null,
    implementationStatus: 'not_started',
    inheritedFrom: null,
    implementationDescription: '',
    owner: null,
    targetDate: null,
    risks: [],
    health: null,
    controlVersion: 1,
    ...overrides,
  };
}

const POLICIES = entry({
  controlId: '01936f4e-0000-7000-8000-000000000d01',
  key: 'A.5.1',
  title: 'Policies for information security',
  applicability: 'applicable',
  inclusionReasons: ['risk_treatment', 'legal_regulatory'],
  inclusionNote: 'Required by NIS2',
  implementationStatus: 'implemented',
  owner: GRACE,
  risks: [RISK_1],
  health: { status: 'effective', lastCheckedOn: '2026-10-01' },
  controlVersion: 4,
});

const PERIMETER = entry({
  controlId: '01936f4e-0000-7000-8000-000000000d02',
  key: 'A.7.1',
  title: 'Physical security perimeters',
  theme: 'physical',
  applicability: 'applicable',
  inclusionReasons: ['business_need'],
  implementationStatus: 'inherited',
  inheritedFrom: 'Hetzner Online',
  health: { status: 'not_effective', lastCheckedOn: '2026-09-15' },
});

const SOURCE_CODE = entry({
  controlId: '01936f4e-0000-7000-8000-000000000d03',
  key: 'A.8.4',
  title: 'Access to source code',
  theme: 'technological',
  applicability: 'not_applicable',
});

const WARNINGS: TSoaWarning[] = [
  {
    kind: 'exclusion_unjustified',
    subject: { type: 'control', id: SOURCE_CODE.controlId, key: 'A.8.4' },
    message: 'A.8.4 is not applicable without a justification: say why it is excluded',
  },
  {
    kind: 'risk_without_control',
    subject: { type: 'risk', id: '01936f4e-0000-7000-8000-0000000000c2', key: 'RISK-2' },
    message: 'RISK-2 is treated by mitigation but no control treats it: link a control',
  },
];

const SUMMARY: TSoaSummary = {
  controls: 3,
  annexA: 3,
  custom: 0,
  applicable: 2,
  notApplicable: 1,
  undecided: 0,
  implementation: { not_started: 0, planned: 0, partially_implemented: 0, implemented: 1, inherited: 1 },
  warnings: 2,
};

const SOA: TSoa = {
  latestVersion: 2,
  summary: SUMMARY,
  warnings: WARNINGS,
  items: [POLICIES, PERIMETER, SOURCE_CODE],
};

const APPROVER = {
  id: '01936f4e-0000-7000-8000-0000000000b3',
  name: 'Hedy Lamarr',
  role: 'top_management',
} as const;

const V1: TSoaVersionSummary = {
  id: '01936f4e-0000-7000-8000-000000000e01',
  number: 1,
  approvedBy: APPROVER,
  approvedAt: '2026-06-01T09:00:00.000Z',
  approvalNote: 'First SoA, approved in the management review',
  summary: SUMMARY,
  acknowledgedWarnings: [],
};

const V2: TSoaVersionSummary = {
  ...V1,
  id: '01936f4e-0000-7000-8000-000000000e02',
  number: 2,
  approvedAt: '2026-09-01T09:00:00.000Z',
  approvalNote: '',
  acknowledgedWarnings: [WARNINGS[0] as TSoaWarning],
};

function frozen({ controlVersion: _version, ...rest }: TSoaCurrentEntry): TSoaEntry {
  return rest;
}

function routes(role = me('security_officer'), extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...signedIn(role),
    'GET /api/v1/soa': { status: 200, body: SOA },
    'GET /api/v1/soa/versions': { status: 200, body: { items: [V2, V1] } },
    'GET /api/v1/soa/versions/compare': {
      status: 200,
      body: {
        from: V1,
        to: V2,
        added: [],
        removed: [],
        changed: [
          {
            controlId: POLICIES.controlId,
            key: 'A.5.1',
            fields: ['applicability', 'risks'],
            from: frozen({ ...POLICIES, applicability: 'undecided', risks: [] }),
            to: frozen(POLICIES),
          },
        ],
        unchanged: 2,
      } satisfies TSoaComparison,
    },
    ...extra,
  };
}

async function openSoa(role = me('security_officer'), extra: Record<string, Route> = {}) {
  server = await startApiServer(routes(role, extra));
  renderApp({ path: '/soa', apiBaseUrl: server.baseUrl });
  await screen.findByRole('heading', { level: 1, name: 'Statement of Applicability' });
  return screen.findByRole('table', { name: 'Organisational controls' });
}

function rowOf(table: HTMLElement, key: string): HTMLElement {
  const row = within(table).getByRole('link', { name: key }).closest('tr');
  if (!row) throw new Error(`no row ${key}`);
  return row;
}

describe('Statement of Applicability', () => {
  it('shows the counts, the warnings with links to fix them, and every control by theme', async () => {
    const organisational = await openSoa();

    const figures = screen.getByRole('list', { name: 'Counts of the controls' });
    expect(within(figures).getByText('3 Annex A, 0 own')).toBeTruthy();
    expect(screen.getByText(/Latest published version: 2\./)).toBeTruthy();

    const warnings = screen.getByRole('list', { name: 'Completeness warnings' });
    expect(within(warnings).getByRole('link', { name: 'A.8.4' }).getAttribute('href')).toBe(
      `/controls/${SOURCE_CODE.controlId}`,
    );
    expect(within(warnings).getByRole('link', { name: 'RISK-2' }).getAttribute('href')).toBe(
      '/risks/01936f4e-0000-7000-8000-0000000000c2',
    );
    expect(within(warnings).getByText('Exclusion not justified')).toBeTruthy();
    expect(within(warnings).getByText(WARNINGS[1]?.message ?? '')).toBeTruthy();

    const policies = rowOf(organisational, 'A.5.1');
    expect(within(policies).getByRole('link', { name: 'A.5.1' }).getAttribute('href')).toBe(
      `/controls/${POLICIES.controlId}`,
    );
    expect(
      within(policies)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      'A.5.1',
      'Policies for information security',
      'Applicable',
      'Risk treatment, Legal or regulatory requirementRequired by NIS2',
      'Implemented',
      'Grace Hopper',
      'RISK-1',
      'Effectivechecked on Oct 1, 2026',
      'Edit',
    ]);
    expect(within(policies).getByRole('link', { name: 'RISK-1' }).getAttribute('href')).toBe(
      `/risks/${RISK_1.id}`,
    );

    const physical = screen.getByRole('table', { name: 'Physical controls' });
    const perimeter = rowOf(physical, 'A.7.1');
    expect(within(perimeter).getByText('Inherited from Hetzner Online')).toBeTruthy();
    expect(within(perimeter).getByText('No owner')).toBeTruthy();
    expect(within(perimeter).getByText('Not effective')).toBeTruthy();

    const technological = screen.getByRole('table', { name: 'Technological controls' });
    const sourceCode = rowOf(technological, 'A.8.4');
    expect(within(sourceCode).getByText('No justification yet')).toBeTruthy();
    expect(within(sourceCode).getByText('Not checked yet')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect((await screen.findByRole('menuitem', { name: 'Excel (XLSX)' })).getAttribute('href')).toBe(
      '/api/v1/soa/export?format=xlsx',
    );
    expect(screen.getByRole('menuitem', { name: 'PDF' }).getAttribute('href')).toBe(
      '/api/v1/soa/export?format=pdf',
    );
  });

  it('publishes only with the warnings acknowledged, and sends acknowledgeWarnings', async () => {
    await openSoa(me('security_officer'), {
      'POST /api/v1/soa/versions': (request) => ({
        status: 201,
        body: {
          ...V2,
          id: '01936f4e-0000-7000-8000-000000000e03',
          number: 3,
          approvalNote: (request.body as { approvalNote: string }).approvalNote,
          items: [],
        },
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Publish version' }));
    const dialog = await screen.findByRole('dialog', { name: 'Publish version 3' });
    expect(within(dialog).getByText('The SoA has 2 completeness warnings')).toBeTruthy();
    type(within(dialog).getByLabelText(/^Approval note/), 'Approved in the Q4 management review');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish' }));
    const acknowledge = within(dialog).getByRole('checkbox', {
      name: 'I acknowledge the 2 warnings and publish this version with them',
    });
    await waitFor(() => expect(acknowledge.getAttribute('aria-invalid')).toBe('true'));
    expect(
      within(dialog).getByText('Acknowledge the warnings to publish with them, or fix them first'),
    ).toBeTruthy();
    expect(server?.changes()).toEqual([]);

    fireEvent.click(acknowledge);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish' }));
    await screen.findByText('Version 3 of the SoA was published');
    const post = server?.requests.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/api/v1/soa/versions');
    expect(post?.body).toEqual({
      approvalNote: 'Approved in the Q4 management review',
      acknowledgeWarnings: true,
    });
  });

  it('shows the server’s refusal when warnings appeared after the page loaded', async () => {
    server = await startApiServer({
      ...routes(),
      'GET /api/v1/soa': {
        status: 200,
        body: { ...SOA, warnings: [], summary: { ...SUMMARY, warnings: 0 } },
      },
      'POST /api/v1/soa/versions': problem(422, 'validation_failed', 'Validation failed', {
        detail: 'The SoA has one completeness warning: fix them, or acknowledge them to publish anyway',
        errors: [
          {
            field: 'body.acknowledgeWarnings',
            message: 'Acknowledge the one completeness warning to publish this version with them',
          },
        ],
        warnings: [WARNINGS[0]],
      }),
    });
    renderApp({ path: '/soa', apiBaseUrl: server.baseUrl });
    await screen.findByText(/No warnings: every control is decided/);
    fireEvent.click(screen.getByRole('button', { name: 'Publish version' }));
    const dialog = await screen.findByRole('dialog', { name: 'Publish version 3' });
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publish' }));
    await within(dialog).findByText(
      'Acknowledge the one completeness warning to publish this version with them',
    );
    expect(
      within(dialog).getByRole('checkbox', {
        name: 'I acknowledge the 1 warning and publish this version with it',
      }),
    ).toBeTruthy();
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({});
  });

  it('edits a row in place with the control’s version, and shows field errors and a conflict', async () => {
    const current: TControl = {
      ...frozen(POLICIES),
      id: POLICIES.controlId,
      attributes: { controlTypes: [], properties: [], concepts: [], capabilities: [], domains: [] },
      newIn2022: false,
      applicability: 'not_applicable',
      exclusionJustification: 'Nothing to protect',
      createdAt: '2026-06-01T09:00:00.000Z',
      updatedAt: '2026-11-01T09:00:00.000Z',
      version: 5,
      crosswalk: { csf: [], sp80053: [] },
      health: {
        status: 'unchecked',
        result: null,
        lastCheckedOn: null,
        activeChecks: 0,
        overdueChecks: 0,
        openFollowUps: 0,
        evidence: 0,
        staleEvidence: 0,
      },
    };
    const answers = [
      problem(422, 'validation_failed', 'Validation failed', {
        detail: 'Say why the control is excluded',
        errors: [
          {
            field: 'body.exclusionJustification',
            message:
              'Say why the control is excluded: the Statement of Applicability must justify every exclusion',
          },
        ],
      }),
      problem(409, 'conflict', 'Conflict', {
        detail: 'A.5.1 was changed by someone else: review the current values and try again',
        current,
      }),
      {
        status: 200,
        body: { ...current, exclusionJustification: 'Covered by the group policy', version: 6 },
      },
    ];
    const table = await openSoa(me('security_officer'), {
      'PATCH /api/v1/controls/01936f4e-0000-7000-8000-000000000d01': () => answers.shift() ?? answers[0],
    } as Record<string, Route>);

    fireEvent.click(within(rowOf(table, 'A.5.1')).getByRole('button', { name: 'Edit A.5.1 in the SoA' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit A.5.1 Policies for information security',
    });
    expect(within(dialog).getByRole('radio', { name: 'Applicable' })).toHaveProperty('checked', true);
    expect(within(dialog).getByRole('checkbox', { name: 'Risk treatment' })).toHaveProperty('checked', true);
    expect(within(dialog).getByLabelText(/^Justification note/)).toHaveProperty('value', 'Required by NIS2');

    fireEvent.click(within(dialog).getByRole('radio', { name: 'Not applicable' }));
    const exclusion = within(dialog).getByLabelText(/^Why it is excluded/);
    type(exclusion, ' ');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText(
      'Say why the control is excluded: the Statement of Applicability must justify every exclusion',
    );
    expect(exclusion.getAttribute('aria-invalid')).toBe('true');

    type(exclusion, 'Nothing to protect here');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await within(dialog).findByText(
      'A.5.1 was changed by someone else: review the current values and try again',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Load the current version' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText(/^Why it is excluded/)).toHaveProperty(
        'value',
        'Nothing to protect',
      ),
    );
    type(within(dialog).getByLabelText(/^Why it is excluded/), 'Covered by the group policy');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('A.5.1 was saved');

    const patches = (server?.requests ?? []).filter((r) => r.method === 'PATCH').map((r) => r.body);
    expect(patches).toEqual([
      { version: 4, applicability: 'not_applicable' },
      { version: 4, applicability: 'not_applicable', exclusionJustification: 'Nothing to protect here' },
      { version: 5, exclusionJustification: 'Covered by the group policy' },
    ]);
    await waitFor(() =>
      expect(server?.requests.filter((r) => r.method === 'GET' && r.url === '/api/v1/soa')).toHaveLength(2),
    );
  });

  it('lists the published versions with their exports, shows one, and compares two', async () => {
    server = await startApiServer({
      ...routes(),
      [`GET /api/v1/soa/versions/${V1.id}`]: {
        status: 200,
        body: { ...V1, items: [frozen({ ...POLICIES, applicability: 'undecided', risks: [] })] },
      },
    });
    renderApp({ path: '/soa', apiBaseUrl: server.baseUrl });
    const versions = await screen.findByRole('table', { name: 'Published versions' });
    const rows = within(versions).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[0]?.textContent)).toEqual([
      'Version 2',
      'Version 1',
    ]);
    const first = rows[1] as HTMLElement;
    expect(within(first).getByText('Hedy Lamarr (Top management)')).toBeTruthy();
    expect(within(first).getByText('First SoA, approved in the management review')).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getByText('No note')).toBeTruthy();
    expect(within(first).getByRole('link', { name: 'Version 1 as Excel (XLSX)' }).getAttribute('href')).toBe(
      `/api/v1/soa/versions/${V1.id}/export?format=xlsx`,
    );
    expect(within(first).getByRole('link', { name: 'Version 1 as PDF' }).getAttribute('href')).toBe(
      `/api/v1/soa/versions/${V1.id}/export?format=pdf`,
    );

    // The comparison starts with the previous version against the latest.
    const changed = await screen.findByRole('table', { name: 'Controls changed' });
    expect(
      within(changed)
        .getAllByRole('row')
        .slice(1)
        .map((row) =>
          within(row)
            .getAllByRole('cell')
            .map((cell) => cell.textContent),
        ),
    ).toEqual([
      ['A.5.1', 'Applicability', 'Undecided', 'Applicable'],
      ['A.5.1', 'Linked risks', '—', 'RISK-1'],
    ]);
    expect(screen.getByText('No control was added.')).toBeTruthy();
    const compare = server.requests.find((r) => r.url.startsWith('/api/v1/soa/versions/compare'));
    expect(compare?.url).toBe(`/api/v1/soa/versions/compare?from=${V1.id}&to=${V2.id}`);

    fireEvent.click(within(first).getByRole('button', { name: 'View version 1' }));
    const dialog = await screen.findByRole('dialog', { name: 'Version 1 of the SoA' });
    const frozenTable = await within(dialog).findByRole('table', { name: 'Organisational controls' });
    expect(within(rowOf(frozenTable, 'A.5.1')).getByText('Undecided')).toBeTruthy();
    expect(within(frozenTable).queryByRole('button')).toBeNull();
  });

  it('offers neither editing nor publishing to a role that may only read', async () => {
    const table = await openSoa(me('internal_auditor'));
    expect(within(table).queryByRole('button', { name: /^Edit/ })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Publish version' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Export' })).toBeTruthy();
  });
});
