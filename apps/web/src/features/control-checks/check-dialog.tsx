import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  CHECK_FREQUENCIES,
  CHECK_METHODS,
  type TControl,
  type TControlCheck,
  ZControlCheck,
  ZCreateControlCheckRequest,
  ZUpdateControlCheckRequest,
} from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConflictNotice, conflictCurrent } from '../../app/forms/conflict.tsx';
import { FormError } from '../../app/forms/form-error.tsx';
import { type FieldErrors, onSubmit, useForm, type ValidationSchema } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useMe } from '../auth/me-context.tsx';
import { PersonSelect } from '../people/person-select.tsx';
import { todayIn, useDayFormatter } from '../risk-actions/days.ts';
import { checkRequest } from '../risks/risk-detail-forms.ts';
import { useCreateControlCheck, useUpdateControlCheck } from './control-checks.queries.ts';

function formValues(check: TControlCheck | undefined, today: string) {
  return {
    title: check?.title ?? '',
    method: (check?.method ?? 'inspect') as string,
    procedure: check?.procedure ?? '',
    frequency: (check?.frequency ?? 'quarterly') as string,
    assigneeId: check?.assignee.id ?? '',
    nextDueOn: check?.nextDueOn ?? today,
  };
}

type Values = ReturnType<typeof formValues>;

function createRequest(values: Values): Record<string, unknown> {
  return {
    title: values.title,
    method: values.method,
    ...(values.procedure.trim() === '' ? {} : { procedure: values.procedure }),
    frequency: values.frequency,
    assigneeId: values.assigneeId,
    nextDueOn: values.nextDueOn,
  };
}

/** Only the fields that changed, with the version that was read. */
function updateRequest(check: TControlCheck, values: Values): Record<string, unknown> {
  const before = formValues(check, check.nextDueOn);
  const body: Record<string, unknown> = { version: check.version };
  for (const key of ['title', 'procedure'] as const)
    if (values[key].trim() !== before[key]) body[key] = values[key];
  for (const key of ['method', 'frequency', 'assigneeId', 'nextDueOn'] as const)
    if (values[key] !== before[key]) body[key] = values[key];
  return body;
}

/**
 * Adds a check to a control (title, method, procedure, frequency, assignee, first due date) or edits an
 * active one, sending only what changed with the version it started from; a conflicting edit offers the
 * current version instead of overwriting it. The server refuses an assignee whose role may not record
 * checks; its message shows under the assignee.
 */
export function CheckDialog({
  control,
  check: initial,
  onClose,
}: {
  control: Pick<TControl, 'id' | 'key'>;
  /** The check to edit; without it the dialog adds one. */
  check?: TControlCheck | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const day = useDayFormatter();
  const today = todayIn(me.organisation?.timeZone ?? 'UTC');
  const create = useCreateControlCheck();
  const update = useUpdateControlCheck();
  const [check, setCheck] = useState(initial);
  const form = useForm(formValues(initial, today));
  const { values, errors } = form;
  const mutation = check ? update : create;
  const failure = mutation.error;
  const current = conflictCurrent(failure, ZControlCheck);

  function validated<T>(schema: ValidationSchema<T>, data: unknown): T | null {
    const required: FieldErrors = {};
    if (values.title.trim() === '') required.title = t('controlChecks.editor.titleRequired');
    if (values.assigneeId === '') required.assigneeId = t('controlChecks.editor.assigneeRequired');
    if (values.nextDueOn === '') required.nextDueOn = t('controlChecks.editor.dueRequired');
    else if (values.nextDueOn < today && values.nextDueOn !== check?.nextDueOn)
      required.nextDueOn = t('controlChecks.editor.duePast', { today: day(today) });
    const checked = checkRequest(schema, data, required);
    if (checked.ok) return checked.data;
    form.showErrors(checked.errors);
    return null;
  }

  const onError = (error: unknown) => form.showServerErrors(error);

  const submit = () => {
    if (check) {
      const body = validated(ZUpdateControlCheckRequest, updateRequest(check, values));
      if (!body) return;
      update.mutate(
        { controlId: control.id, checkId: check.id, body },
        {
          onSuccess: (saved) => {
            notifications.show({
              color: 'teal',
              message: t('controlChecks.editor.saved', { title: saved.title }),
            });
            onClose();
          },
          onError,
        },
      );
      return;
    }
    const body = validated(ZCreateControlCheckRequest, createRequest(values));
    if (!body) return;
    create.mutate(
      { controlId: control.id, body },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            message: t('controlChecks.editor.created', { title: saved.title, date: day(saved.nextDueOn) }),
          });
          onClose();
        },
        onError,
      },
    );
  };

  const select = (key: 'method' | 'frequency' | 'assigneeId') => ({
    value: values[key] === '' ? null : values[key],
    onChange: (value: string | null) => form.setFieldValue(key, value ?? ''),
    error: errors[key],
  });

  return (
    <AppModal
      opened
      onClose={onClose}
      size="lg"
      title={
        check
          ? t('controlChecks.editor.editTitle', { title: check.title })
          : t('controlChecks.editor.createTitle', { key: control.key })
      }
    >
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <TextInput
            label={t('controlChecks.editor.title')}
            description={t('controlChecks.editor.titleHint')}
            required
            data-autofocus
            {...form.textInput('title')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('controlChecks.editor.method')}
              required
              allowDeselect={false}
              data={CHECK_METHODS.map((value) => ({
                value,
                label: t(`controlChecks.terms.method.${value}`),
              }))}
              {...select('method')}
            />
            <Select
              label={t('controlChecks.editor.frequency')}
              required
              allowDeselect={false}
              data={CHECK_FREQUENCIES.map((value) => ({
                value,
                label: t(`controlChecks.terms.frequency.${value}`),
              }))}
              {...select('frequency')}
            />
          </SimpleGrid>
          <Textarea
            label={t('controlChecks.editor.procedure')}
            description={t('controlChecks.editor.procedureHint')}
            rows={4}
            {...form.textInput('procedure')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <PersonSelect
              label={t('controlChecks.editor.assignee')}
              description={t('controlChecks.editor.assigneeHint')}
              required
              current={check?.assignee ?? null}
              {...select('assigneeId')}
            />
            <TextInput
              type="date"
              label={t(check ? 'controlChecks.editor.nextDue' : 'controlChecks.editor.firstDue')}
              description={t(
                check ? 'controlChecks.editor.nextDueHint' : 'controlChecks.editor.firstDueHint',
              )}
              required
              min={today}
              {...form.textInput('nextDueOn')}
            />
          </SimpleGrid>
          <FormError error={failure} fields={Object.keys(values)} />
          {current && (
            <ConflictNotice
              title={t('controlChecks.editor.conflictTitle', { title: current.title })}
              current={current}
              onLoad={() => {
                setCheck(current);
                form.reset(formValues(current, today));
                update.reset();
              }}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {check ? t('forms.save') : t('controlChecks.editor.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
