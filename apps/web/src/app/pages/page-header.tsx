import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from './use-page-title.ts';

/** The one h1 of a page, with an optional lead sentence and actions; also sets the document title. */
export function PageHeader({ title, lead, actions }: { title: string; lead?: string; actions?: ReactNode }) {
  usePageTitle(title);
  return (
    <Group justify="space-between" align="flex-start" gap="md" mb="xl">
      <Stack gap={6}>
        <Title order={1}>{title}</Title>
        {lead && (
          <Text c="dimmed" size="lg">
            {lead}
          </Text>
        )}
      </Stack>
      {actions}
    </Group>
  );
}
