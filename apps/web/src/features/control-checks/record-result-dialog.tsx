import { Button, Group, MultiSelect, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  CHECK_RESULTS,
  type TControlCheck,
  type TEvidence,
  ZRecordControlCheckRunRequest,
} from '@vigil/contracts';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { type FieldErrors, onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useCan, useMe } from '../auth/me-context.tsx';
import { useControlEvidence } from '../controls/controls.queries.ts';
import { listValue, parseList } from '../controls/custom-control-fields.tsx';
import { todayIn, useDayFormatter } from '../risk-actions/days.ts';
import { checkRequest } from '../risks/risk-detail-forms.ts';
import { EVIDENCE_OPTIONS_LIMIT, useEvidenceOptions, useRecordCheckRun } from './control-checks.queries.ts';

/** At most this many evidence items per run (as the contract). */
const MAX_EVIDENCE = 20;

/** `evidenceIds.3` (the server names the item at fault) is shown under the evidence field. */
const formField = (path: string) => (path.startsWith('evidenceIds') ? 'evidenceIds' : path);

function serverAliases(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  return Object.fromEntries(Object.keys(error.fieldErrorMap()).map((key) => [key, formField(key)]));
}

/** The request: notes and evidence only when given. */
function recordRequest(values: { result: string; performedOn: string; notes: string; evidenceIds: string }) {
  const evidenceIds = parseList(values.evidenceIds);
  return {
    result: values.result,
    performedOn: values.performedOn,
    ...(values.notes.trim() === '' ? {} : { notes: values.notes }),
    ...(evidenceIds.length === 0 ? {} : { evidenceIds }),
  };
}

/**
 * The evidence a run may cite: the control's own first, then the newest of the library (archived items
 * are never offered: the server refuses them). A stale item says so in its label.
 */
function useEvidenceChoices(check: TControlCheck) {
  const { t } = useTranslation();
  const can = useCan();
  const mayRead = can('evidence:read');
  const linked = useControlEvidence(check.control.id, mayRead);
  const library = useEvidenceOptions(mayRead);
  const option = (item: TEvidence) => {
    const label = `${item.key} · ${item.title}`;
    return { value: item.id, label: item.stale ? t('controlChecks.record.evidenceStale', { label }) : label };
  };
  const own = (linked.data?.items ?? []).filter((item) => item.archivedAt === null);
  const ownIds = new Set(own.map((item) => item.id));
  const others = (library.data?.items ?? []).filter(
    (item) => item.archivedAt === null && !ownIds.has(item.id),
  );
  const data = [
    ...(own.length > 0
      ? [
          {
            group: t('controlChecks.record.evidenceLinked', { key: check.control.key }),
            items: own.map(option),
          },
        ]
      : []),
    ...(others.length > 0
      ? [{ group: t('controlChecks.record.evidenceOther'), items: others.map(option) }]
      : []),
  ];
  return {
    mayRead,
    data,
    partial: library.data?.nextCursor != null,
    error: linked.error ?? library.error,
  };
}

/**
 * Records a run of a check: the result (with what each means), when it was performed (not in the
 * future, not before the latest run), notes (required unless effective, as the server requires) and the
 * evidence looked at. A run is never changed once recorded, which the dialog says.
 */
export function RecordResultDialog({ check, onClose }: { check: TControlCheck; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const day = useDayFormatter();
  const today = todayIn(me.organisation?.timeZone ?? 'UTC');
  const record = useRecordCheckRun();
  const evidence = useEvidenceChoices(check);
  const form = useForm({ result: '', performedOn: today, notes: '', evidenceIds: listValue([]) });
  const { values, errors } = form;
  const lastRunOn = check.lastRun?.performedOn ?? null;

  const submit = () => {
    const required: FieldErrors = {};
    if (values.result === '') required.result = t('controlChecks.record.resultRequired');
    if (values.performedOn === '') required.performedOn = t('controlChecks.record.performedOnRequired');
    else if (values.performedOn > today)
      required.performedOn = t('controlChecks.record.future', { today: day(today) });
    else if (lastRunOn !== null && values.performedOn < lastRunOn)
      required.performedOn = t('controlChecks.record.beforeLast', { date: day(lastRunOn) });
    if (values.result !== 'effective' && values.notes.trim() === '')
      required.notes = t('controlChecks.record.notesRequired');
    const checked = checkRequest(ZRecordControlCheckRunRequest, recordRequest(values), required, formField);
    if (!checked.ok) {
      form.showErrors(checked.errors);
      return;
    }
    record.mutate(
      { controlId: check.control.id, checkId: check.id, body: checked.data },
      {
        onSuccess: (run) => {
          notifications.show({
            color: 'teal',
            message: t('controlChecks.record.done', { title: check.title, date: day(run.nextDueOn) }),
          });
          onClose();
        },
        onError: (error) => form.showServerErrors(error, serverAliases(error)),
      },
    );
  };

  const failure = record.error;
  const shownFields = isApiError(failure)
    ? Object.keys(failure.fieldErrorMap()).filter((key) => formField(key) in values)
    : [];

  return (
    <AppModal opened onClose={onClose} size="lg" title={t('controlChecks.record.title')}>
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <Text size="sm" fw={600}>
            {t('controlChecks.record.lead', { key: check.control.key, check: check.title })}
          </Text>
          <Radio.Group
            label={t('controlChecks.record.result')}
            required
            value={values.result}
            onChange={(value) => form.setFieldValue('result', value)}
            error={errors.result}
          >
            <Stack gap="sm" mt={6}>
              {CHECK_RESULTS.map((value, i) => (
                <Radio
                  key={value}
                  value={value}
                  label={t(`controlChecks.terms.result.${value}`)}
                  description={t(`controlChecks.terms.resultDescription.${value}`)}
                  data-autofocus={i === 0 || undefined}
                />
              ))}
            </Stack>
          </Radio.Group>
          <TextInput
            type="date"
            label={t('controlChecks.record.performedOn')}
            description={t('controlChecks.record.performedOnHint')}
            required
            max={today}
            {...(lastRunOn ? { min: lastRunOn } : {})}
            {...form.textInput('performedOn')}
          />
          <Textarea
            label={t('controlChecks.record.notes')}
            description={t('controlChecks.record.notesHint')}
            required={values.result !== 'effective'}
            rows={4}
            {...form.textInput('notes')}
          />
          {evidence.mayRead && (
            <MultiSelect
              label={t('controlChecks.record.evidence')}
              description={
                evidence.partial
                  ? `${t('controlChecks.record.evidenceHint')} ${t('controlChecks.record.evidencePartial', { count: EVIDENCE_OPTIONS_LIMIT })}`
                  : t('controlChecks.record.evidenceHint')
              }
              searchable
              clearable
              maxValues={MAX_EVIDENCE}
              nothingFoundMessage={t('forms.nothingFound')}
              data={evidence.data}
              value={parseList(values.evidenceIds)}
              onChange={(chosen) => form.setFieldValue('evidenceIds', listValue(chosen))}
              error={errors.evidenceIds}
            />
          )}
          {evidence.error && <FormError error={evidence.error} />}
          <Text size="xs" c="dimmed">
            {t('controlChecks.record.immutable')}
          </Text>
          <FormError error={failure} fields={shownFields} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={record.isPending}>
              {t('controlChecks.record.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
