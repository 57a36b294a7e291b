import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { CONTROL_THEMES, type TControlSummary } from '@vigil/contracts';
import { memo, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useDayFormatter } from '../risk-actions/days.ts';
import { ControlLink } from './control-link.tsx';
import { useControlTerms } from './control-terms.ts';

/** The register's groups: the Annex A themes, then the organisation's own controls (whatever their theme). */
export const CONTROL_GROUPS = [...CONTROL_THEMES, 'custom'] as const;
export type TControlGroup = (typeof CONTROL_GROUPS)[number];

/** The rows by group, each in the server's (key) order; groups without rows are left out. */
export function groupControls(rows: readonly TControlSummary[]): [TControlGroup, TControlSummary[]][] {
  const groups = new Map<TControlGroup, TControlSummary[]>(CONTROL_GROUPS.map((group) => [group, []]));
  for (const control of rows)
    groups.get(control.source === 'custom' ? 'custom' : control.theme)?.push(control);
  return [...groups].filter(([, controls]) => controls.length > 0);
}

/** One group of the register: its heading with the count, and its controls. */
export const ControlGroup = memo(function ControlGroup({
  group,
  rows,
}: {
  group: TControlGroup;
  rows: readonly TControlSummary[];
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Group gap="xs" align="baseline">
        <Title order={2} size="h4" id={headingId}>
          {t(`controls.groups.${group}`)}
        </Title>
        <Text size="sm" c="dimmed">
          {t('controls.groups.count', { count: rows.length })}
        </Text>
      </Group>
      <ControlsTable label={t(`controls.groups.${group}`)} rows={rows} showTheme={group === 'custom'} />
    </Stack>
  );
});

/** Key, title (a link to the control), applicability, implementation, owner, linked risks, target date. */
function ControlsTable({
  label,
  rows,
  showTheme,
}: {
  label: string;
  rows: readonly TControlSummary[];
  /** The organisation's own controls say their theme under the title. */
  showTheme: boolean;
}) {
  const { t } = useTranslation();
  const terms = useControlTerms();
  const formatDay = useDayFormatter();
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="xs" highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={90}>
              {t('controls.table.key')}
            </Table.Th>
            <Table.Th scope="col">{t('controls.table.title')}</Table.Th>
            <Table.Th scope="col">{t('controls.table.applicability')}</Table.Th>
            <Table.Th scope="col">{t('controls.table.status')}</Table.Th>
            <Table.Th scope="col">{t('controls.table.owner')}</Table.Th>
            <Table.Th scope="col">{t('controls.table.risks')}</Table.Th>
            <Table.Th scope="col">{t('controls.table.targetDate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((control) => (
            <Table.Tr key={control.id}>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {control.key}
                </Text>
              </Table.Td>
              <Table.Td maw={420}>
                <ControlLink controlId={control.id} size="sm" fw={600}>
                  {control.title}
                </ControlLink>
                {showTheme && (
                  <Text size="xs" c="dimmed">
                    {t(`controls.terms.theme.${control.theme}`)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t(`controls.terms.applicability.${control.applicability}`)}</Table.Td>
              <Table.Td>{terms.status(control)}</Table.Td>
              <Table.Td>
                {control.owner?.name ?? (
                  <Text span size="sm" c="dimmed">
                    {t('controls.table.unassigned')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{control.risks.length}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {control.targetDate ? formatDay(control.targetDate) : t('controls.table.noDate')}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
