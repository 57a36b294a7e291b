import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import {
  type TMethodology,
  type TRating,
  type TRerateResult,
  type TRiskSummary,
  type TScalePoint,
  ZRerateRequest,
} from '@vigil/contracts';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { type FieldErrors, issuesToFieldErrors } from '../../app/forms/use-form.ts';
import { LoadingLines, LoadMore } from '../../app/pages/list-states.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { RiskLink } from '../risk-actions/risk-link.tsx';
import { LevelBadge } from '../risks/level-badge.tsx';
import { useOutdatedRisks, useRerate } from './methodology.queries.ts';

interface Entry {
  include: boolean;
  inherentLikelihood: number;
  inherentImpact: number;
  /** Null when the risk has no residual rating. */
  residualLikelihood: number | null;
  residualImpact: number | null;
}

const FIELDS = ['inherentLikelihood', 'inherentImpact', 'residualLikelihood', 'residualImpact'] as const;
type Field = (typeof FIELDS)[number];

const clamp = (value: number, scale: readonly TScalePoint[]) => Math.min(Math.max(value, 1), scale.length);

/** The risk's current values, capped to the new scales. */
function prefill(risk: TRiskSummary, methodology: TMethodology): Entry {
  return {
    include: true,
    inherentLikelihood: clamp(risk.inherent.likelihood, methodology.likelihood),
    inherentImpact: clamp(risk.inherent.impact, methodology.impact),
    residualLikelihood: risk.residual ? clamp(risk.residual.likelihood, methodology.likelihood) : null,
    residualImpact: risk.residual ? clamp(risk.residual.impact, methodology.impact) : null,
  };
}

function RatingText({ rating }: { rating: TRating }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">
        {t('riskMethodology.rerate.rating', { likelihood: rating.likelihood, impact: rating.impact })}
      </Text>
      <LevelBadge level={rating.level} size="sm" />
    </Group>
  );
}

/**
 * The bulk re-rating tool: lists the risks still rated with an older methodology version, takes a
 * new rating on the current scales for each one chosen and one reason, and moves them all at once.
 */
