import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DEFAULT_METHODOLOGY, type TMethodology, type TRiskSummary } from '@vigil/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { problem, type Route, startApiServer } from '../../../test/api-server.ts';
import { me, signedIn, type } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const V1: TMethodology = {
  id: '01936f4e-0000-7000-8000-000000000071',
  version: 1,
  current: true,
  createdAt: '2026-11-01T08:00:00.000Z',
  createdBy: null,
  ...DEFAULT_METHODOLOGY,
};

/** Version 2: a 4x4 matrix, what the re-rating test moves risks onto. */
const V2: TMethodology = {
  ...V1,
  id: '01936f4e-0000-7000-8000-000000000072',
  version: 2,
  createdAt: '2026-11-20T08:00:00.000Z',
  createdBy: { id: '01936f4e-0000-7000-8000-0000000000b1', name: 'Ada Lovelace' },
  likelihood: DEFAULT_METHODOLOGY.likelihood.slice(0, 4),
  impact: DEFAULT_METHODOLOGY.impact.slice(0, 4),
  matrix: [1, 2, 3, 4].map((l) =>
    [1, 2, 3, 4].map((i) => (l * i >= 12 ? 'high' : l * i >= 4 ? 'medium' : 'low')),
  ),
};

const level = (key: 'low' | 'medium' | 'high') => {
  const found = DEFAULT_METHODOLOGY.levels.find((l) => l.key === key);
  if (!found) throw new Error(key);
  return { key, label: found.label, colour: found.colour };
};

/** Rated with version 1 at 5 x 5 (high), residual 3 x 2 (medium). */
const RISK: TRiskSummary = {
  id: '01936f4e-0000-7000-8000-0000000000c1',
  key: 'RISK-3',
  title: 'Broken access control exposes citizens’ submissions',
  threat: '',
  vulnerability: '',
  consequence: '',
  category: null,
  owner: { id: '01936f4e-0000-7000-8000-0000000000b2', name: 'Grace Hopper' },
  affects: { confidentiality: true, integrity: false, availability: false },
  methodologyVersion: 1,
  inherent: { likelihood: 5, impact: 5, level: level('high') },
  treatment: 'mitigate',
  residual: { likelihood: 3, impact: 2, level: level('medium') },
  level: level('medium'),
  status: 'in_treatment',
  nextReviewOn: '2027-03-01',
  reviewOverdue: false,
  tags: [],
  acceptance: { current: null, stale: false, staleReasons: [] },
  closedAt: null,
  createdAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-01T08:00:00.000Z',
  version: 7,
};

function routes(user = me('owner'), extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...signedIn(user),
    'GET /api/v1/risk-methodology': { status: 200, body: V1 },
    'GET /api/v1/risk-methodology/versions': {
      status: 200,
      body: { items: [{ version: 1, current: true, createdAt: V1.createdAt, createdBy: null }] },
    },
    ...extra,
  };
}

const puts = () => server?.requests.filter((r) => r.method === 'PUT') ?? [];

async function openEditor() {
  fireEvent.click(await screen.findByRole('button', { name: 'Edit the methodology' }));
  return screen.findByRole('button', { name: 'Save as version 2' });
}

