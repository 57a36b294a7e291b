import { QueryClient } from '@tanstack/react-query';
import { createMemoryHistory } from '@tanstack/react-router';
import { render } from '@testing-library/react';
import { createApiClient } from '../src/api/client.ts';
import { App } from '../src/app/app.tsx';
import { createAppRouter } from '../src/app/router.tsx';

export interface RenderAppOptions {
  /** The client route to open. */
  path: string;
  /** Where the API answers; a loopback server started by the test. */
  apiBaseUrl?: string;
}

/** Renders the whole app (providers, router, shell) at `path`, as the browser would. */
export function renderApp({ path, apiBaseUrl = 'http://127.0.0.1:9' }: RenderAppOptions) {
  // No retries: a test sees the first answer, not the third.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const apiClient = createApiClient({ baseUrl: apiBaseUrl, timeoutMs: 5_000 });
  const history = createMemoryHistory({ initialEntries: [path] });
  const router = createAppRouter({ queryClient, apiClient, history });
  const result = render(<App router={router} queryClient={queryClient} apiClient={apiClient} env="test" />);
  return { ...result, router, queryClient, history };
}