export function ReratePanel({ methodology }: { methodology: TMethodology }) {
  const { t } = useTranslation();
  const outdated = useOutdatedRisks(true);
  const rerate = useRerate();
  const [entries, setEntries] = useState<Record<string, Entry>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  /** The risk ids in the order of the last request, to place `ratings.<i>.…` errors on their row. */
  const [sentIds, setSentIds] = useState<string[]>([]);
  const [result, setResult] = useState<TRerateResult | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const risks = outdated.data?.pages.flatMap((page) => page.items) ?? [];
  const entryOf = (risk: TRiskSummary) => entries[risk.id] ?? prefill(risk, methodology);
  const included = risks.filter((risk) => entryOf(risk).include);
  const levelAt = (likelihood: number, impact: number) => {
    const key = methodology.matrix[likelihood - 1]?.[impact - 1];
    return methodology.levels.find((level) => level.key === key) ?? null;
  };

  const edit = (risk: TRiskSummary, change: Partial<Entry>) => {
    setEntries((current) => ({ ...current, [risk.id]: { ...entryOf(risk), ...change } }));
    const index = sentIds.indexOf(risk.id);
    if (index >= 0)
      setErrors((current) =>
        Object.fromEntries(Object.entries(current).filter(([key]) => !key.startsWith(`ratings.${index}.`))),
      );
  };

  const errorOf = (risk: TRiskSummary, field: Field | 'riskId') => {
    const index = sentIds.indexOf(risk.id);
    return index >= 0 ? errors[`ratings.${index}.${field}`] : undefined;
  };

  const show = (next: FieldErrors) => {
    flushSync(() => setErrors(next));
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setResult(null);
    const ids = included.map((risk) => risk.id);
    setSentIds(ids);
    const candidate = {
      reason,
      ratings: included.map((risk) => {
        const entry = entryOf(risk);
        return {
          riskId: risk.id,
          version: risk.version,
          inherentLikelihood: entry.inherentLikelihood,
          inherentImpact: entry.inherentImpact,
          residualLikelihood: entry.residualLikelihood,
          residualImpact: entry.residualImpact,
        };
      }),
    };
    const parsed = ZRerateRequest.safeParse(candidate);
    if (!parsed.success) {
      show(issuesToFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    rerate.mutate(parsed.data, {
      onSuccess: (done) => {
        setResult(done);
        setReason('');
        setEntries({});
        setSentIds([]);
      },
      onError: (error) => {
        if (isApiError(error)) show(error.fieldErrorMap());
      },
    });
  };

  const conflictRiskId =
    isApiError(rerate.error) && rerate.error.code === 'conflict' ? rerate.error.extensions.riskId : undefined;

  const scaleSelect = (risk: TRiskSummary, field: Field, axis: 'likelihood' | 'impact', rating: string) => {
    const entry = entryOf(risk);
    const value = entry[field];
    if (value === null) return null;
    return (
      <NativeSelect
        size="xs"
        aria-label={t('riskMethodology.rerate.field', {
          rating,
          axis: t(`riskTerms.${axis}`).toLowerCase(),
          key: risk.key,
        })}
        disabled={!entry.include}
        data={methodology[axis].map((point) => ({
          value: String(point.value),
          label: t('riskMethodology.point', { value: point.value, label: point.label }),
        }))}
        value={String(value)}
        error={errorOf(risk, field)}
        onChange={(event) => edit(risk, { [field]: Number(event.currentTarget.value) })}
      />
    );
  };

  const preview = (likelihood: number | null, impact: number | null) => {
    if (likelihood === null || impact === null) return null;
    const level = levelAt(likelihood, impact);
    return level ? <LevelBadge level={level} size="sm" /> : null;
  };

  let body: ReactNode;
  if (outdated.error) {
    body = <FormError error={outdated.error} />;
  } else if (!outdated.data) {
    body = <LoadingLines label={t('riskMethodology.rerate.loading')} />;
  } else if (risks.length === 0) {
    body = (
      <Text size="sm" c="dimmed" role="status">
        {t('riskMethodology.rerate.none', { version: methodology.version })}
      </Text>
    );
  } else {
    const inherentLabel = t('riskTerms.inherent');
    const residualLabel = t('riskTerms.residual');
    body = (
      <form ref={formRef} noValidate onSubmit={submit}>
        <Stack gap="md">
          <Checkbox
            label={t('riskMethodology.rerate.selectAll')}
            checked={included.length === risks.length}
            indeterminate={included.length > 0 && included.length < risks.length}
            onChange={(event) => {
              const include = event.currentTarget.checked;
              setEntries(Object.fromEntries(risks.map((risk) => [risk.id, { ...entryOf(risk), include }])));
            }}
          />
          <Table.ScrollContainer minWidth={1000}>
            <Table verticalSpacing="sm">
              <Table.Caption>{t('riskMethodology.rerate.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={40}>
                    <VisuallyHidden>{t('riskMethodology.rerate.includeColumn')}</VisuallyHidden>
                  </Table.Th>
                  <Table.Th scope="col">{t('riskMethodology.rerate.risk')}</Table.Th>
                  <Table.Th scope="col">{t('riskMethodology.rerate.ratedWith')}</Table.Th>
                  <Table.Th scope="col">{t('riskMethodology.rerate.current')}</Table.Th>
                  <Table.Th scope="col">{t('riskMethodology.rerate.newInherent')}</Table.Th>
                  <Table.Th scope="col">{t('riskMethodology.rerate.newResidual')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {risks.map((risk) => {
                  const entry = entryOf(risk);
                  return (
                    <Table.Tr key={risk.id}>
                      <Table.Td>
                        <Checkbox
                          aria-label={t('riskMethodology.rerate.include', { key: risk.key })}
                          checked={entry.include}
                          onChange={(event) => edit(risk, { include: event.currentTarget.checked })}
                        />
                      </Table.Td>
                      <Table.Td>
                        <RiskLink riskId={risk.id} size="sm">
                          {risk.key}
                        </RiskLink>
                        <Text size="sm">{risk.title}</Text>
                        {errorOf(risk, 'riskId') && (
                          <Text size="xs" c="red">
                            {errorOf(risk, 'riskId')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {t('riskMethodology.version', { version: risk.methodologyVersion })}
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          <Group gap={4} wrap="nowrap">
                            <Text size="xs" c="dimmed" w={60}>
                              {inherentLabel}
                            </Text>
                            <RatingText rating={risk.inherent} />
                          </Group>
                          {risk.residual && (
                            <Group gap={4} wrap="nowrap">
                              <Text size="xs" c="dimmed" w={60}>
                                {residualLabel}
                              </Text>
                              <RatingText rating={risk.residual} />
                            </Group>
                          )}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={4}>
                          {scaleSelect(risk, 'inherentLikelihood', 'likelihood', inherentLabel)}
                          {scaleSelect(risk, 'inherentImpact', 'impact', inherentLabel)}
                          {preview(entry.inherentLikelihood, entry.inherentImpact)}
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        {entry.residualLikelihood === null ? (
                          <Text size="sm" c="dimmed">
                            {t('riskMethodology.rerate.noResidual')}
                          </Text>
                        ) : (
                          <Stack gap={4}>
                            {scaleSelect(risk, 'residualLikelihood', 'likelihood', residualLabel)}
                            {scaleSelect(risk, 'residualImpact', 'impact', residualLabel)}
                            {preview(entry.residualLikelihood, entry.residualImpact)}
                          </Stack>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore query={outdated} />
          <Textarea
            label={t('riskMethodology.rerate.reason')}
            description={t('riskMethodology.rerate.reasonHint')}
            required
            rows={3}
            value={reason}
            error={errors.reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setErrors(({ reason: _cleared, ...rest }) => rest);
            }}
          />
          {errors.ratings && (
            <Text size="sm" c="red" role="alert">
              {errors.ratings}
            </Text>
          )}
          <FormError error={rerate.error} fields={Object.keys(errors)} />
          {typeof conflictRiskId === 'string' && (
            <Group>
              <Button
                variant="default"
                onClick={() => {
                  setEntries(({ [conflictRiskId]: _stale, ...rest }) => rest);
                  rerate.reset();
                  void outdated.refetch();
                }}
              >
                {t('riskMethodology.rerate.reload')}
              </Button>
            </Group>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={rerate.isPending} disabled={included.length === 0}>
              {t('riskMethodology.rerate.submit', { count: included.length })}
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }

  return (
    <SectionCard
      title={t('riskMethodology.rerate.title', { version: methodology.version })}
      description={t('riskMethodology.rerate.hint')}
    >
      <Stack gap="md">
        {result && (
          <Alert
            variant="light"
            color="teal"
            role="status"
            icon={<IconCircleCheck size={20} stroke={1.7} aria-hidden />}
          >
            {t('riskMethodology.rerate.done', {
              count: result.items.length,
              version: result.methodologyVersion,
              keys: result.items.map((risk) => risk.key).join(', '),
            })}
          </Alert>
        )}
        {body}
      </Stack>
    </SectionCard>
  );
}
