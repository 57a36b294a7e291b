import {
  ActionIcon,
  Alert,
  Button,
  ColorInput,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import {
  type TAcceptor,
  type TMethodology,
  type TMethodologyInput,
  ZMethodology,
  ZMethodologyInput,
} from '@vigil/contracts';
import { type FormEvent, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { type FieldErrors, issuesToFieldErrors } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { LevelBadge } from '../risks/level-badge.tsx';
import { ACCEPTORS, acceptorLabel } from './acceptors.ts';
import { MatrixGrid } from './matrix-grid.tsx';
import { useUpdateMethodology } from './methodology.queries.ts';
import {
  type Axis,
  addLevel,
  addPoint,
  type Draft,
  draftOf,
  inputOf,
  MAX_DIMENSIONS,
  MAX_LEVELS,
  MAX_POINTS,
  MIN_POINTS,
  moveLevel,
  removeLevel,
  removePoint,
  setCell,
  updateLevel,
  updatePoint,
} from './methodology-draft.ts';

/** The contract's verdict on a draft: the parsed input, or one message per field path. */
function check(draft: Draft): { input: TMethodologyInput | null; errors: FieldErrors } {
  const result = ZMethodologyInput.safeParse(inputOf(draft));
  return result.success
    ? { input: result.data, errors: {} }
    : { input: null, errors: issuesToFieldErrors(result.error.issues) };
}

function ScaleEditor({
  axis,
  draft,
  errors,
  onChange,
}: {
  axis: Axis;
  draft: Draft;
  errors: FieldErrors;
  onChange: (next: Draft) => void;
}) {
  const { t } = useTranslation();
  const scale = t(`riskTerms.${axis}`);
  const points = draft[axis];
  return (
    <SectionCard
      title={t(`riskMethodology.scale.${axis}`)}
      description={t('riskMethodology.editor.scaleHint')}
      actions={
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          disabled={points.length >= MAX_POINTS}
          onClick={() => onChange(addPoint(draft, axis))}
        >
          {t('riskMethodology.editor.addPoint')}
        </Button>
      }
    >
      <Stack gap="sm">
        {errors[axis] && (
          <Text size="sm" c="red" role="alert">
            {errors[axis]}
          </Text>
        )}
        {points.map((point, i) => (
          <Group key={point.value} align="flex-start" gap="sm" wrap="nowrap">
            <Text fw={600} w={24} pt={6} ta="right" aria-hidden>
              {point.value}
            </Text>
            <TextInput
              aria-label={t('riskMethodology.editor.pointLabel', { scale, value: point.value })}
              placeholder={t('riskMethodology.scale.label')}
              w={180}
              value={point.label}
              error={errors[`${axis}.${i}.label`]}
              onChange={(event) =>
                onChange(updatePoint(draft, axis, i, { label: event.currentTarget.value }))
              }
            />
            <TextInput
              aria-label={t('riskMethodology.editor.pointDescription', { scale, value: point.value })}
              placeholder={t('riskMethodology.scale.description')}
              style={{ flex: 1 }}
              value={point.description}
              error={errors[`${axis}.${i}.description`] ?? errors[`${axis}.${i}.value`]}
              onChange={(event) =>
                onChange(updatePoint(draft, axis, i, { description: event.currentTarget.value }))
              }
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={t('riskMethodology.editor.removePoint', { scale, value: point.value })}
              disabled={points.length <= MIN_POINTS}
              onClick={() => onChange(removePoint(draft, axis, i))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
    </SectionCard>
  );
}

function DimensionsEditor({
  draft,
  errors,
  onChange,
}: {
  draft: Draft;
  errors: FieldErrors;
  onChange: (next: Draft) => void;
}) {
  const { t } = useTranslation();
  const dimensions = draft.impactDimensions;
  const set = (next: string[]) => onChange({ ...draft, impactDimensions: next });
  return (
    <SectionCard
      title={t('riskMethodology.dimensions.title')}
      description={t('riskMethodology.dimensions.hint')}
      actions={
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          disabled={dimensions.length >= MAX_DIMENSIONS}
          onClick={() => set([...dimensions, ''])}
        >
          {t('riskMethodology.editor.addDimension')}
        </Button>
      }
    >
      <Stack gap="sm">
        {errors.impactDimensions && (
          <Text size="sm" c="red" role="alert">
            {errors.impactDimensions}
          </Text>
        )}
        {dimensions.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('riskMethodology.dimensions.none')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {dimensions.map((dimension, i) => (
            // Dimensions have no identity but their place in the list.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                aria-label={t('riskMethodology.editor.dimension', { n: i + 1 })}
                style={{ flex: 1 }}
                value={dimension}
                error={errors[`impactDimensions.${i}`]}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  set(dimensions.map((d, j) => (j === i ? value : d)));
                }}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={t('riskMethodology.editor.removeDimension', { n: i + 1 })}
                onClick={() => set(dimensions.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
        </SimpleGrid>
      </Stack>
    </SectionCard>
  );
}

function LevelsEditor({
  draft,
  errors,
  onChange,
}: {
  draft: Draft;
  errors: FieldErrors;
  onChange: (next: Draft) => void;
}) {
  const { t } = useTranslation();
  const acceptors = ACCEPTORS.map((value) => ({ value, label: acceptorLabel(t, value) }));
  return (
    <SectionCard
      title={t('riskMethodology.levels.title')}
      description={t('riskMethodology.levels.hint')}
      actions={
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          disabled={draft.levels.length >= MAX_LEVELS}
          onClick={() => onChange(addLevel(draft))}
        >
          {t('riskMethodology.editor.addLevel')}
        </Button>
      }
    >
      <Stack gap="md">
        {errors.levels && (
          <Text size="sm" c="red" role="alert">
            {errors.levels}
          </Text>
        )}
        {draft.levels.map((level, i) => {
          const n = i + 1;
          const field = (name: string) => errors[`levels.${i}.${name}`];
          return (
            <Paper
              key={level.uid}
              withBorder
              radius="md"
              p="md"
              role="group"
              // each level's fields are announced with their level: "Level 3, High: Key"
              aria-label={[t('riskMethodology.editor.levelHeading', { n }), level.label]
                .filter(Boolean)
                .join(', ')}
            >
              <Stack gap="sm">
                <Group justify="space-between" gap="sm">
                  <Group gap="sm">
                    <Title order={3} size="h5">
                      {t('riskMethodology.editor.levelHeading', { n })}
                    </Title>
                    <LevelBadge
                      level={{
                        key: level.key,
                        label: level.label || t('riskMethodology.editor.unnamedLevel'),
                        colour: /^#[0-9a-fA-F]{6}$/.test(level.colour) ? level.colour : '#868e96',
                      }}
                    />
                  </Group>
                  <Group gap={4}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t('riskMethodology.editor.moveLower', { n })}
                      disabled={i === 0}
                      onClick={() => onChange(moveLevel(draft, i, -1))}
                    >
                      <IconArrowDown size={16} aria-hidden />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t('riskMethodology.editor.moveHigher', { n })}
                      disabled={i === draft.levels.length - 1}
                      onClick={() => onChange(moveLevel(draft, i, 1))}
                    >
                      <IconArrowUp size={16} aria-hidden />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t('riskMethodology.editor.removeLevel', { n })}
                      disabled={draft.levels.length <= 1}
                      onClick={() => onChange(removeLevel(draft, i))}
                    >
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Group>
                </Group>
                <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
                  <TextInput
                    label={t('riskMethodology.editor.key')}
                    description={t('riskMethodology.editor.keyHint')}
                    spellCheck={false}
                    value={level.key}
                    error={field('key')}
                    onChange={(event) => onChange(updateLevel(draft, i, { key: event.currentTarget.value }))}
                  />
                  <TextInput
                    label={t('riskMethodology.editor.label')}
                    value={level.label}
                    error={field('label')}
                    onChange={(event) =>
                      onChange(updateLevel(draft, i, { label: event.currentTarget.value }))
                    }
                  />
                  <ColorInput
                    label={t('riskMethodology.editor.colour')}
                    description={t('riskMethodology.editor.colourHint')}
                    format="hex"
                    withEyeDropper={false}
                    value={level.colour}
                    error={field('colour')}
                    onChange={(colour) => onChange(updateLevel(draft, i, { colour }))}
                  />
                  <NumberInput
                    label={t('riskMethodology.editor.reviewMonths')}
                    min={1}
                    max={36}
                    allowDecimal={false}
                    value={level.reviewIntervalMonths}
                    error={field('reviewIntervalMonths')}
                    onChange={(value) =>
                      onChange(updateLevel(draft, i, { reviewIntervalMonths: Number(value) || 0 }))
                    }
                  />
                </SimpleGrid>
                <MultiSelect
                  label={t('riskMethodology.editor.acceptableBy')}
                  description={t('riskMethodology.editor.acceptableByHint')}
                  data={acceptors}
                  value={level.acceptableBy}
                  error={field('acceptableBy')}
                  onChange={(value) =>
                    onChange(updateLevel(draft, i, { acceptableBy: value as TAcceptor[] }))
                  }
                />
              </Stack>
            </Paper>
          );
        })}
      </Stack>
    </SectionCard>
  );
}

function MatrixEditor({
  draft,
  errors,
  onChange,
}: {
  draft: Draft;
  errors: FieldErrors;
  onChange: (next: Draft) => void;
}) {
  const { t } = useTranslation();
  const options = draft.levels.map((level, i) => ({
    value: String(level.uid),
    label: level.label || level.key || t('riskMethodology.editor.levelHeading', { n: i + 1 }),
  }));
  const rowError = draft.likelihood.map((_, li) => errors[`matrix.${li}`]).find(Boolean);
  return (
    <SectionCard
      title={t('riskMethodology.matrix.title')}
      description={t('riskMethodology.editor.matrixHint')}
    >
      {(errors.matrix ?? rowError) && (
        <Text size="sm" c="red" role="alert" mb="sm">
          {errors.matrix ?? rowError}
        </Text>
      )}
      <MatrixGrid
        likelihood={draft.likelihood}
        impact={draft.impact}
        cell={(li, ii) => {
          const uid = draft.matrix[li]?.[ii] ?? -1;
          const known = draft.levels.some((level) => level.uid === uid);
          return (
            <NativeSelect
              size="xs"
              aria-label={t('riskMethodology.editor.cell', { likelihood: li + 1, impact: ii + 1 })}
              data={
                known
                  ? options
                  : [{ value: '-1', label: t('riskMethodology.editor.unknownLevel') }, ...options]
              }
              value={String(uid)}
              error={errors[`matrix.${li}.${ii}`]}
              onChange={(event) => onChange(setCell(draft, li, ii, Number(event.currentTarget.value)))}
            />
          );
        }}
      />
    </SectionCard>
  );
}

/**
 * Edits the methodology and saves it as a new version based on the one read; a newer version saved
 * meanwhile is a 409 that offers to load it. Errors from the contract (including the rule that a
 * higher likelihood or impact never gives a lower level) show next to their fields; the matrix is
 * checked as it is edited.
 */
export function MethodologyEditor({
  methodology,
  onDone,
}: {
  methodology: TMethodology;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateMethodology();
  const [base, setBase] = useState(methodology);
  const [draft, setDraft] = useState(() => draftOf(methodology));
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState<TMethodologyInput | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const verdict = check(draft);
  // Until the first save, only the matrix is checked live: half-typed labels are not errors yet.
  const shown: FieldErrors = {
    ...Object.fromEntries(
      Object.entries(verdict.errors).filter(([key]) => attempted || key.startsWith('matrix')),
    ),
    ...serverErrors,
  };
  const errorCount = Object.keys(shown).length;
  const next = base.version + 1;

  const failure = update.error;
  const conflict = isApiError(failure) && failure.code === 'conflict';
  const current = conflict ? ZMethodology.safeParse(failure.extensions.current) : null;

  const change = (value: Draft) => {
    setDraft(value);
    setServerErrors({});
  };

  const focusFirstError = () => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    flushSync(() => setAttempted(true));
    if (!verdict.input) {
      focusFirstError();
      return;
    }
    setConfirming(verdict.input);
  };

  const save = (input: TMethodologyInput) =>
    update.mutate(
      { ...input, basedOnVersion: base.version },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            message: t('riskMethodology.editor.saved', { version: saved.version }),
          });
          onDone();
        },
        onError: (error) => {
          flushSync(() => {
            setConfirming(null);
            if (isApiError(error)) setServerErrors(error.fieldErrorMap());
          });
          focusFirstError();
        },
      },
    );

  return (
    <>
      <form ref={formRef} noValidate onSubmit={submit}>
        <Stack gap="lg">
          <Alert variant="light" color="vigil" icon={<IconInfoCircle size={20} stroke={1.7} aria-hidden />}>
            {t('riskMethodology.editor.intro')}
          </Alert>
          <ScaleEditor axis="likelihood" draft={draft} errors={shown} onChange={change} />
          <ScaleEditor axis="impact" draft={draft} errors={shown} onChange={change} />
          <DimensionsEditor draft={draft} errors={shown} onChange={change} />
          <LevelsEditor draft={draft} errors={shown} onChange={change} />
          <MatrixEditor draft={draft} errors={shown} onChange={change} />
          {attempted && errorCount > 0 && (
            <Text size="sm" c="red" role="alert">
              {t('riskMethodology.editor.invalid', { count: errorCount })}
            </Text>
          )}
          <FormError error={update.error} fields={Object.keys(shown)} />
          {conflict && current?.success && (
            <Group>
              <Button
                variant="default"
                onClick={() => {
                  setBase(current.data);
                  setDraft(draftOf(current.data));
                  setServerErrors({});
                  setAttempted(false);
                  update.reset();
                }}
              >
                {t('forms.loadCurrent')}
              </Button>
            </Group>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onDone}>
              {t('riskMethodology.editor.discard')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('riskMethodology.editor.saveAs', { version: next })}
            </Button>
          </Group>
        </Stack>
      </form>
      <AppModal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('riskMethodology.editor.confirmTitle', { version: next })}
      >
        <Stack gap="md">
          <Text size="sm">{t('riskMethodology.editor.confirmText', { version: next })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('forms.cancel')}
            </Button>
            <Button loading={update.isPending} onClick={() => confirming && save(confirming)}>
              {t('riskMethodology.editor.confirm', { version: next })}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </>
  );
}
