import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  RISK_ACTION_STATUSES,
  type TRisk,
  type TRiskAction,
  ZCreateRiskActionRequest,
  ZRiskAction,
  ZUpdateRiskActionRequest,
} from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { localDayFromNow } from '../../app/forms/dates.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm, type ValidationSchema } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { PersonSelect } from '../people/person-select.tsx';
import { useCreateRiskAction, useUpdateRiskAction } from './risk-detail.queries.ts';
import { checkRequest } from './risk-detail-forms.ts';

function formValues(action: TRiskAction | undefined) {
  return {
    title: action?.title ?? '',
    description: action?.description ?? '',
    ownerId: action?.owner.id ?? '',
    dueOn: action?.dueOn ?? localDayFromNow(30),
    status: action?.status ?? 'planned',
    completionNote: action?.completionNote ?? '',
    evidenceUrl: action?.evidenceUrl ?? '',
  };
}

type Values = ReturnType<typeof formValues>;

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

function createRequest(values: Values): Record<string, unknown> {
  return {
    title: values.title,
    description: values.description,
    ownerId: values.ownerId,
    dueOn: values.dueOn,
    status: values.status,
    completionNote: orNull(values.completionNote),
    evidenceUrl: orNull(values.evidenceUrl),
  };
}

/** Only the fields that changed, with the version that was read; a blank note or link is cleared. */
function updateRequest(action: TRiskAction, values: Values): Record<string, unknown> {
  const before = formValues(action);
  const body: Record<string, unknown> = { version: action.version };
  for (const key of ['title', 'description', 'ownerId', 'dueOn', 'status'] as const)
    if (values[key].trim() !== before[key]) body[key] = values[key];
  for (const key of ['completionNote', 'evidenceUrl'] as const)
    if (values[key].trim() !== before[key]) body[key] = orNull(values[key]);
  return body;
}

/** Adds an action to a risk's treatment plan, or edits one (title, owner, due date, status, evidence). */
export function RiskActionDialog({
  risk,
  action: initial,
  onClose,
}: {
  risk: TRisk;
  /** The action to edit; without it the dialog adds one. */
  action?: TRiskAction | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateRiskAction();
  const update = useUpdateRiskAction();
  const [action, setAction] = useState(initial);
  const form = useForm(formValues(initial));
  const mutation = action ? update : create;
  const { values } = form;
  const failure = mutation.error;
  const current =
    isApiError(failure) && failure.code === 'conflict'
      ? ZRiskAction.safeParse(failure.extensions.current)
      : null;

  function validated<T>(schema: ValidationSchema<T>, data: unknown): T | null {
    const required: Record<string, string> = {};
    if (values.ownerId === '') required.ownerId = t('riskDetail.editor.required');
    if (values.status === 'done' && values.completionNote.trim() === '')
      required.completionNote = t('riskDetail.plan.dialog.completionNoteRequired');
    const checked = checkRequest(schema, data, required);
    if (checked.ok) return checked.data;
    form.showErrors(checked.errors);
    return null;
  }

  const done = (message: string) => () => {
    notifications.show({ color: 'green', message });
    onClose();
  };
  const onError = (error: unknown) => form.showServerErrors(error);

  const submit = () => {
    if (action) {
      const body = validated(ZUpdateRiskActionRequest, updateRequest(action, values));
      if (!body) return;
      update.mutate(
        { riskId: risk.id, actionId: action.id, body },
        { onSuccess: done(t('riskDetail.plan.dialog.saved', { title: values.title.trim() })), onError },
      );
      return;
    }
    const body = validated(ZCreateRiskActionRequest, createRequest(values));
    if (!body) return;
    create.mutate(
      { riskId: risk.id, body },
      { onSuccess: done(t('riskDetail.plan.dialog.created', { title: values.title.trim() })), onError },
    );
  };

  const select = (key: 'ownerId' | 'status') => ({
    value: values[key] === '' ? null : values[key],
    onChange: (value: string | null) => form.setFieldValue(key, value ?? ''),
    error: form.errors[key],
  });

  return (
    <AppModal
      opened
      onClose={onClose}
      size="lg"
      title={
        action
          ? t('riskDetail.plan.dialog.editTitle', { key: risk.key })
          : t('riskDetail.plan.dialog.createTitle', { key: risk.key })
      }
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <TextInput
            label={t('riskDetail.plan.dialog.fields.title')}
            required
            data-autofocus
            {...form.textInput('title')}
          />
          <Textarea
            label={t('riskDetail.plan.dialog.fields.description')}
            rows={2}
            {...form.textInput('description')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <PersonSelect
              label={t('riskDetail.plan.dialog.fields.owner')}
              required
              current={action?.owner ?? null}
              {...select('ownerId')}
            />
            <TextInput
              type="date"
              label={t('riskDetail.plan.dialog.fields.dueOn')}
              required
              {...form.textInput('dueOn')}
            />
            <Select
              label={t('riskDetail.plan.dialog.fields.status')}
              allowDeselect={false}
              data={RISK_ACTION_STATUSES.map((value) => ({
                value,
                label: t(`riskTerms.actionStatus.${value}`),
              }))}
              {...select('status')}
            />
          </SimpleGrid>
          {(values.status === 'done' || values.completionNote !== '') && (
            <Textarea
              label={t('riskDetail.plan.dialog.fields.completionNote')}
              description={t('riskDetail.plan.dialog.fields.completionNoteHint')}
              required={values.status === 'done'}
              rows={2}
              {...form.textInput('completionNote')}
            />
          )}
          <TextInput
            type="url"
            label={t('riskDetail.plan.dialog.fields.evidenceUrl')}
            description={t('riskDetail.plan.dialog.fields.evidenceUrlHint')}
            placeholder="https://"
            {...form.textInput('evidenceUrl')}
          />
          <FormError error={failure} fields={Object.keys(values)} />
          {current?.success && (
            <Group>
              <Button
                variant="default"
                onClick={() => {
                  setAction(current.data);
                  form.reset(formValues(current.data));
                  update.reset();
                }}
              >
                {t('forms.loadCurrent')}
              </Button>
            </Group>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {action ? t('forms.save') : t('riskDetail.plan.dialog.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
