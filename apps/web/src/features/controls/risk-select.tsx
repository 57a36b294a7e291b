import {
  MultiSelect,
  type MultiSelectProps,
  type OptionsFilter,
  Select,
  type SelectProps,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRiskOptions } from './controls.queries.ts';

export interface RiskOption {
  id: string;
  /** `RISK-3 · Phishing of support staff`. */
  label: string;
}

/** `RISK-3 · Phishing of support staff`: how a risk is named in a picker. */
export function riskLabel(risk: { key: string; title: string }): string {
  return `${risk.key} · ${risk.title}`;
}

/** The server searched already (words of title, threat, vulnerability, consequence): show what it found. */
const serverFiltered: OptionsFilter = ({ options }) => options;

/** The options: the risks chosen already, then the open risks the server found for the typed words. */
function useOptions(current: readonly RiskOption[]) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const candidates = useRiskOptions(debouncedSearch.trim());
  const options = new Map<string, string>();
  for (const risk of current) options.set(risk.id, risk.label);
  for (const risk of candidates.data?.items ?? []) options.set(risk.id, riskLabel(risk));
  return {
    search,
    setSearch,
    data: [...options].map(([value, label]) => ({ value, label })),
  };
}

type RiskMultiSelectProps = Omit<
  MultiSelectProps,
  'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange' | 'filter'
> & {
  /** The chosen risk ids. */
  value: string[];
  onChange: (value: string[]) => void;
  /** The risks chosen already, so their names show before the search has loaded them. */
  current: readonly RiskOption[];
};

/** Picks risks of the organisation, searching the open risks on the server as the user types. */
export function RiskMultiSelect({ value, onChange, current, ...props }: RiskMultiSelectProps) {
  const { t } = useTranslation();
  const options = useOptions(current);
  return (
    <MultiSelect
      searchable
      searchValue={options.search}
      onSearchChange={options.setSearch}
      filter={serverFiltered}
      nothingFoundMessage={t('forms.nothingFound')}
      data={options.data}
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}

type RiskSelectProps = Omit<
  SelectProps,
  'data' | 'value' | 'onChange' | 'searchable' | 'onSearchChange' | 'filter'
> & {
  /** The chosen risk id, or null. */
  value: string | null;
  onChange: (value: string | null) => void;
  /** The risk chosen already, so its name shows before the search has loaded it. */
  current: RiskOption | null;
};

/** Picks one risk of the organisation, searching the open risks on the server as the user types. */
export function RiskSelect({ value, onChange, current, ...props }: RiskSelectProps) {
  const { t } = useTranslation();
  const options = useOptions(current ? [current] : []);
  return (
    <Select
      searchable
      onSearchChange={options.setSearch}
      filter={serverFiltered}
      nothingFoundMessage={t('forms.nothingFound')}
      data={options.data}
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}
