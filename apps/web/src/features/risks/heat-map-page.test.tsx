import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer } from '../../../test/api-server.ts';
import { signedIn } from '../../../test/identity.ts';
import { renderApp } from '../../../test/render-app.tsx';
import { HIGH, LOW, MEDIUM, METHODOLOGY } from './risk-detail-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * The server's counts of the open risks: inherent 4x5 (Likely, Severe) holds three, residual 2x2 two;
 * two risks are rated with an older methodology version and three have no residual rating.
 */
const HEAT_MAP = {
  methodologyVersion: 2,
  inherent: [
    { likelihood: 4, impact: 5, count: 3 },
    { likelihood: 1, impact: 1, count: 1 },
    { likelihood: 3, impact: 2, count: 1 },
  ],
  residual: [
    { likelihood: 2, impact: 2, count: 2 },
    { likelihood: 1, impact: 3, count: 1 },
  ],
  total: 7,
  withoutResidual: 3,
  outdated: 2,
};

function heatMapApi() {
  return {
    ...signedIn(),
    'GET /api/v1/risk-methodology': { status: 200, body: METHODOLOGY },
    'GET /api/v1/people': { status: 200, body: { items: [], nextCursor: null } },
    'GET /api/v1/risks/heat-map': { status: 200, body: HEAT_MAP },
    'GET /api/v1/risks': { status: 200, body: { items: [], nextCursor: null } },
  };
}

describe('Heat map', () => {
  it('shows the server’s counts per cell, with the level and count in each cell’s name', async () => {
    server = await startApiServer(heatMapApi());
    const { router } = renderApp({ path: '/risks/heat-map', apiBaseUrl: server.baseUrl });
    await screen.findByRole('heading', { level: 1, name: 'Heat map' });
    const table = await screen.findByRole('table', {
      name: 'Inherent rating of 5 open risks by likelihood (rows) and impact (columns)',
    });

    // one request: the server counts the open risks
    expect(server.requests.filter((r) => r.url.startsWith('/api/v1/risks')).map((r) => r.url)).toEqual([
      '/api/v1/risks/heat-map?open=true',
    ]);

    // likelihood rows from the highest down, impact columns from the lowest
    const rows = within(table).getAllByRole('row');
    expect(
      within(rows[0] as HTMLElement)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['1 Negligible', '2 Minor', '3 Moderate', '4 Major', '5 Severe']);
    expect(rows.slice(1).map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      '5 Almost certain',
      '4 Likely',
      '3 Possible',
      '2 Unlikely',
      '1 Rare',
    ]);

    const level = (l: number, i: number) =>
      METHODOLOGY.levels.find((x) => x.key === METHODOLOGY.matrix[l - 1]?.[i - 1]);
    const hot = within(table).getByRole('link', {
      name: `Likelihood 4 Likely, impact 5 Severe: 3 risks, level ${level(4, 5)?.label}`,
    });
    expect(hot.textContent).toBe(`3 risks${level(4, 5)?.label}`);
    expect(hot.getAttribute('href')).toBe('/risks?rating=inherent&likelihood=4&impact=5&open=true');
    const single = within(table).getByRole('link', {
      name: `Likelihood 1 Rare, impact 1 Negligible: 1 risk, level ${level(1, 1)?.label}`,
    });
    const rgb = (hex = '') =>
      `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    expect(single.closest('td')?.style.backgroundColor).toBe(rgb(level(1, 1)?.colour));
    expect(hot.closest('td')?.style.backgroundColor).toBe(rgb(level(4, 5)?.colour));
    expect(within(table).getAllByRole('link')).toHaveLength(3);
    // a cell without risks says so, and is not a link
    expect(within(table).getAllByText('0 risks')).toHaveLength(22);

    expect(screen.getByText(/2 risks are rated with an older methodology version/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'List them' }).getAttribute('href')).toBe(
      '/risks?outdated=true&open=true',
    );
    expect(
      within(screen.getByText('Levels').parentElement as HTMLElement)
        .getAllByText(/^(Low|Medium|High)$/)
        .map((badge) => badge.textContent),
    ).toEqual([LOW.label, MEDIUM.label, HIGH.label]);

    // the residual map: two risks have no residual rating
    fireEvent.click(screen.getByRole('radio', { name: 'Residual' }));
    const residual = await screen.findByRole('table', {
      name: 'Residual rating of 3 open risks by likelihood (rows) and impact (columns)',
    });
    const low = within(residual).getByRole('link', {
      name: `Likelihood 2 Unlikely, impact 2 Minor: 2 risks, level ${level(2, 2)?.label}`,
    });
    expect(within(residual).getAllByRole('link')).toHaveLength(2);
    expect(screen.getByText(/3 open risks have no residual rating yet/)).toBeTruthy();

    fireEvent.click(low);
    await waitFor(() => expect(router.state.location.pathname).toBe('/risks'));
    expect(router.state.location.search).toEqual({
      rating: 'residual',
      likelihood: 2,
      impact: 2,
      open: true,
    });
    await screen.findByRole('heading', { level: 1, name: 'Risk register' });
    await waitFor(() =>
      expect(server?.requests.at(-1)?.url).toBe(
        '/api/v1/risks?open=true&rating=residual&likelihood=2&impact=2&limit=100',
      ),
    );
  });
});
