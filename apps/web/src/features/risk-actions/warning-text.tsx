import { Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** Red that keeps at least 4.5:1 on the page and on cards, in light and dark. */
export const WARNING_COLOUR = 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-4))';

/** A warning as an icon and words ("Overdue", "Needs re-acceptance"): never colour alone. */
export function WarningText({ children }: { children: ReactNode }) {
  return (
    <Group gap={4} wrap="nowrap" style={{ color: WARNING_COLOUR }}>
      <IconAlertTriangle size={14} stroke={1.8} aria-hidden />
      <Text span size="xs" fw={700} style={{ color: WARNING_COLOUR }}>
        {children}
      </Text>
    </Group>
  );
}
