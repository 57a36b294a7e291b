import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './i18n/i18n.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client.ts';
import { App } from './app/app.tsx';
import { createQueryClient } from './app/query-client.ts';
import { createAppRouter } from './app/router.tsx';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html must contain <div id="root">');

const queryClient = createQueryClient();
const apiClient = createApiClient();
const router = createAppRouter({ queryClient, apiClient });

createRoot(rootElement).render(
  <StrictMode>
    <App router={router} queryClient={queryClient} apiClient={apiClient} />
  </StrictMode>,
);
