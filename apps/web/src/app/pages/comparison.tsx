import { Alert, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useId } from 'react';
import { FormError } from '../forms/form-error.tsx';
import { LoadingLines } from './list-states.tsx';
import { SectionCard } from './section-card.tsx';

export interface ComparisonTexts {
  title: string;
  description: string;
  /** The labels of the two pickers. */
  from: string;
  to: string;
  needsTwo: string;
  same: string;
  loading: string;
}

export interface ComparisonCardProps<T> {
  texts: ComparisonTexts;
  /** What may be compared (e.g. published versions), newest first. */
  options: readonly { value: string; label: string }[];
  from: string | null;
  to: string | null;
  onChange: (change: { from?: string; to?: string }) => void;
  query: UseQueryResult<T>;
  children: (comparison: T) => ReactNode;
}

/**
 * Two snapshots side by side: a card with a picker for each, then the comparison once it arrives (or why
 * there is none: fewer than two to compare, the same one twice, a failure).
 */
export function ComparisonCard<T>({
  texts,
  options,
  from,
  to,
  onChange,
  query,
  children,
}: ComparisonCardProps<T>) {
  let body: ReactNode;
  if (options.length < 2) {
    body = (
      <Alert variant="light" color="vigil" icon={<IconInfoCircle size={20} stroke={1.7} aria-hidden />}>
        {texts.needsTwo}
      </Alert>
    );
  } else if (from === to) {
    body = (
      <Text size="sm" role="status">
        {texts.same}
      </Text>
    );
  } else if (query.error) {
    body = <FormError error={query.error} />;
  } else if (query.data === undefined) {
    body = <LoadingLines label={texts.loading} />;
  } else {
    body = children(query.data);
  }

  return (
    <SectionCard title={texts.title} description={texts.description}>
      <Stack gap="lg">
        {options.length >= 2 && (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={texts.from}
              allowDeselect={false}
              data={options}
              value={from}
              onChange={(value) => value && onChange({ from: value })}
            />
            <Select
              label={texts.to}
              allowDeselect={false}
              data={options}
              value={to}
              onChange={(value) => value && onChange({ to: value })}
            />
          </SimpleGrid>
        )}
        {body}
      </Stack>
    </SectionCard>
  );
}

/** The comparison's one-line summary and its counts (added, removed, changed, unchanged), as a list. */
export function ComparisonCounts({
  summary,
  counts,
}: {
  summary: string;
  counts: readonly { label: string; value: number }[];
}) {
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {summary}
      </Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" role="list" aria-label={summary}>
        {counts.map(({ label, value }) => (
          <Paper key={label} withBorder radius="md" p="sm" role="listitem">
            <Text size="sm" c="dimmed">
              {label}
            </Text>
            <Text fz={24} fw={700} lh={1.2}>
              {value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

/** One part of a comparison (e.g. "Added"), named by its h3; `empty` stands in when it holds nothing. */
export function ComparisonSection({
  title,
  description,
  count,
  empty,
  children,
}: {
  title: string;
  description?: string;
  count: number;
  empty: string;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <Stack gap="xs" component="section" aria-labelledby={titleId}>
      <Title order={3} size="h5" id={titleId}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      )}
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}
