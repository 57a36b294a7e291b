import {
  Button,
  Checkbox,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  CONTROL_APPLICABILITIES,
  IMPLEMENTATION_STATUSES,
  INCLUSION_REASONS,
  type TSoaCurrentEntry,
  ZControl,
  ZUpdateControlRequest,
} from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { conflictCurrent, LoadCurrentButton } from '../../app/forms/conflict.tsx';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useUpdateSoaControl } from './soa.queries.ts';

/** The SoA fields of a control as read, from an SoA row or from a control (a 409's `current`). */
interface Editable {
  id: string;
  key: string;
  title: string;
  applicability: TSoaCurrentEntry['applicability'];
  inclusionReasons: readonly string[];
  inclusionNote: string | null;
  exclusionJustification: string | null;
  implementationStatus: TSoaCurrentEntry['implementationStatus'];
  inheritedFrom: string | null;
  targetDate: string | null;
  version: number;
}

function fromEntry(entry: TSoaCurrentEntry): Editable {
  return { ...entry, id: entry.controlId, version: entry.controlVersion };
}

function formValues(control: Editable) {
  return {
    applicability: control.applicability as string,
    /** The chosen reasons, comma-separated (the form holds text and booleans only). */
    inclusionReasons: control.inclusionReasons.join(','),
    inclusionNote: control.inclusionNote ?? '',
    exclusionJustification: control.exclusionJustification ?? '',
    implementationStatus: control.implementationStatus as string,
    inheritedFrom: control.inheritedFrom ?? '',
    targetDate: control.targetDate ?? '',
  };
}

type Values = ReturnType<typeof formValues>;

/** The values as the API takes them: blank text as null; a supplier only with the inherited status. */
function requestFields(values: Values) {
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  return {
    applicability: values.applicability,
    inclusionReasons: values.inclusionReasons === '' ? [] : values.inclusionReasons.split(','),
    inclusionNote: text(values.inclusionNote),
    exclusionJustification: text(values.exclusionJustification),
    implementationStatus: values.implementationStatus,
    inheritedFrom: values.implementationStatus === 'inherited' ? text(values.inheritedFrom) : null,
    targetDate: text(values.targetDate),
  };
}

/** Only the fields that changed, with the control's version as read. */
function changes(control: Editable, values: Values): Record<string, unknown> {
  const before = requestFields(formValues(control));
  const after = requestFields(values);
  const body: Record<string, unknown> = { version: control.version };
  for (const key of Object.keys(after) as (keyof typeof after)[]) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) body[key] = after[key];
  }
  return body;
}

/**
 * Edits one control's place in the SoA from its row: applicability, the justification of its
 * inclusion or exclusion, its implementation status (with the supplier when inherited) and target date.
 * The server checks the rules (an exclusion needs a justification) and shows them next to the fields;
 * a 409 offers the version someone else saved.
 */
export function SoaEditDialog({ entry, onClose }: { entry: TSoaCurrentEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateSoaControl();
  const [control, setControl] = useState(() => fromEntry(entry));
  const form = useForm(formValues(control));
  const { values } = form;

  const failure = update.error;
  const conflict = isApiError(failure) && failure.code === 'conflict';
  const current = conflictCurrent(failure, ZControl);

  const submit = () => {
    const body = form.validate(ZUpdateControlRequest, changes(control, values));
    if (!body) return;
    update.mutate(
      { id: control.id, body },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('soa.edit.saved', { key: saved.key }) });
          onClose();
        },
        onError: (error) => form.showServerErrors(error),
      },
    );
  };

  const reasons = values.inclusionReasons === '' ? [] : values.inclusionReasons.split(',');

  return (
    <AppModal
      opened
      onClose={onClose}
      title={t('soa.edit.title', { key: control.key, title: control.title })}
      size="lg"
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <Radio.Group
            label={t('soa.edit.applicability')}
            value={values.applicability}
            onChange={(value) => form.setFieldValue('applicability', value)}
            error={form.errors.applicability}
          >
            <Group gap="lg" mt={6}>
              {CONTROL_APPLICABILITIES.map((value) => (
                <Radio
                  key={value}
                  value={value}
                  label={t(`controls.terms.applicability.${value}`)}
                  data-autofocus={value === values.applicability ? true : undefined}
                />
              ))}
            </Group>
          </Radio.Group>
          {values.applicability === 'applicable' && (
            <>
              <Checkbox.Group
                label={t('soa.edit.reasons')}
                description={t('soa.edit.reasonsHint')}
                value={reasons}
                onChange={(next) =>
                  form.setFieldValue(
                    'inclusionReasons',
                    // in the vocabulary's order, as the server stores them
                    INCLUSION_REASONS.filter((reason) => next.includes(reason)).join(','),
                  )
                }
                error={form.errors.inclusionReasons}
              >
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt={6}>
                  {INCLUSION_REASONS.map((reason) => (
                    <Checkbox
                      key={reason}
                      value={reason}
                      label={t(`controls.terms.inclusionReason.${reason}`)}
                    />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
              <Textarea
                label={t('soa.edit.inclusionNote')}
                description={t('soa.edit.inclusionNoteHint')}
                rows={3}
                {...form.textInput('inclusionNote')}
              />
            </>
          )}
          {values.applicability === 'not_applicable' && (
            <Textarea
              label={t('soa.edit.exclusionJustification')}
              description={t('soa.edit.exclusionJustificationHint')}
              required
              rows={3}
              {...form.textInput('exclusionJustification')}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('soa.edit.status')}
              allowDeselect={false}
              data={IMPLEMENTATION_STATUSES.map((value) => ({
                value,
                label: t(`controls.terms.status.${value}`),
              }))}
              value={values.implementationStatus}
              onChange={(value) => value && form.setFieldValue('implementationStatus', value)}
              error={form.errors.implementationStatus}
            />
            <TextInput
              type="date"
              label={t('soa.edit.targetDate')}
              description={t('soa.edit.targetDateHint')}
              {...form.textInput('targetDate')}
            />
          </SimpleGrid>
          {values.implementationStatus === 'inherited' && (
            <TextInput
              label={t('soa.edit.inheritedFrom')}
              description={t('soa.edit.inheritedFromHint')}
              required
              maxLength={200}
              {...form.textInput('inheritedFrom')}
            />
          )}
          <FormError
            error={update.error}
            fields={Object.keys(values)}
            hint={conflict ? t('soa.edit.conflict') : undefined}
          />
          {current && (
            <LoadCurrentButton
              onClick={() => {
                const next: Editable = current;
                setControl(next);
                form.reset(formValues(next));
                update.reset();
              }}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('forms.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
