import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type ControlOption, controlLabel, useControlOptions } from './evidence.queries.ts';

type ControlSelectProps = Omit<MultiSelectProps, 'data' | 'value' | 'onChange' | 'searchable'> & {
  /** The chosen control ids. */
  value: string[];
  onChange: (value: string[]) => void;
  /** The controls that may be chosen; every control when omitted. */
  allowed?: (control: ControlOption) => boolean;
};

/** Picks controls of the register by key and title (the whole register is loaded once). */
export function ControlSelect({ value, onChange, allowed = () => true, ...props }: ControlSelectProps) {
  const { t } = useTranslation();
  const controls = useControlOptions();
  return (
    <MultiSelect
      searchable
      nothingFoundMessage={t('forms.nothingFound')}
      data={(controls.data ?? [])
        .filter((control) => allowed(control) || value.includes(control.id))
        .map((control) => ({ value: control.id, label: controlLabel(control) }))}
      value={value}
      onChange={onChange}
      {...props}
    />
  );
}
