import { Anchor, Button, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link, type LinkProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { isApiError } from '../../api/client.ts';
import { ErrorPanel } from '../errors/error-panel.tsx';
import { usePageTitle } from './use-page-title.ts';

/** A route of the app, e.g. '/risks'. */
type AppPath = NonNullable<LinkProps['to']>;

export interface DetailNotFound {
  title: string;
  detail: string;
  /** The link back to the register, e.g. "Back to the risk register". */
  back: string;
  to: AppPath;
}

/**
 * The page of one record read by id: the record once it arrives, a not-found page for an unknown id
 * (a malformed id, or another organisation's record, is as absent), a page-sized error otherwise.
 */
export function DetailPage<T>({
  query,
  loading,
  notFound,
  children,
}: {
  query: UseQueryResult<T>;
  /** Said while the record loads. */
  loading: string;
  notFound: DetailNotFound;
  children: (record: T) => ReactNode;
}) {
  if (query.error) {
    if (
      isApiError(query.error) &&
      (query.error.code === 'not_found' || query.error.code === 'validation_failed')
    )
      return <RecordNotFound {...notFound} />;
    return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined)
    return (
      <Stack gap="md" aria-busy>
        <Text size="sm" role="status">
          {loading}
        </Text>
        <Skeleton height={32} width="60%" radius="sm" aria-hidden />
        <Skeleton height={120} radius="md" aria-hidden />
      </Stack>
    );
  return children(query.data);
}

function RecordNotFound({ title, detail, back, to }: DetailNotFound) {
  usePageTitle(title);
  return (
    <Stack align="flex-start" gap="sm" maw={560} mx="auto" mt="xl" py="xl">
      <Title order={1}>{title}</Title>
      <Text c="dimmed" size="lg">
        {detail}
      </Text>
      <Button component={Link} to={to} mt="md" leftSection={<IconArrowLeft size={16} aria-hidden />}>
        {back}
      </Button>
    </Stack>
  );
}

/** The small link above a detail page's heading, back to its register. */
export function BackLink({ to, children }: { to: AppPath; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm" mb="xs" display="inline-flex">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        {children}
      </Group>
    </Anchor>
  );
}
