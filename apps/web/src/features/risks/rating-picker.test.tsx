import { QueryClient } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { TRatingInput } from '@vigil/contracts';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { startApiServer } from '../../../test/api-server.ts';
import { createApiClient } from '../../api/client.ts';
import { AppProviders } from '../../app/providers.tsx';
import { RatingPicker } from './rating-picker.tsx';
import { METHODOLOGY } from './risk-detail-fixtures.ts';

let server: Awaited<ReturnType<typeof startApiServer>> | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function Picker({ initial, clearable }: { initial: TRatingInput | null; clearable?: boolean }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <RatingPicker
        label="Inherent rating"
        value={value}
        onChange={setValue}
        clearable={clearable ?? false}
      />
      <output data-testid="value">{value ? `${value.likelihood}:${value.impact}` : 'none'}</output>
    </>
  );
}

async function renderPicker(initial: TRatingInput | null, clearable = false) {
  server = await startApiServer({ 'GET /api/v1/risk-methodology': { status: 200, body: METHODOLOGY } });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const apiClient = createApiClient({ baseUrl: server.baseUrl, timeoutMs: 5_000 });
  render(
    <AppProviders queryClient={queryClient} apiClient={apiClient} env="test">
      <Picker initial={initial} clearable={clearable} />
    </AppProviders>,
  );
  return screen.findByRole('radiogroup', { name: 'Inherent rating' });
}

const cell = (group: HTMLElement, name: string) => within(group).getByRole('radio', { name });
const value = () => screen.getByTestId('value').textContent;

describe('RatingPicker', () => {
  it('names every cell by likelihood, impact and level, highest likelihood first', async () => {
    const group = await renderPicker(null);
    const cells = within(group).getAllByRole('radio');
    expect(cells).toHaveLength(25);
    expect(cells[0]?.getAttribute('aria-label')).toBe(
      'Likelihood 5 (Almost certain), impact 1 (Negligible): Medium',
    );
    expect(cells[24]?.getAttribute('aria-label')).toBe('Likelihood 1 (Rare), impact 5 (Severe): Medium');
    expect(cell(group, 'Likelihood 4 (Likely), impact 3 (Moderate): Medium')).toBeTruthy();
    expect(cell(group, 'Likelihood 5 (Almost certain), impact 5 (Severe): High')).toBeTruthy();
    // The level shows as text in the cell, not by its colour alone.
    expect(within(group).getAllByText('High')).toHaveLength(6);
    // Nothing chosen: no cell checked, the first cell holds the only Tab stop.
    expect(cells.filter((c) => c.getAttribute('aria-checked') === 'true')).toHaveLength(0);
    expect(cells.filter((c) => c.tabIndex === 0)).toEqual([cells[0]]);
    expect(screen.getByText('Not rated yet: choose a cell of the matrix.')).toBeTruthy();
  });

  it('moves with the arrow keys without choosing, and chooses with Space or Enter', async () => {
    const group = await renderPicker({ likelihood: 2, impact: 2 });
    const start = cell(group, 'Likelihood 2 (Unlikely), impact 2 (Minor): Low');
    expect(start.getAttribute('aria-checked')).toBe('true');
    expect(start.tabIndex).toBe(0);
    start.focus();

    fireEvent.keyDown(start, { key: 'ArrowUp' });
    const up = cell(group, 'Likelihood 3 (Possible), impact 2 (Minor): Medium');
    expect(document.activeElement).toBe(up);
    expect(up.tabIndex).toBe(0);
    expect(start.tabIndex).toBe(-1);
    expect(value()).toBe('2:2');

    fireEvent.keyDown(up, { key: 'ArrowRight' });
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowRight' });
    const target = cell(group, 'Likelihood 3 (Possible), impact 4 (Major): Medium');
    expect(document.activeElement).toBe(target);
    fireEvent.keyDown(target, { key: ' ' });
    expect(value()).toBe('3:4');
    expect(target.getAttribute('aria-checked')).toBe('true');
    expect(start.getAttribute('aria-checked')).toBe('false');

    // The edges hold: no wrapping past the highest likelihood or impact.
    for (let i = 0; i < 4; i++) fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowUp' });
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'End' });
    const corner = cell(group, 'Likelihood 5 (Almost certain), impact 5 (Severe): High');
    expect(document.activeElement).toBe(corner);
    fireEvent.keyDown(corner, { key: 'Enter' });
    expect(value()).toBe('5:5');
    expect(screen.getByText('Almost certain likelihood, Severe impact')).toBeTruthy();

    fireEvent.keyDown(corner, { key: 'ArrowDown' });
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Home' });
    expect(document.activeElement).toBe(cell(group, 'Likelihood 4 (Likely), impact 1 (Negligible): Low'));
    expect(value()).toBe('5:5');
  });

  it('chooses a cell by click; a clearable picker clears', async () => {
    const group = await renderPicker({ likelihood: 1, impact: 1 }, true);
    fireEvent.click(cell(group, 'Likelihood 4 (Likely), impact 4 (Major): High'));
    expect(value()).toBe('4:4');
    fireEvent.click(screen.getByRole('button', { name: 'Clear: Inherent rating' }));
    expect(value()).toBe('none');
    expect(
      within(group)
        .getAllByRole('radio')
        .some((c) => c.getAttribute('aria-checked') === 'true'),
    ).toBe(false);
  });
});
