import { Table, Text } from '@mantine/core';
import type { TScalePoint } from '@vigil/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface MatrixGridProps {
  likelihood: readonly TScalePoint[];
  impact: readonly TScalePoint[];
  /** The content of the cell at likelihood index `li` and impact index `ii` (0-based). */
  cell: (li: number, ii: number) => ReactNode;
}

/**
 * The methodology's matrix as a table: likelihood in rows with the highest on top, impact in columns,
 * each axis point with its value and label as a header.
 */
export function MatrixGrid({ likelihood, impact, cell }: MatrixGridProps) {
  const { t } = useTranslation();
  const rows = likelihood.map((point, li) => ({ point, li })).reverse();
  return (
    <Table.ScrollContainer minWidth={120 + impact.length * 120}>
      <Table withTableBorder withColumnBorders verticalSpacing="xs" layout="fixed">
        <Table.Caption>{t('riskMethodology.matrix.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={150}>
              <Text size="xs" c="dimmed">
                {t('riskMethodology.matrix.corner')}
              </Text>
            </Table.Th>
            {impact.map((point) => (
              <Table.Th key={point.value} scope="col">
                <Text size="sm" fw={600}>
                  {t('riskMethodology.point', { value: point.value, label: point.label })}
                </Text>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ point, li }) => (
            <Table.Tr key={point.value}>
              <Table.Th scope="row">
                <Text size="sm" fw={600}>
                  {t('riskMethodology.point', { value: point.value, label: point.label })}
                </Text>
              </Table.Th>
              {impact.map((impactPoint, ii) => (
                <Table.Td key={impactPoint.value}>{cell(li, ii)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
