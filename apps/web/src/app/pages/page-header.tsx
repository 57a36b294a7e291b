import { Stack, Text, Title } from '@mantine/core';
import { usePageTitle } from './use-page-title.ts';

/** The one h1 of a page, with an optional lead sentence; also sets the document title. */
export function PageHeader({ title, lead }: { title: string; lead?: string }) {
  usePageTitle(title);
  return (
    <Stack gap={6} mb="xl">
      <Title order={1}>{title}</Title>
      {lead && (
        <Text c="dimmed" size="lg">
          {lead}
        </Text>
      )}
    </Stack>
  );
}
