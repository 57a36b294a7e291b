import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import {
  EDITABLE_RISK_STATUSES,
  RISK_TREATMENTS,
  type TRatingInput,
  type TRisk,
  ZCreateRiskRequest,
  ZRisk,
  ZUpdateRiskRequest,
} from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { type FieldErrors, onSubmit, useForm, type ValidationSchema } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { AssetSelect } from '../assets/asset-select.tsx';
import { PersonSelect } from '../people/person-select.tsx';
import { LevelBadge } from './level-badge.tsx';
import { RatingPicker } from './rating-picker.tsx';
import { useCreateRisk, useUpdateRisk } from './risk-detail.queries.ts';
import { checkRequest } from './risk-detail-forms.ts';

const AFFECTS = ['confidentiality', 'integrity', 'availability'] as const;
const TEXTS = ['title', 'threat', 'vulnerability', 'consequence'] as const;

/** A rating as a form value: `likelihood:impact`, or '' when not rated. */
function ratingValue(rating: TRatingInput | null | undefined): string {
  return rating ? `${rating.likelihood}:${rating.impact}` : '';
}

function parseRating(value: string): TRatingInput | null {
  const [likelihood, impact] = value.split(':').map(Number);
  return likelihood && impact ? { likelihood, impact } : null;
}

/** A list as a form value (the form holds strings and booleans only). */
function listValue(items: readonly string[]): string {
  return JSON.stringify(items);
}

function parseList(value: string): string[] {
  return JSON.parse(value) as string[];
}

function formValues(risk: TRisk | undefined) {
  return {
    title: risk?.title ?? '',
    threat: risk?.threat ?? '',
    vulnerability: risk?.vulnerability ?? '',
    consequence: risk?.consequence ?? '',
    category: risk?.category ?? '',
    ownerId: risk?.owner.id ?? '',
    assetIds: listValue(risk?.assets.map((asset) => asset.id) ?? []),
    confidentiality: risk?.affects.confidentiality ?? false,
    integrity: risk?.affects.integrity ?? false,
    availability: risk?.affects.availability ?? false,
    inherent: ratingValue(risk?.inherent),
    treatment: risk?.treatment ?? '',
    residual: ratingValue(risk?.residual),
    status: risk?.status ?? 'identified',
    tags: listValue(risk?.tags ?? []),
    ratingReason: '',
  };
}

type Values = ReturnType<typeof formValues>;

/** The form field an error of a request field belongs to (`inherent.likelihood` -> `inherent`, `tags.2` -> `tags`). */
function fieldOf(path: string): string {
  const [head = path] = path.split('.');
  return ['inherent', 'residual', 'assetIds', 'tags', 'affects'].includes(head) ? head : path;
}

/** Aliases that put the server's errors on nested request fields next to the form field holding them. */
function aliasesOf(errors: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.keys(errors).map((path) => [path, fieldOf(path)]));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

/** A new risk: every field the form holds (a blank category as null; a blank reason left out). */
function createRequest(values: Values): Record<string, unknown> {
  return {
    title: values.title,
    threat: values.threat,
    vulnerability: values.vulnerability,
    consequence: values.consequence,
    category: values.category.trim() === '' ? null : values.category,
    ownerId: values.ownerId,
    assetIds: parseList(values.assetIds),
    affects: {
      confidentiality: values.confidentiality,
      integrity: values.integrity,
      availability: values.availability,
    },
    inherent: parseRating(values.inherent) ?? undefined,
    treatment: values.treatment === '' ? null : values.treatment,
    residual: parseRating(values.residual),
    status: values.status,
    tags: parseList(values.tags),
    ratingReason: values.ratingReason.trim() === '' ? undefined : values.ratingReason,
  };
}

/** A change: only the fields that changed, with the version that was read. */
function updateRequest(risk: TRisk, values: Values): Record<string, unknown> {
  const before = formValues(risk);
  const body: Record<string, unknown> = { version: risk.version };
  for (const key of TEXTS) if (values[key].trim() !== before[key]) body[key] = values[key];
  if (values.category.trim() !== before.category)
    body.category = values.category.trim() === '' ? null : values.category;
  if (values.ownerId !== before.ownerId) body.ownerId = values.ownerId;
  if (!sameList(parseList(values.assetIds), parseList(before.assetIds)))
    body.assetIds = parseList(values.assetIds);
  if (AFFECTS.some((key) => values[key] !== before[key]))
    body.affects = {
      confidentiality: values.confidentiality,
      integrity: values.integrity,
      availability: values.availability,
    };
  if (values.inherent !== before.inherent) body.inherent = parseRating(values.inherent) ?? undefined;
  if (values.treatment !== before.treatment)
    body.treatment = values.treatment === '' ? null : values.treatment;
  if (values.residual !== before.residual) body.residual = parseRating(values.residual);
  if (values.status !== before.status) body.status = values.status;
  const tags = parseList(values.tags);
  if (tags.join('\n') !== parseList(before.tags).join('\n')) body.tags = tags;
  if ('inherent' in body || 'residual' in body)
    body.ratingReason = values.ratingReason.trim() === '' ? undefined : values.ratingReason;
  return body;
}

