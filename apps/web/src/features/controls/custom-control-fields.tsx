import { MultiSelect, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { CONTROL_THEMES, type TControlAttributes, type TControlSummary } from '@vigil/contracts';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import type { FieldErrors } from '../../app/forms/use-form.ts';
import { ATTRIBUTE_KINDS, ATTRIBUTE_VALUES, type TAttributeKind, useControlTerms } from './control-terms.ts';

/** A list as a form value (the form holds strings and booleans only). */
export function listValue(items: readonly string[]): string {
  return JSON.stringify(items);
}

export function parseList(value: string): string[] {
  return JSON.parse(value) as string[];
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** The fields only the organisation's own controls have (Annex A controls keep Annex A's). */
export function customControlValues(control: TControlSummary | null) {
  return {
    title: control?.title ?? '',
    theme: (control?.theme ?? 'organisational') as string,
    description: control?.description ?? '',
    controlTypes: listValue(control?.attributes.controlTypes ?? []),
    properties: listValue(control?.attributes.properties ?? []),
    concepts: listValue(control?.attributes.concepts ?? []),
    capabilities: listValue(control?.attributes.capabilities ?? []),
    domains: listValue(control?.attributes.domains ?? []),
  };
}

export type CustomControlValues = ReturnType<typeof customControlValues>;

/** The attribute lists of the form, as a request sends them. */
export function attributesOf(values: CustomControlValues): TControlAttributes {
  const attributes: Record<string, string[]> = {};
  for (const kind of ATTRIBUTE_KINDS) attributes[kind] = parseList(values[kind]);
  return attributes as TControlAttributes;
}

/** The form field of a request field's error (`attributes.controlTypes.1` -> `controlTypes`, `inclusionReasons.0` -> `inclusionReasons`). */
export function formFieldOf(path: string): string {
  const [head = path, next] = path.split('.');
  if (head === 'attributes' && next) return next;
  return head;
}

/** Aliases that put the server's errors on nested request fields next to the form field holding them. */
export function serverAliases(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  return Object.fromEntries(Object.keys(error.fieldErrorMap()).map((path) => [path, formFieldOf(path)]));
}

/** The request fields of the server's errors that the form shows next to a field (the rest need an alert). */
export function shownServerFields(error: unknown, values: object): string[] {
  if (!isApiError(error)) return [];
  return Object.keys(error.fieldErrorMap()).filter((path) => formFieldOf(path) in values);
}

/** What the fields need of a `useForm` holding at least these values. */
interface CustomControlForm {
  values: CustomControlValues;
  errors: FieldErrors;
  setFieldValue(name: keyof CustomControlValues, value: string): void;
  textInput(name: 'title' | 'description'): {
    name: string;
    value: string;
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
    error: string | undefined;
  };
}

/** Title, theme, description and the five attributes of a control of the organisation's own. */
export function CustomControlFields({ form, autoFocus }: { form: CustomControlForm; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const terms = useControlTerms();
  const attribute = (kind: TAttributeKind) => (
    <MultiSelect
      key={kind}
      label={t(`controls.attributes.${kind}`)}
      data={ATTRIBUTE_VALUES[kind].map((value) => ({ value, label: terms.attribute(kind, value) }))}
      value={parseList(form.values[kind])}
      onChange={(chosen) => form.setFieldValue(kind, listValue(chosen))}
      error={form.errors[kind]}
      clearable
    />
  );
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput
          label={t('controls.fields.title')}
          required
          data-autofocus={autoFocus || undefined}
          {...form.textInput('title')}
        />
        <Select
          label={t('controls.fields.theme')}
          required
          allowDeselect={false}
          data={CONTROL_THEMES.map((value) => ({ value, label: t(`controls.terms.theme.${value}`) }))}
          value={form.values.theme}
          onChange={(value) => form.setFieldValue('theme', value ?? 'organisational')}
          error={form.errors.theme}
        />
      </SimpleGrid>
      <Textarea
        label={t('controls.fields.description')}
        description={t('controls.fields.descriptionHint')}
        rows={3}
        {...form.textInput('description')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        {ATTRIBUTE_KINDS.map(attribute)}
      </SimpleGrid>
    </Stack>
  );
}