describe('Risk methodology page', () => {
  it('shows the current version to every reader: scales, levels and the matrix with level labels', async () => {
    server = await startApiServer(routes(me('internal_auditor')));
    renderApp({ path: '/risk-methodology', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Risk methodology' });
    await screen.findByRole('heading', { level: 2, name: 'Version 1' });
    expect(screen.getByText(/The default methodology, in use since/)).toBeTruthy();

    const likelihood = screen.getByRole('table', { name: 'Likelihood scale' });
    expect(within(likelihood).getByText('Almost certain')).toBeTruthy();
    expect(within(likelihood).getByText('Expected several times a year')).toBeTruthy();

    const levels = screen.getByRole('table', { name: 'Levels' });
    const high = within(levels).getByText('high').closest('tr') as HTMLElement;
    expect(within(high).getByText('High')).toBeTruthy();
    expect(within(high).getByText('Every 3 months')).toBeTruthy();
    expect(within(high).getByText('Top management')).toBeTruthy();
    const low = within(levels).getByText('low').closest('tr') as HTMLElement;
    expect(within(low).getByText('The risk owner, Security officer, Top management')).toBeTruthy();

    const matrix = screen.getByRole('table', { name: /Risk level by likelihood/ });
    const rows = within(matrix).getAllByRole('row');
    // header, then likelihood 5 on top down to 1
    expect(rows.map((row) => row.querySelector('th')?.textContent)).toEqual([
      'Likelihood ↓ · Impact →',
      '5 · Almost certain',
      '4 · Likely',
      '3 · Possible',
      '2 · Unlikely',
      '1 · Rare',
    ]);
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent);
    expect(cells(rows[1] as HTMLElement)).toEqual(['Medium', 'Medium', 'High', 'High', 'High']);
    expect(cells(rows[5] as HTMLElement)).toEqual(['Low', 'Low', 'Low', 'Low', 'Medium']);

    expect(screen.queryByRole('button', { name: 'Edit the methodology' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Re-rating' })).toBeNull();
  });

  it('shows an older version from the history', async () => {
    server = await startApiServer(
      routes(me('internal_auditor'), {
        'GET /api/v1/risk-methodology': { status: 200, body: { ...V2 } },
        'GET /api/v1/risk-methodology/versions': {
          status: 200,
          body: {
            items: [
              { version: 2, current: true, createdAt: V2.createdAt, createdBy: V2.createdBy },
              { version: 1, current: false, createdAt: V1.createdAt, createdBy: null },
            ],
          },
        },
        'GET /api/v1/risk-methodology/versions/1': { status: 200, body: { ...V1, current: false } },
      }),
    );
    renderApp({ path: '/risk-methodology', apiBaseUrl: server.baseUrl });
    fireEvent.click(await screen.findByRole('tab', { name: 'Version history' }));
    fireEvent.click(await screen.findByRole('button', { name: 'View version 1' }));
    await screen.findByText('Showing version 1');
    expect(screen.getByText(/This is version 1; the current version is 2/)).toBeTruthy();
    const matrix = screen.getByRole('table', { name: /Risk level by likelihood/ });
    expect(within(matrix).getAllByRole('row')).toHaveLength(6);
  });

  it('checks the matrix as it is edited: a lower level for a higher likelihood is refused', async () => {
    server = await startApiServer(routes(me('security_officer')));
    renderApp({ path: '/risk-methodology', apiBaseUrl: server.baseUrl });
    const save = await openEditor();

    const cell = screen.getByRole('combobox', { name: 'Level at likelihood 3 and impact 5' });
    fireEvent.change(cell, { target: { value: (cell as HTMLSelectElement).options[0]?.value } });
    expect((cell as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('Low');
    // 3 x 5 is now lower than 2 x 5 and 3 x 4 (both medium): that cell is the one at fault
    await waitFor(() => expect(cell.getAttribute('aria-invalid')).toBe('true'));
    const message = screen.getByText('A higher likelihood or impact must never give a lower level');
    expect(cell.getAttribute('aria-describedby')).toContain(message.id);

    const label = screen.getByRole('textbox', { name: 'Likelihood 1: label' });
    type(label, '');
    // half-typed labels are not errors until a save is tried
    expect(label.getAttribute('aria-invalid')).not.toBe('true');
    fireEvent.click(save);
    await waitFor(() => expect(label.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Required')).toBeTruthy();
    expect(document.activeElement).toBe(label);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(puts()).toEqual([]);
  });

  it('saves a new version based on the version read, after confirmation; a newer one is a conflict', async () => {
    const saved: TMethodology = { ...V1, id: V2.id, version: 3, createdBy: V2.createdBy };
    server = await startApiServer(
      routes(me('owner'), {
        'PUT /api/v1/risk-methodology': (request) =>
          (request.body as { basedOnVersion: number }).basedOnVersion === 1
            ? problem(409, 'conflict', 'Conflict', {
                detail:
                  'The risk methodology was changed by someone else (it is now version 2): review it and try again',
                current: { ...V2 },
              })
            : { status: 200, body: saved },
      }),
    );
    renderApp({ path: '/risk-methodology', apiBaseUrl: server.baseUrl });
    await openEditor();
    type(screen.getByRole('textbox', { name: 'Likelihood 1: label' }), 'Very rare');
    fireEvent.click(screen.getByRole('button', { name: 'Save as version 2' }));
    const confirm = await screen.findByRole('dialog', { name: 'Save version 2 of the methodology?' });
    expect(within(confirm).getByText(/Existing ratings keep the version they were made with/)).toBeTruthy();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Save version 2' }));

    await screen.findByText(/changed by someone else \(it is now version 2\)/);
    const first = puts()[0]?.body as TMethodology & { basedOnVersion: number };
    expect(first.basedOnVersion).toBe(1);
    expect(first.likelihood[0]).toEqual({
      value: 1,
      label: 'Very rare',
      description: 'Not expected in the next five years',
    });
    expect(first.levels).toEqual(DEFAULT_METHODOLOGY.levels);
    expect(first.matrix).toEqual(DEFAULT_METHODOLOGY.matrix);

    fireEvent.click(screen.getByRole('button', { name: 'Load the current version' }));
    // now based on version 2, with its 4 x 4 scales
    fireEvent.click(await screen.findByRole('button', { name: 'Save as version 3' }));
    const again = await screen.findByRole('dialog', { name: 'Save version 3 of the methodology?' });
    fireEvent.click(within(again).getByRole('button', { name: 'Save version 3' }));
    await screen.findByRole('button', { name: 'Edit the methodology' });
    const second = puts()[1]?.body as TMethodology & { basedOnVersion: number };
    expect(second).toEqual({
      basedOnVersion: 2,
      likelihood: V2.likelihood,
      impact: V2.impact,
      impactDimensions: V2.impactDimensions,
      levels: V2.levels,
      matrix: V2.matrix,
    });
  });

  it('re-rates outdated risks with the ratings given, capped to the new scales, and the reason', async () => {
    server = await startApiServer(
      routes(me('security_officer'), {
        'GET /api/v1/risk-methodology': { status: 200, body: V2 },
        'GET /api/v1/risks': { status: 200, body: { items: [RISK], nextCursor: null } },
        'POST /api/v1/risk-methodology/rerate': {
          status: 200,
          body: {
            methodologyVersion: 2,
            items: [
              {
                ...RISK,
                methodologyVersion: 2,
                inherent: { likelihood: 4, impact: 4, level: level('high') },
                residual: { likelihood: 3, impact: 1, level: level('low') },
                version: 8,
              },
            ],
          },
        },
      }),
    );
    renderApp({ path: '/risk-methodology', apiBaseUrl: server.baseUrl });
    fireEvent.click(await screen.findByRole('tab', { name: 'Re-rating' }));
    await screen.findByText('Broken access control exposes citizens’ submissions');
    expect(
      server.requests.some((r) => r.url.startsWith('/api/v1/risks?') && r.url.includes('outdated=true')),
    ).toBe(true);

    const select = (name: string) => screen.getByRole('combobox', { name }) as HTMLSelectElement;
    // 5 x 5 on version 1 is capped to the 4-point scales of version 2
    expect(select('Inherent likelihood of RISK-3').value).toBe('4');
    expect(select('Inherent impact of RISK-3').value).toBe('4');
    expect(select('Residual likelihood of RISK-3').value).toBe('3');
    expect(select('Residual impact of RISK-3').value).toBe('2');
    fireEvent.change(select('Residual impact of RISK-3'), { target: { value: '1' } });

    fireEvent.click(screen.getByRole('button', { name: 'Re-rate 1 risk' }));
    const reason = screen.getByRole('textbox', { name: /^Reason/ });
    await waitFor(() => expect(reason.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Say why')).toBeTruthy();
    expect(server.changes()).toEqual([]);

    type(reason, 'Moved to the 4-point scales of version 2');
    fireEvent.click(screen.getByRole('button', { name: 'Re-rate 1 risk' }));
    await screen.findByText('1 risk is now rated with version 2: RISK-3.');
    expect(server.requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      reason: 'Moved to the 4-point scales of version 2',
      ratings: [
        {
          riskId: RISK.id,
          version: 7,
          inherentLikelihood: 4,
          inherentImpact: 4,
          residualLikelihood: 3,
          residualImpact: 1,
        },
      ],
    });
  });
});
