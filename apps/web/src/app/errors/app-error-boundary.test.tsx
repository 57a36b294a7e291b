import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { AppErrorBoundary } from './app-error-boundary.tsx';

function Thrower({ error }: { error: unknown }): never {
  throw error;
}

function renderBoundary(error: unknown) {
  return render(
    <MantineProvider env="test">
      <AppErrorBoundary>
        <Thrower error={error} />
      </AppErrorBoundary>
    </MantineProvider>,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('AppErrorBoundary', () => {
  it('shows the problem title and request id of an ApiError, and a way home', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderBoundary(
      new ApiError({
        code: 'forbidden',
        status: 403,
        title: 'You are not allowed to do this',
        requestId: 'req-9',
      }),
    );

    const alert = screen.getByRole('alert');
    expect(screen.getByRole('heading', { level: 1, name: 'You are not allowed to do this' })).toBeTruthy();
    expect(alert.textContent).toContain('req-9');
    expect(screen.getByRole('link', { name: 'Go to the overview' }).getAttribute('href')).toBe('/');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('shows a friendly message, never the message or stack of an unknown error', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = new Error('SELECT * FROM secrets WHERE internal = 1');
    renderBoundary(error);

    const alert = screen.getByRole('alert');
    expect(screen.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeTruthy();
    expect(alert.textContent).not.toContain('SELECT');
    expect(alert.textContent).not.toContain(error.stack?.split('\n')[1]?.trim() ?? 'at ');
    expect(alert.textContent).not.toContain('Request ID');
  });
});
