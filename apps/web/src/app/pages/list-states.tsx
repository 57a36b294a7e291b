import { Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What "Load more" needs of an infinite query. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** Keys for the placeholder lines (a fixed list, never reordered). */
const LINES = ['first', 'second', 'third'] as const;

/** A list still loading: says so to screen readers, with placeholder lines. */
export function LoadingLines({ label, lines = 2 }: { label: string; lines?: 1 | 2 | 3 }) {
  return (
    <Stack gap="sm" aria-busy>
      <Text size="sm" role="status">
        {label}
      </Text>
      {LINES.slice(0, lines).map((line) => (
        <Skeleton key={line} height={14} radius="sm" aria-hidden />
      ))}
    </Stack>
  );
}

/** "Load more" for a paged list, while there is a next page. */
export function LoadMoreButton({ query }: { query: PagedQuery }) {
  const { t } = useTranslation();
  if (!query.hasNextPage) return null;
  return (
    <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
      {t('forms.loadMore')}
    </Button>
  );
}

/** "Load more" centred under a paged list, while there is a next page. */
export function LoadMore({ query }: { query: PagedQuery }) {
  if (!query.hasNextPage) return null;
  return (
    <Group justify="center">
      <LoadMoreButton query={query} />
    </Group>
  );
}

/** A filtered list that matched nothing: says so, with the way to clear the filters. */
export function NoMatch({ text, clear, onClear }: { text: string; clear: string; onClear: () => void }) {
  return (
    <Group gap="sm">
      <Text size="sm" c="dimmed" role="status">
        {text}
      </Text>
      <Button variant="default" size="xs" onClick={onClear}>
        {clear}
      </Button>
    </Group>
  );
}
