import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  CONTROL_APPLICABILITIES,
  IMPLEMENTATION_STATUSES,
  INCLUSION_REASONS,
  type TControl,
  ZControl,
  ZUpdateControlRequest,
} from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConflictNotice, conflictCurrent } from '../../app/forms/conflict.tsx';
import { FormError } from '../../app/forms/form-error.tsx';
import { type FieldErrors, onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { PersonSelect } from '../people/person-select.tsx';
import { checkRequest } from '../risks/risk-detail-forms.ts';
import { ATTRIBUTE_KINDS } from './control-terms.ts';
import { useUpdateControl } from './controls.queries.ts';
import {
  attributesOf,
  CustomControlFields,
  customControlValues,
  formFieldOf,
  listValue,
  parseList,
  sameList,
  serverAliases,
  shownServerFields,
} from './custom-control-fields.tsx';

function formValues(control: TControl) {
  return {
    ...customControlValues(control),
    applicability: control.applicability as string,
    inclusionReasons: listValue(control.inclusionReasons),
    inclusionNote: control.inclusionNote ?? '',
    exclusionJustification: control.exclusionJustification ?? '',
    implementationStatus: control.implementationStatus as string,
    inheritedFrom: control.inheritedFrom ?? '',
    implementationDescription: control.implementationDescription,
    ownerId: control.owner?.id ?? '',
    targetDate: control.targetDate ?? '',
  };
}

type Values = ReturnType<typeof formValues>;

/** Blank text as null (cleared); other text as typed, for the contract to trim and check. */
const orNull = (value: string) => (value.trim() === '' ? null : value);

/**
 * The fields as the control will have them: a control that applies has no exclusion justification, one
 * that does not apply no inclusion reasons (the form keeps them while the applicability is undecided).
 */
function effective(values: Values): Values {
  if (values.applicability === 'applicable') return { ...values, exclusionJustification: '' };
  if (values.applicability === 'not_applicable')
    return { ...values, inclusionReasons: listValue([]), inclusionNote: '' };
  return values;
}

/** The request: only the fields that changed, with the version that was read. */
function updateRequest(control: TControl, values: Values): Record<string, unknown> {
  const before = formValues(control);
  const after = effective(values);
  const body: Record<string, unknown> = { version: control.version };
  if (control.source === 'custom') {
    for (const key of ['title', 'description'] as const)
      if (after[key].trim() !== before[key]) body[key] = after[key];
    if (after.theme !== before.theme) body.theme = after.theme;
    if (ATTRIBUTE_KINDS.some((kind) => !sameList(parseList(after[kind]), parseList(before[kind]))))
      body.attributes = attributesOf(after);
  }
  if (after.applicability !== before.applicability) body.applicability = after.applicability;
  if (!sameList(parseList(after.inclusionReasons), parseList(before.inclusionReasons)))
    body.inclusionReasons = parseList(after.inclusionReasons);
  for (const key of ['inclusionNote', 'exclusionJustification'] as const)
    if (after[key].trim() !== before[key]) body[key] = orNull(after[key]);
  if (after.implementationStatus !== before.implementationStatus)
    body.implementationStatus = after.implementationStatus;
  // The server drops the supplier of a control that is no longer inherited.
  if (after.implementationStatus === 'inherited' && after.inheritedFrom.trim() !== before.inheritedFrom)
    body.inheritedFrom = orNull(after.inheritedFrom);
  if (after.implementationDescription.trim() !== before.implementationDescription)
    body.implementationDescription = after.implementationDescription;
  if (after.ownerId !== before.ownerId) body.ownerId = orNull(after.ownerId);
  if (after.targetDate !== before.targetDate) body.targetDate = orNull(after.targetDate);
  return body;
}

/**
 * Edits a control's place in the Statement of Applicability: applicability with its justification,
 * implementation, owner and target date; a control of the organisation's own also its title, theme,
 * description and attributes. Sends only what changed with the version it started from; a conflicting
 * edit offers the current version instead of overwriting it.
 */
export function ControlEditorDialog({ control, onClose }: { control: TControl; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened onClose={onClose} size="xl" title={t('controls.detail.editTitle', { key: control.key })}>
      <ControlEditorForm control={control} onClose={onClose} />
    </AppModal>
  );
}

function ControlEditorForm({ control: initial, onClose }: { control: TControl; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateControl();
  const [control, setControl] = useState(initial);
  const form = useForm(formValues(initial));
  const { values, errors } = form;

  const failure = update.error;
  const current = conflictCurrent(failure, ZControl);

  const submit = () => {
    const required: FieldErrors = {};
    if (values.applicability === 'not_applicable' && values.exclusionJustification.trim() === '')
      required.exclusionJustification = t('controls.fields.exclusionRequired');
    if (values.implementationStatus === 'inherited' && values.inheritedFrom.trim() === '')
      required.inheritedFrom = t('controls.fields.inheritedFromRequired');
    if (control.source === 'custom' && values.title.trim() === '')
      required.title = t('controls.fields.titleRequired');
    const checked = checkRequest(
      ZUpdateControlRequest,
      updateRequest(control, values),
      required,
      formFieldOf,
    );
    if (!checked.ok) {
      form.showErrors(checked.errors);
      return;
    }
    update.mutate(
      { id: control.id, body: checked.data },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('controls.detail.saved', { key: saved.key }) });
          onClose();
        },
        onError: (error) => form.showServerErrors(error, serverAliases(error)),
      },
    );
  };

  const select = (key: 'implementationStatus' | 'ownerId') => ({
    value: values[key] === '' ? null : values[key],
    onChange: (value: string | null) => form.setFieldValue(key, value ?? ''),
    error: errors[key],
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
      <Stack gap="lg">
        {control.source === 'custom' && (
          <Fieldset legend={t('controls.detail.sections.description')}>
            <Text size="xs" c="dimmed" mb="xs">
              {t('controls.fields.attributesHint')}
            </Text>
            <CustomControlFields form={form} />
          </Fieldset>
        )}

        <Fieldset legend={t('controls.detail.sections.applicability')}>
          <Stack gap="sm">
            <Radio.Group
              label={t('controls.fields.applicability')}
              value={values.applicability}
              onChange={(value) => form.setFieldValue('applicability', value)}
              error={errors.applicability}
            >
              <Group gap="lg" mt={6}>
                {CONTROL_APPLICABILITIES.map((value) => (
                  <Radio
                    key={value}
                    value={value}
                    label={t(`controls.terms.applicability.${value}`)}
                    data-autofocus={value === values.applicability || undefined}
                  />
                ))}
              </Group>
            </Radio.Group>
            {values.applicability !== 'not_applicable' && (
              <>
                <Checkbox.Group
                  label={t('controls.fields.inclusionReasons')}
                  description={t('controls.fields.inclusionReasonsHint')}
                  value={parseList(values.inclusionReasons)}
                  onChange={(chosen) => form.setFieldValue('inclusionReasons', listValue(chosen))}
                  error={errors.inclusionReasons}
                >
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
                    {INCLUSION_REASONS.map((value) => (
                      <Checkbox
                        key={value}
                        value={value}
                        label={t(`controls.terms.inclusionReason.${value}`)}
                      />
                    ))}
                  </SimpleGrid>
                </Checkbox.Group>
                <Textarea
                  label={t('controls.fields.inclusionNote')}
                  description={t('controls.fields.inclusionNoteHint')}
                  rows={2}
                  {...form.textInput('inclusionNote')}
                />
              </>
            )}
            {values.applicability !== 'applicable' && (
              <Textarea
                label={t('controls.fields.exclusionJustification')}
                description={t('controls.fields.exclusionJustificationHint')}
                required={values.applicability === 'not_applicable'}
                rows={3}
                {...form.textInput('exclusionJustification')}
              />
            )}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('controls.detail.sections.implementation')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label={t('controls.fields.implementationStatus')}
                allowDeselect={false}
                data={IMPLEMENTATION_STATUSES.map((value) => ({
                  value,
                  label: t(`controls.terms.status.${value}`),
                }))}
                {...select('implementationStatus')}
              />
              {values.implementationStatus === 'inherited' && (
                <TextInput
                  label={t('controls.fields.inheritedFrom')}
                  description={t('controls.fields.inheritedFromHint')}
                  required
                  {...form.textInput('inheritedFrom')}
                />
              )}
            </SimpleGrid>
            <Textarea
              label={t('controls.fields.implementationDescription')}
              description={t('controls.fields.implementationDescriptionHint')}
              rows={4}
              {...form.textInput('implementationDescription')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <PersonSelect
                label={t('controls.fields.owner')}
                description={t('controls.fields.ownerHint')}
                placeholder={t('controls.fields.notSet')}
                clearable
                current={control.owner}
                {...select('ownerId')}
              />
              <TextInput
                type="date"
                label={t('controls.fields.targetDate')}
                description={t('controls.fields.targetDateHint')}
                {...form.textInput('targetDate')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <FormError error={failure} fields={shownServerFields(failure, values)} />
        {current && (
          <ConflictNotice
            title={t('controls.detail.conflictTitle', { key: current.key })}
            current={current}
            onLoad={() => {
              setControl(current);
              form.reset(formValues(current));
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
  );
}
