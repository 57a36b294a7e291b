import { Container } from '@mantine/core';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { ErrorPanel } from './error-panel.tsx';

/** Error of one route: shown inside the shell, which keeps working. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  return (
    <ErrorPanel
      error={error}
      onRetry={() => {
        reset();
        void router.invalidate();
      }}
    />
  );
}

/** Error of the root route (the shell itself failed): a standalone page with its own main landmark. */
export function RootRouteError(props: ErrorComponentProps) {
  return (
    <Container component="main" size="sm" py="xl">
      <RouteError {...props} />
    </Container>
  );
}
