import { Button, Group, Select, SimpleGrid, Stack } from '@mantine/core';
import { CONTROL_APPLICABILITIES, CONTROL_THEMES, IMPLEMENTATION_STATUSES } from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { PersonSelect } from '../people/person-select.tsx';
import { SearchBox } from '../risks/register-filters.tsx';
import { ATTRIBUTE_FILTERS, ATTRIBUTE_KINDS, ATTRIBUTE_VALUES, useControlTerms } from './control-terms.ts';
import { type ControlsSearch, hasControlFilters, withoutControlFilters } from './controls-search.ts';
import { RiskSelect } from './risk-select.tsx';

interface ControlsFiltersProps {
  search: ControlsSearch;
  /** A new search; `replace` for typing, which should not fill the history with every word. */
  onChange: (search: ControlsSearch, options?: { replace: boolean }) => void;
  /** The name of the owner filtered by, when known. */
  ownerName: string | null;
  /** `KEY · title` of the risk filtered by, when known. */
  riskName: string | null;
}

/** The register's search box and filters (status, applicability, owner, attributes, risk); every change goes into the URL. */
export function ControlsFilters({ search, onChange, ownerName, riskName }: ControlsFiltersProps) {
  const { t } = useTranslation();
  const terms = useControlTerms();
  const set = (patch: Partial<ControlsSearch>) => onChange({ ...search, ...patch });

  /** A select of one vocabulary, labelled in words; clearing it drops the filter. */
  const vocabulary = <K extends keyof ControlsSearch>(
    key: K,
    label: string,
    values: readonly string[],
    labelOf: (value: string) => string,
  ) => (
    <Select
      key={key}
      label={label}
      placeholder={t('controls.filters.any')}
      clearable
      data={values.map((value) => ({ value, label: labelOf(value) }))}
      value={(search[key] as string | undefined) ?? null}
      onChange={(value) => set({ [key]: value ?? undefined } as Partial<ControlsSearch>)}
    />
  );

  return (
    <Stack gap="sm" role="group" aria-label={t('controls.filters.label')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
        <SearchBox
          label={t('controls.filters.search')}
          placeholder={t('controls.filters.searchHint')}
          value={search.q}
          onChange={(q) => onChange({ ...search, q }, { replace: true })}
        />
        {vocabulary('theme', t('controls.filters.theme'), CONTROL_THEMES, (v) =>
          t(`controls.terms.theme.${v as (typeof CONTROL_THEMES)[number]}`),
        )}
        {vocabulary('applicability', t('controls.filters.applicability'), CONTROL_APPLICABILITIES, (v) =>
          t(`controls.terms.applicability.${v as (typeof CONTROL_APPLICABILITIES)[number]}`),
        )}
        {vocabulary('status', t('controls.filters.status'), IMPLEMENTATION_STATUSES, (v) =>
          t(`controls.terms.status.${v as (typeof IMPLEMENTATION_STATUSES)[number]}`),
        )}
        <PersonSelect
          label={t('controls.filters.owner')}
          placeholder={t('controls.filters.any')}
          clearable
          current={search.ownerId && ownerName ? { id: search.ownerId, name: ownerName } : null}
          value={search.ownerId ?? null}
          onChange={(value) => set({ ownerId: value ?? undefined })}
        />
        {ATTRIBUTE_KINDS.map((kind) =>
          vocabulary(ATTRIBUTE_FILTERS[kind], t(`controls.attributes.${kind}`), ATTRIBUTE_VALUES[kind], (v) =>
            terms.attribute(kind, v),
          ),
        )}
      </SimpleGrid>
      <Group gap="sm" align="flex-end">
        <RiskSelect
          label={t('controls.filters.risk')}
          placeholder={t('controls.filters.any')}
          clearable
          w={{ base: '100%', sm: 420 }}
          current={search.riskId && riskName ? { id: search.riskId, label: riskName } : null}
          value={search.riskId ?? null}
          onChange={(value) => set({ riskId: value ?? undefined })}
        />
        {hasControlFilters(search) && (
          <Button variant="subtle" onClick={() => onChange(withoutControlFilters(search))}>
            {t('controls.filters.clear')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