export interface RiskEditorDialogProps {
  opened: boolean;
  onClose: () => void;
  /** The risk to edit; without it the dialog registers a new risk. */
  risk?: TRisk;
}

/**
 * Registers a risk (then opens it) or edits one: description, owner, assets, C/I/A, the inherent and
 * residual ratings on the methodology's matrix, treatment, status and tags. An edit sends only what
 * changed with the version it started from; a conflicting edit shows the current version instead of
 * overwriting it.
 */
export function RiskEditorDialog({ opened, onClose, risk }: RiskEditorDialogProps) {
  const { t } = useTranslation();
  return (
    <AppModal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={risk ? t('riskDetail.editor.editTitle', { key: risk.key }) : t('riskDetail.editor.createTitle')}
    >
      {/* The modal unmounts its content when closed, so every opening starts from the risk as it is. */}
      <RiskEditorForm risk={risk} onClose={onClose} />
    </AppModal>
  );
}

function RiskEditorForm({ risk: initial, onClose }: { risk: TRisk | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const navigate = useNavigate();
  const create = useCreateRisk();
  const update = useUpdateRisk();
  const [risk, setRisk] = useState(initial);
  const form = useForm(formValues(initial));
  const mutation = risk ? update : create;
  const { values, errors } = form;

  const before = formValues(risk);
  const ratingChanged = values.inherent !== before.inherent || values.residual !== before.residual;
  const failure = mutation.error;
  const conflict = isApiError(failure) && failure.code === 'conflict';
  const current = conflict ? ZRisk.safeParse(failure.extensions.current) : null;

  /** Validates with the contract plus what the form requires beyond it; shows every message at once. */
  function validated<T>(schema: ValidationSchema<T>, data: unknown): T | null {
    const required: FieldErrors = {};
    if (values.ownerId === '') required.ownerId = t('riskDetail.editor.required');
    if (values.inherent === '') required.inherent = t('riskDetail.editor.ratingRequired');
    if (risk && ratingChanged && values.ratingReason.trim() === '')
      required.ratingReason = t('riskDetail.editor.fields.ratingReasonRequired');
    const checked = checkRequest(schema, data, required, fieldOf);
    if (checked.ok) return checked.data;
    form.showErrors(checked.errors);
    return null;
  }

  const showServerErrors = (error: unknown) => {
    if (isApiError(error)) form.showServerErrors(error, aliasesOf(error.fieldErrorMap()));
  };

  const submit = () => {
    if (risk) {
      const body = validated(ZUpdateRiskRequest, updateRequest(risk, values));
      if (!body) return;
      update.mutate(
        { id: risk.id, body },
        {
          onSuccess: (saved) => {
            notifications.show({ color: 'green', message: t('riskDetail.editor.saved', { key: saved.key }) });
            onClose();
          },
          onError: showServerErrors,
        },
      );
      return;
    }
    const body = validated(ZCreateRiskRequest, createRequest(values));
    if (!body) return;
    create.mutate(body, {
      onSuccess: (created) => {
        notifications.show({ color: 'green', message: t('riskDetail.editor.created', { key: created.key }) });
        onClose();
        void navigate({ to: '/risks/$riskId', params: { riskId: created.id } });
      },
      onError: showServerErrors,
    });
  };

  const select = (key: 'treatment' | 'status' | 'ownerId') => ({
    value: values[key] === '' ? null : values[key],
    onChange: (value: string | null) => form.setFieldValue(key, value ?? ''),
    error: errors[key],
  });

  const rating = (key: 'inherent' | 'residual') => ({
    value: parseRating(values[key]),
    onChange: (value: TRatingInput | null) => form.setFieldValue(key, ratingValue(value)),
    error: errors[key],
  });

  const statusFixed = risk && !(EDITABLE_RISK_STATUSES as readonly string[]).includes(risk.status);
  const statuses = [
    ...(statusFixed && risk
      ? [
          {
            value: risk.status,
            label: t('riskDetail.editor.statusFixed', { status: t(`riskTerms.status.${risk.status}`) }),
            disabled: true,
          },
        ]
      : []),
    ...EDITABLE_RISK_STATUSES.map((value) => ({ value, label: t(`riskTerms.status.${value}`) })),
  ];
  const shownServerFields =
    isApiError(failure) && failure.fieldErrors.length > 0
      ? Object.keys(failure.fieldErrorMap()).filter((path) => fieldOf(path) in values)
      : [];

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
      <Stack gap="lg">
        <Fieldset legend={t('riskDetail.editor.description')}>
          <Stack gap="sm">
            <TextInput
              label={t('riskDetail.editor.fields.title')}
              required
              data-autofocus
              {...form.textInput('title')}
            />
            <Textarea
              label={t('riskDetail.editor.fields.threat')}
              description={t('riskDetail.editor.fields.threatHint')}
              rows={2}
              {...form.textInput('threat')}
            />
            <Textarea
              label={t('riskDetail.editor.fields.vulnerability')}
              description={t('riskDetail.editor.fields.vulnerabilityHint')}
              rows={2}
              {...form.textInput('vulnerability')}
            />
            <Textarea
              label={t('riskDetail.editor.fields.consequence')}
              description={t('riskDetail.editor.fields.consequenceHint')}
              rows={2}
              {...form.textInput('consequence')}
            />
          </Stack>
        </Fieldset>

        <Fieldset legend={t('riskDetail.editor.context')}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <PersonSelect
                label={t('riskDetail.editor.fields.owner')}
                description={t('riskDetail.editor.fields.ownerHint')}
                required
                current={risk?.owner ?? null}
                {...select('ownerId')}
              />
              <TextInput
                label={t('riskDetail.editor.fields.category')}
                description={t('riskDetail.editor.fields.categoryHint')}
                {...form.textInput('category')}
              />
            </SimpleGrid>
            <AssetSelect
              label={t('riskDetail.editor.fields.assets')}
              description={t('riskDetail.editor.fields.assetsHint')}
              current={risk?.assets ?? []}
              value={parseList(values.assetIds)}
              onChange={(ids) => form.setFieldValue('assetIds', listValue(ids))}
              error={errors.assetIds}
            />
            <Checkbox.Group
              label={t('riskDetail.editor.fields.affects')}
              value={AFFECTS.filter((key) => values[key])}
              onChange={(chosen) => {
                for (const key of AFFECTS)
                  if (chosen.includes(key) !== values[key]) form.setFieldValue(key, chosen.includes(key));
              }}
              error={errors.affects}
            >
              <Group gap="lg" mt={6}>
                {AFFECTS.map((key) => (
                  <Checkbox key={key} value={key} label={t(`riskTerms.affects.${key}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            <TagsInput
              label={t('riskDetail.editor.fields.tags')}
              description={t('riskDetail.editor.fields.tagsHint')}
              value={parseList(values.tags)}
              onChange={(tags) => form.setFieldValue('tags', listValue(tags))}
              error={errors.tags}
              clearable
            />
          </Stack>
        </Fieldset>

        <Fieldset legend={t('riskDetail.editor.rating')}>
          <Stack gap="lg">
            <RatingPicker
              label={t('riskDetail.editor.fields.inherent')}
              description={t('riskDetail.editor.fields.inherentHint')}
              required
              {...rating('inherent')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label={t('riskDetail.editor.fields.treatment')}
                placeholder={t('riskDetail.editor.notSet')}
                clearable
                data={RISK_TREATMENTS.map((value) => ({ value, label: t(`riskTerms.treatment.${value}`) }))}
                {...select('treatment')}
              />
              <Select
                label={t('riskDetail.editor.fields.status')}
                allowDeselect={false}
                data={statuses}
                {...select('status')}
              />
            </SimpleGrid>
            <RatingPicker
              label={t('riskDetail.editor.fields.residual')}
              description={t('riskDetail.editor.fields.residualHint')}
              clearable
              {...rating('residual')}
            />
            {(!risk || ratingChanged) && (
              <Textarea
                label={t('riskDetail.editor.fields.ratingReason')}
                description={t('riskDetail.editor.fields.ratingReasonHint')}
                required={Boolean(risk)}
                rows={2}
                {...form.textInput('ratingReason')}
              />
            )}
          </Stack>
        </Fieldset>

        <FormError error={failure} fields={shownServerFields} />
        {conflict && current?.success && (
          <Alert variant="light" color="yellow" title={t('riskDetail.editor.conflict.title')}>
            <Stack gap="xs">
              <Text size="sm">
                {t('riskDetail.editor.conflict.current', {
                  version: current.data.version,
                  when: dateTime(current.data.updatedAt),
                })}
              </Text>
              <Group gap="xs">
                <Text size="sm" fw={500}>
                  {t('riskDetail.editor.conflict.summary', {
                    title: current.data.title,
                    status: t(`riskTerms.status.${current.data.status}`),
                    owner: current.data.owner.name,
                  })}
                </Text>
                <LevelBadge level={current.data.level} size="sm" />
              </Group>
              <Text size="sm">{t('riskDetail.editor.conflict.hint')}</Text>
              <Group>
                <Button
                  variant="default"
                  onClick={() => {
                    setRisk(current.data);
                    form.reset(formValues(current.data));
                    update.reset();
                  }}
                >
                  {t('forms.loadCurrent')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('forms.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {risk ? t('forms.save') : t('riskDetail.editor.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
