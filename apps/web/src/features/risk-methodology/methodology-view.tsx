import { List, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { TMethodology, TScalePoint } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { LevelBadge } from '../risks/level-badge.tsx';
import { acceptorLabel } from './acceptors.ts';
import { MatrixGrid } from './matrix-grid.tsx';

function ScaleTable({ title, points }: { title: string; points: readonly TScalePoint[] }) {
  const { t } = useTranslation();
  return (
    <SectionCard title={title}>
      <Table verticalSpacing="xs" aria-label={title}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={70}>
              {t('riskMethodology.scale.value')}
            </Table.Th>
            <Table.Th scope="col">{t('riskMethodology.scale.label')}</Table.Th>
            <Table.Th scope="col">{t('riskMethodology.scale.description')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {points.map((point) => (
            <Table.Tr key={point.value}>
              <Table.Td>{point.value}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {point.label}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {point.description}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </SectionCard>
  );
}

/** Who saved a version and when; the first version is the default nobody saved. */
export function VersionByline({ methodology }: { methodology: TMethodology }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const date = format.dateTime(methodology.createdAt);
  return (
    <Text size="sm" c="dimmed">
      {methodology.createdBy
        ? t('riskMethodology.savedBy', { name: methodology.createdBy.name, date })
        : t('riskMethodology.savedByDefault', { date })}
    </Text>
  );
}

/** A methodology version, read-only: scales, impact dimensions, levels and the matrix. */
export function MethodologyView({ methodology }: { methodology: TMethodology }) {
  const { t } = useTranslation();
  const levels = new Map(methodology.levels.map((level) => [level.key, level]));

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <ScaleTable title={t('riskMethodology.scale.likelihood')} points={methodology.likelihood} />
        <ScaleTable title={t('riskMethodology.scale.impact')} points={methodology.impact} />
      </SimpleGrid>
      <SectionCard
        title={t('riskMethodology.dimensions.title')}
        description={t('riskMethodology.dimensions.hint')}
      >
        {methodology.impactDimensions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('riskMethodology.dimensions.none')}
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {methodology.impactDimensions.map((dimension) => (
              <List.Item key={dimension}>{dimension}</List.Item>
            ))}
          </List>
        )}
      </SectionCard>
      <SectionCard title={t('riskMethodology.levels.title')} description={t('riskMethodology.levels.hint')}>
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" aria-label={t('riskMethodology.levels.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('riskMethodology.levels.level')}</Table.Th>
                <Table.Th scope="col">{t('riskMethodology.levels.key')}</Table.Th>
                <Table.Th scope="col">{t('riskMethodology.levels.review')}</Table.Th>
                <Table.Th scope="col">{t('riskMethodology.levels.acceptableBy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {methodology.levels.map((level) => (
                <Table.Tr key={level.key}>
                  <Table.Td>
                    <LevelBadge level={level} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {level.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {t('riskMethodology.reviewEvery', { count: level.reviewIntervalMonths })}
                  </Table.Td>
                  <Table.Td>
                    {level.acceptableBy.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('riskMethodology.levels.notAcceptable')}
                      </Text>
                    ) : (
                      level.acceptableBy.map((acceptor) => acceptorLabel(t, acceptor)).join(', ')
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </SectionCard>
      <SectionCard title={t('riskMethodology.matrix.title')} description={t('riskMethodology.matrix.hint')}>
        <MatrixGrid
          likelihood={methodology.likelihood}
          impact={methodology.impact}
          cell={(li, ii) => {
            const key = methodology.matrix[li]?.[ii] ?? '';
            const level = levels.get(key);
            return level ? <LevelBadge level={level} /> : <Text size="sm">{key}</Text>;
          }}
        />
      </SectionCard>
    </Stack>
  );
}
