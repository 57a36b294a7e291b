import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NO_ASSET_FILTERS, useAssets } from './assets.queries.ts';

export interface AssetOption {
  id: string;
  key: string;
  name: string;
}

type AssetSelectProps = Omit<
  MultiSelectProps,
  'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange'
> & {
  /** The chosen asset ids. */
  value: string[];
  onChange: (value: string[]) => void;
  /** The assets chosen already, so their names show before the search has loaded them. */
  current?: readonly AssetOption[];
};

/** `ASSET-3 · Citizen submissions`: how an asset is named in a picker. */
export function assetLabel(asset: AssetOption): string {
  return `${asset.key} · ${asset.name}`;
}

/** Picks assets of the organisation by key and name, searching the server as the user types. */
export function AssetSelect({ value, onChange, current = [], ...props }: AssetSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const candidates = useAssets({ ...NO_ASSET_FILTERS, q: debouncedSearch });

  const options = new Map<string, string>();
  for (const asset of current) options.set(asset.id, assetLabel(asset));
  for (const page of candidates.data?.pages ?? [])
    for (const asset of page.items) options.set(asset.id, assetLabel(asset));

  return (
    <MultiSelect
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={t('forms.nothingFound')}
      data={[...options].map(([id, label]) => ({ value: id, label }))}
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}
