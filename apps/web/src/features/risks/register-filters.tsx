import { Button, Group, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import { RISK_STATUSES, RISK_TREATMENTS, type TMethodology, type TRiskStatus } from '@vigil/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonSelect } from '../people/person-select.tsx';
import { hasRegisterFilters, type RegisterSearch, withoutFilters } from './register-search.ts';

interface RegisterFiltersProps {
  search: RegisterSearch;
  /** A new search; `replace` for typing, which should not fill the history with every word. */
  onChange: (search: RegisterSearch, options?: { replace: boolean }) => void;
  methodology: TMethodology | undefined;
  /** The name of the owner filtered by, when known. */
  ownerName: string | null;
}

type Treatment = NonNullable<RegisterSearch['treatment']>;

/** The register's search box and filters; every change goes into the URL. */
export function RegisterFilters({ search, onChange, methodology, ownerName }: RegisterFiltersProps) {
  const { t } = useTranslation();
  const set = (patch: Partial<RegisterSearch>) => onChange({ ...search, ...patch });

  const levels = methodology?.levels.map((level) => ({ value: level.key, label: level.label })) ?? [];
  // A level of an older methodology version, from a bookmark: still shown, by its key.
  if (search.level && !levels.some((level) => level.value === search.level))
    levels.push({ value: search.level, label: search.level });

  const removable: { name: string; clear: Partial<RegisterSearch> }[] = [];
  if (search.rating && search.likelihood !== undefined && search.impact !== undefined) {
    const point = (scale: TMethodology['likelihood'] | undefined, value: number) => {
      const label = scale?.find((p) => p.value === value)?.label;
      return label ? `${value} ${label}` : String(value);
    };
    removable.push({
      name: t('risks.filters.cell', {
        rating: t(`riskTerms.${search.rating}`),
        likelihood: point(methodology?.likelihood, search.likelihood),
        impact: point(methodology?.impact, search.impact),
      }),
      clear: { rating: undefined, likelihood: undefined, impact: undefined },
    });
  }
  if (search.category)
    removable.push({
      name: t('risks.filters.category', { value: search.category }),
      clear: { category: undefined },
    });
  if (search.tag)
    removable.push({ name: t('risks.filters.tag', { value: search.tag }), clear: { tag: undefined } });
  if (search.assetId) removable.push({ name: t('risks.filters.asset'), clear: { assetId: undefined } });

  return (
    <Stack gap="sm" role="group" aria-label={t('risks.filters.label')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
        <SearchBox
          label={t('risks.filters.search')}
          placeholder={t('risks.filters.searchHint')}
          value={search.q}
          onChange={(q) => onChange({ ...search, q }, { replace: true })}
        />
        <Select
          label={t('risks.filters.level')}
          placeholder={t('risks.filters.any')}
          clearable
          data={levels}
          value={search.level ?? null}
          onChange={(value) => set({ level: value ?? undefined })}
        />
        <Select
          label={t('risks.filters.status')}
          placeholder={t('risks.filters.any')}
          clearable
          data={RISK_STATUSES.map((value) => ({ value, label: t(`riskTerms.status.${value}`) }))}
          value={search.status ?? null}
          onChange={(value) => set({ status: (value as TRiskStatus | null) ?? undefined })}
        />
        <Select
          label={t('risks.filters.treatment')}
          placeholder={t('risks.filters.any')}
          clearable
          data={[...RISK_TREATMENTS, 'none' as const].map((value) => ({
            value,
            label: t(`riskTerms.treatment.${value}`),
          }))}
          value={search.treatment ?? null}
          onChange={(value) => set({ treatment: (value as Treatment | null) ?? undefined })}
        />
        <PersonSelect
          label={t('risks.filters.owner')}
          placeholder={t('risks.filters.any')}
          clearable
          current={search.ownerId && ownerName ? { id: search.ownerId, name: ownerName } : null}
          value={search.ownerId ?? null}
          onChange={(value) => set({ ownerId: value ?? undefined })}
        />
      </SimpleGrid>
      <Group gap="lg" align="center">
        <Switch
          label={t('risks.filters.overdueReview')}
          checked={search.overdueReview === true}
          onChange={(event) => set({ overdueReview: event.currentTarget.checked ? true : undefined })}
        />
        <Switch
          label={t('risks.filters.outdated')}
          checked={search.outdated === true}
          onChange={(event) => set({ outdated: event.currentTarget.checked ? true : undefined })}
        />
        <Switch
          label={t('risks.filters.open')}
          checked={search.open === true}
          onChange={(event) => set({ open: event.currentTarget.checked ? true : undefined })}
        />
        {removable.map(({ name, clear }) => (
          <Button
            key={name}
            size="compact-sm"
            variant="light"
            rightSection={<IconX size={14} aria-hidden />}
            aria-label={t('risks.filters.removeFilter', { name })}
            onClick={() => set(clear)}
          >
            {name}
          </Button>
        ))}
        {hasRegisterFilters(search) && (
          <Button size="compact-sm" variant="subtle" onClick={() => onChange(withoutFilters(search))}>
            {t('risks.filters.clear')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/**
 * The search box: the URL follows what is typed, 300 ms after the last key; when the URL changes by
 * itself (back, "Clear filters", a link) the box follows the URL. Also the control register's.
 */
export function SearchBox({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string | undefined;
  onChange: (q: string | undefined) => void;
}) {
  const [text, setText] = useState(value ?? '');
  const [debounced] = useDebouncedValue(text, 300);
  // What the URL holds as far as this box knows: its own last change, or the URL's last value.
  const known = useRef(value ?? '');

  useEffect(() => {
    if ((value ?? '') === known.current) return;
    known.current = value ?? '';
    setText(value ?? '');
  }, [value]);

  // Only a change of the debounced text pushes to the URL; `onChange` is a new function every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    const next = debounced.trim();
    if (next === known.current) return;
    known.current = next;
    onChange(next === '' ? undefined : next);
  }, [debounced]);

  return (
    <TextInput
      label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      type="search"
      maxLength={200}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
    />
  );
}
