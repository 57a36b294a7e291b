import type { QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import type { ApiClient } from '../api/client.ts';
import { AppProviders } from './providers.tsx';
import type { AppRouter } from './router.tsx';

export interface AppProps {
  router: AppRouter;
  queryClient: QueryClient;
  apiClient: ApiClient;
  env?: 'default' | 'test';
}

export function App({ router, queryClient, apiClient, env = 'default' }: AppProps) {
  return (
    <AppProviders queryClient={queryClient} apiClient={apiClient} env={env}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
