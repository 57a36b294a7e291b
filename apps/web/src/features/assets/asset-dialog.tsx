import { Button, Checkbox, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  ASSET_KINDS,
  CLASSIFICATIONS,
  type TAsset,
  ZAsset,
  ZCreateAssetRequest,
  ZUpdateAssetRequest,
} from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conflictCurrent, LoadCurrentButton } from '../../app/forms/conflict.tsx';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { PersonSelect } from '../people/person-select.tsx';
import { useCreateAsset, useUpdateAsset } from './assets.queries.ts';
import { IMPORTANCE_KEYS } from './importance.ts';

const CIA = ['confidentiality', 'integrity', 'availability'] as const;

function formValues(asset: TAsset | null) {
  return {
    name: asset?.name ?? '',
    kind: (asset?.kind ?? 'information') as string,
    description: asset?.description ?? '',
    ownerId: asset?.owner?.id ?? '',
    classification: (asset?.classification ?? 'internal') as string,
    personalData: asset?.personalData ?? false,
    citizenData: asset?.citizenData ?? false,
    confidentiality: String(asset?.confidentiality ?? 2),
    integrity: String(asset?.integrity ?? 2),
    availability: String(asset?.availability ?? 2),
    location: asset?.location ?? '',
    notes: asset?.notes ?? '',
  };
}

type Values = ReturnType<typeof formValues>;

/** The values as the API takes them: importance as numbers, no owner or location as null. */
function requestFields(values: Values) {
  return {
    name: values.name,
    kind: values.kind,
    description: values.description,
    ownerId: values.ownerId === '' ? null : values.ownerId,
    classification: values.classification,
    personalData: values.personalData,
    citizenData: values.citizenData,
    confidentiality: Number(values.confidentiality),
    integrity: Number(values.integrity),
    availability: Number(values.availability),
    location: values.location.trim() === '' ? null : values.location,
    notes: values.notes,
  };
}

/** Only the fields that changed, with the version that was read. */
function changes(asset: TAsset, values: Values): Record<string, unknown> {
  const before = requestFields(formValues(asset));
  const after = requestFields(values);
  const body: Record<string, unknown> = { version: asset.version };
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    const next = after[key];
    const changed = typeof next === 'string' ? next.trim() !== before[key] : next !== before[key];
    if (changed) body[key] = next;
  }
  return body;
}

/** Registers an asset (`asset` null) or edits one; permission asset:manage. */
export function AssetDialog({ asset: initial, onClose }: { asset: TAsset | null; onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateAsset();
  const update = useUpdateAsset();
  const [asset, setAsset] = useState(initial);
  const form = useForm(formValues(initial));
  const mutation = asset ? update : create;

  const failure = update.error;
  const current = conflictCurrent(failure, ZAsset);

  const done = (saved: TAsset, message: 'assets.created' | 'assets.saved') => {
    notifications.show({ color: 'teal', message: t(message, { key: saved.key, name: saved.name }) });
    onClose();
  };

  const submit = () => {
    const onError = (error: unknown) => form.showServerErrors(error);
    if (asset) {
      const body = form.validate(ZUpdateAssetRequest, changes(asset, form.values));
      if (!body) return;
      update.mutate({ id: asset.id, body }, { onSuccess: (saved) => done(saved, 'assets.saved'), onError });
    } else {
      const body = form.validate(ZCreateAssetRequest, requestFields(form.values));
      if (!body) return;
      create.mutate(body, { onSuccess: (saved) => done(saved, 'assets.created'), onError });
    }
  };

  const select = (key: 'kind' | 'classification' | 'ownerId' | (typeof CIA)[number]) => ({
    value: form.values[key] === '' ? null : form.values[key],
    onChange: (value: string | null) => form.setFieldValue(key, value ?? ''),
    error: form.errors[key],
  });

  return (
    <AppModal
      opened
      onClose={onClose}
      title={asset ? t('assets.editTitle', { key: asset.key, name: asset.name }) : t('assets.createTitle')}
      size="lg"
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('assets.fields.name')} required data-autofocus {...form.textInput('name')} />
            <Select
              label={t('assets.fields.kind')}
              required
              allowDeselect={false}
              data={ASSET_KINDS.map((value) => ({ value, label: t(`riskTerms.assetKind.${value}`) }))}
              {...select('kind')}
            />
            <Select
              label={t('assets.fields.classification')}
              required
              allowDeselect={false}
              data={CLASSIFICATIONS.map((value) => ({
                value,
                label: t(`riskTerms.classification.${value}`),
              }))}
              {...select('classification')}
            />
            <PersonSelect
              label={t('assets.fields.owner')}
              description={t('assets.fields.ownerHint')}
              placeholder={t('assets.fields.notSet')}
              clearable
              current={asset?.owner ?? null}
              {...select('ownerId')}
            />
          </SimpleGrid>
          <Textarea label={t('assets.fields.description')} rows={3} {...form.textInput('description')} />
          <Stack gap="xs">
            <Checkbox label={t('assets.fields.personalData')} {...form.checkbox('personalData')} />
            <Checkbox
              label={t('assets.fields.citizenData')}
              description={t('assets.fields.citizenDataHint')}
              {...form.checkbox('citizenData')}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('assets.fields.importance')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('assets.fields.importanceHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              {CIA.map((property) => (
                <Select
                  key={property}
                  label={t(`riskTerms.affects.${property}`)}
                  allowDeselect={false}
                  data={IMPORTANCE_KEYS.map((key, i) => ({
                    value: String(i + 1),
                    label: t(`assets.importanceLevel.${key}`),
                  }))}
                  {...select(property)}
                />
              ))}
            </SimpleGrid>
          </Stack>
          <TextInput
            label={t('assets.fields.location')}
            description={t('assets.fields.locationHint')}
            {...form.textInput('location')}
          />
          <Textarea label={t('assets.fields.notes')} rows={3} {...form.textInput('notes')} />
          <FormError error={mutation.error} fields={Object.keys(form.values)} />
          {current && (
            <LoadCurrentButton
              onClick={() => {
                setAsset(current);
                form.reset(formValues(current));
                update.reset();
              }}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {asset ? t('forms.save') : t('assets.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
