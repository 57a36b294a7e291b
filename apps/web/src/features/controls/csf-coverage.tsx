import { Group, List, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconCircleCheck,
  IconCircleDashed,
  IconCircleHalf2,
  IconCircleX,
  type TablerIcon,
} from '@tabler/icons-react';
import {
  COVERAGE_STATUSES,
  type TCoverageStatus,
  type TCsfCoverage,
  type TCsfCoverageItem,
  type TCsfFunction,
} from '@vigil/contracts';
import { memo, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { ControlLink } from './control-link.tsx';
import { useCsfCoverage } from './controls.queries.ts';

/** Each status's icon and colour; the status is always written beside it. */
const STATUS_LOOK: Record<TCoverageStatus, { icon: TablerIcon; colour: string }> = {
  covered: { icon: IconCircleCheck, colour: 'var(--mantine-color-teal-7)' },
  partial: { icon: IconCircleHalf2, colour: 'var(--mantine-color-yellow-7)' },
  not_covered: { icon: IconCircleX, colour: 'var(--mantine-color-red-7)' },
  not_mapped: { icon: IconCircleDashed, colour: 'var(--mantine-color-gray-6)' },
};

/** A coverage status as an icon and words: never colour alone. */
export function CoverageStatus({ status }: { status: TCoverageStatus }) {
  const { t } = useTranslation();
  const { icon: Icon, colour } = STATUS_LOOK[status];
  return (
    <Group gap={6} wrap="nowrap">
      <Icon size={18} stroke={1.8} color={colour} aria-hidden />
      <Text span size="sm">
        {t(`controls.coverage.statuses.${status}`)}
      </Text>
    </Group>
  );
}

interface CategoryGroup {
  category: string;
  items: TCsfCoverageItem[];
}

/** The items (in the server's order: function, then id) by function, then by category. */
function byFunction(items: readonly TCsfCoverageItem[]): [TCsfFunction, CategoryGroup[]][] {
  const functions = new Map<TCsfFunction, Map<string, TCsfCoverageItem[]>>();
  for (const item of items) {
    const categories = functions.get(item.function) ?? new Map<string, TCsfCoverageItem[]>();
    functions.set(item.function, categories);
    const list = categories.get(item.category) ?? [];
    categories.set(item.category, list);
    list.push(item);
  }
  return [...functions].map(([fn, categories]) => [
    fn,
    [...categories].map(([category, list]) => ({ category, items: list })),
  ]);
}

/**
 * The "NIST CSF 2.0 coverage" tab of the register: every CSF 2.0 subcategory by function and category,
 * how far the organisation's Annex A controls cover it, and the controls mapped to it.
 */
export function CsfCoverageView() {
  const { t } = useTranslation();
  const coverage = useCsfCoverage();
  if (coverage.error) return <FormError error={coverage.error} />;
  if (!coverage.data)
    return (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('controls.coverage.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  return <Coverage coverage={coverage.data} />;
}

function Coverage({ coverage }: { coverage: TCsfCoverage }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<TCoverageStatus | null>(null);
  const items = useMemo(
    () => (shown ? coverage.items.filter((item) => item.status === shown) : coverage.items),
    [coverage.items, shown],
  );
  const functions = useMemo(() => byFunction(items), [items]);

  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        {t('controls.coverage.lead')}
      </Text>
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('controls.coverage.summary', { count: coverage.items.length })}
          </Text>
          <Group component="ul" gap="lg" m={0} p={0} style={{ listStyle: 'none' }}>
            {COVERAGE_STATUSES.map((status) => (
              <Group component="li" key={status} gap={6} wrap="nowrap">
                <CoverageStatus status={status} />
                <Text span size="sm" fw={700}>
                  {coverage.summary[status]}
                </Text>
              </Group>
            ))}
          </Group>
        </Stack>
        <Select
          label={t('controls.coverage.show')}
          w={260}
          allowDeselect={false}
          data={[
            { value: 'all', label: t('controls.coverage.all') },
            ...COVERAGE_STATUSES.map((status) => ({
              value: status,
              label: t('controls.coverage.option', {
                status: t(`controls.coverage.statuses.${status}`),
                count: coverage.summary[status],
              }),
            })),
          ]}
          value={shown ?? 'all'}
          onChange={(value) =>
            setShown(value === 'all' || value === null ? null : (value as TCoverageStatus))
          }
        />
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed" role="status">
          {t('controls.coverage.nothing')}
        </Text>
      ) : (
        functions.map(([fn, categories]) => <CsfFunction key={fn} fn={fn} categories={categories} />)
      )}
    </Stack>
  );
}

/** One CSF function (h2) with a table per category (h3). */
const CsfFunction = memo(function CsfFunction({
  fn,
  categories,
}: {
  fn: TCsfFunction;
  categories: readonly CategoryGroup[];
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Stack gap="md" component="section" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId}>
        {t(`controls.coverage.function.${fn}`)}
      </Title>
      {categories.map((group) => (
        <CsfCategory key={group.category} group={group} />
      ))}
    </Stack>
  );
});

function CsfCategory({ group }: { group: CategoryGroup }) {
  const { t } = useTranslation();
  const key = `controls.coverage.category.${group.category.replace('.', '_')}`;
  // A category this page has no name for (a newer CSF revision) is shown by its id alone.
  const name = t(key as 'controls.coverage.category.GV_OC', { defaultValue: '' });
  const heading = name ? `${group.category} · ${name}` : group.category;
  return (
    <Stack gap={6}>
      <Title order={3} size="h5">
        {heading}
      </Title>
      <Table.ScrollContainer minWidth={860}>
        <Table verticalSpacing="xs" aria-label={t('controls.coverage.caption', { category: heading })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={110}>
                {t('controls.coverage.subcategory')}
              </Table.Th>
              <Table.Th scope="col">{t('controls.coverage.description')}</Table.Th>
              <Table.Th scope="col" w={150}>
                {t('controls.coverage.status')}
              </Table.Th>
              <Table.Th scope="col">{t('controls.coverage.controls')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {item.id}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{item.label}</Text>
                </Table.Td>
                <Table.Td>
                  <CoverageStatus status={item.status} />
                </Table.Td>
                <Table.Td>
                  <MappedControls item={item} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** The mapped controls as links, each with where it stands (excluded, or its implementation status). */
function MappedControls({ item }: { item: TCsfCoverageItem }) {
  const { t } = useTranslation();
  if (item.controls.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('controls.coverage.noControls')}
      </Text>
    );
  return (
    <List size="sm" spacing={2} listStyleType="none">
      {item.controls.map((control) => (
        <List.Item key={control.controlId}>
          <ControlLink controlId={control.controlId} size="sm">
            {control.key} {control.title}
          </ControlLink>{' '}
          <Text span size="sm" c="dimmed">
            (
            {control.applicability === 'not_applicable'
              ? t('controls.terms.applicability.not_applicable')
              : t(`controls.terms.status.${control.implementationStatus}`)}
            )
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
