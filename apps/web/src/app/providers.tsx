import { MantineProvider, mergeThemeOverrides } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiClientProvider } from '../api/api-client-context.tsx';
import type { ApiClient } from '../api/client.ts';
import { AppErrorBoundary } from './errors/app-error-boundary.tsx';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme.ts';

export interface AppProvidersProps {
  queryClient: QueryClient;
  apiClient: ApiClient;
  /** `test` turns off Mantine's transitions and portals. */
  env?: 'default' | 'test';
  children: ReactNode;
}

/** Theme, error boundary, API client and query cache: everything a page needs besides the router. */
export function AppProviders({ queryClient, apiClient, env = 'default', children }: AppProvidersProps) {
  const { t } = useTranslation();
  // Every toast's close button gets a name (Mantine's has none); AppModal does the same for dialogs.
  const localisedTheme = useMemo(
    () =>
      mergeThemeOverrides(theme, {
        components: {
          Notification: { defaultProps: { closeButtonProps: { 'aria-label': t('forms.close') } } },
        },
      }),
    [t],
  );
  return (
    <MantineProvider
      theme={localisedTheme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
      env={env}
    >
      <Notifications position="top-right" />
      <AppErrorBoundary>
        <ApiClientProvider client={apiClient}>
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        </ApiClientProvider>
      </AppErrorBoundary>
    </MantineProvider>
  );
}
