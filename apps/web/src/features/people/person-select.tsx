import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePeople } from './people.queries.ts';

export interface PersonOption {
  id: string;
  name: string;
}

type PersonSelectProps = Omit<
  SelectProps,
  'data' | 'value' | 'onChange' | 'searchable' | 'onSearchChange'
> & {
  /** The chosen membership id, or null. */
  value: string | null;
  onChange: (value: string | null) => void;
  /** The person currently chosen, so their name shows before the search has loaded them. */
  current?: PersonOption | null;
  /** Leave out this membership (e.g. the person being edited). */
  excludeId?: string;
};

/** Picks an active member of the organisation by name, searching the server as the user types. */
export function PersonSelect({ value, onChange, current, excludeId, ...props }: PersonSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const candidates = usePeople({ search: debouncedSearch, department: '', role: null, status: 'active' });

  const options = new Map<string, string>();
  if (current) options.set(current.id, current.name);
  for (const page of candidates.data?.pages ?? [])
    for (const person of page.items) if (person.id !== excludeId) options.set(person.id, person.name);

  return (
    <Select
      searchable
      onSearchChange={setSearch}
      nothingFoundMessage={t('forms.nothingFound')}
      data={[...options].map(([id, name]) => ({ value: id, label: name }))}
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}
