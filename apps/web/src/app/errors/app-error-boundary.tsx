import { Container } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorPanel } from './error-panel.tsx';

interface State {
  error: unknown;
  hasError: boolean;
}

/** The last line of defence: anything thrown outside the router's own error handling lands here. */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, hasError: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, hasError: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For developers in the browser console only; the user sees a friendly message.
    console.error('Unhandled error in the Vigil web app', error, info.componentStack);
  }

  private readonly reset = () => this.setState({ error: null, hasError: false });

  override render(): ReactNode {
    if (!this.state.hasError) return this.props.children;
    return (
      <Container component="main" size="sm" py="xl">
        <ErrorPanel error={this.state.error} onRetry={this.reset} />
      </Container>
    );
  }
}
