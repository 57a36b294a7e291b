import { Alert, Box, Button, Group, Input, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { TLevelRef, TMethodology, TRatingInput } from '@vigil/contracts';
import { Fragment, type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../app/errors/describe-error.ts';
import { useMethodology } from '../risk-methodology/methodology.queries.ts';
import { LevelBadge, textColourOn } from './level-badge.tsx';

/** The level of a cell of the methodology's matrix, or null when the matrix has no such cell. */
export function levelOf(methodology: TMethodology, rating: TRatingInput): TLevelRef | null {
  const key = methodology.matrix[rating.likelihood - 1]?.[rating.impact - 1];
  const level = methodology.levels.find((l) => l.key === key);
  return level ? { key: level.key, label: level.label, colour: level.colour } : null;
}

export interface RatingPickerProps {
  /** Names the group, e.g. "Inherent rating". */
  label: string;
  description?: string;
  value: TRatingInput | null;
  onChange: (value: TRatingInput | null) => void;
  /** Offers "Clear" (a residual rating is optional). */
  clearable?: boolean;
  required?: boolean;
  error?: string | undefined;
}

/**
 * A rating chosen on the methodology's matrix: likelihood rows (the highest on top) by impact columns,
 * each cell showing its level as text on the level's colour. A radio group: one cell takes the Tab
 * stop, arrows move between cells, Space or Enter chooses; the chosen cell carries a check mark.
 */
export function RatingPicker(props: RatingPickerProps) {
  const { t } = useTranslation();
  const methodology = useMethodology();
  if (methodology.isPending) return <Loader size="sm" aria-label={t('riskDetail.picker.loading')} />;
  if (methodology.isError) {
    const { title, detail } = describeError(methodology.error, t);
    return (
      <Alert color="red" variant="light" title={title} role="alert">
        {detail}
      </Alert>
    );
  }
  return <RatingGrid {...props} methodology={methodology.data} />;
}

function RatingGrid({
  label,
  description,
  value,
  onChange,
  clearable = false,
  required = false,
  error,
  methodology,
}: RatingPickerProps & { methodology: TMethodology }) {
  const { t } = useTranslation();
  const id = useId();
  const cells = useRef(new Map<string, HTMLButtonElement>());
  const rows = methodology.likelihood.length;
  const columns = methodology.impact.length;
  const chosen = value && value.likelihood <= rows && value.impact <= columns ? value : null;
  // The cell with focus while focus is inside the grid; null otherwise.
  const [focused, setFocused] = useState<TRatingInput | null>(null);
  // One Tab stop: the focused cell, else the chosen one, else the first (top left).
  const tabStop = focused ?? chosen ?? { likelihood: rows, impact: 1 };
  const level = chosen ? levelOf(methodology, chosen) : null;

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, at: TRatingInput) => {
    const clamp = (n: number, max: number) => Math.min(Math.max(n, 1), max);
    const targets: Record<string, TRatingInput> = {
      ArrowUp: { likelihood: clamp(at.likelihood + 1, rows), impact: at.impact },
      ArrowDown: { likelihood: clamp(at.likelihood - 1, rows), impact: at.impact },
      ArrowRight: { likelihood: at.likelihood, impact: clamp(at.impact + 1, columns) },
      ArrowLeft: { likelihood: at.likelihood, impact: clamp(at.impact - 1, columns) },
      Home: { likelihood: at.likelihood, impact: 1 },
      End: { likelihood: at.likelihood, impact: columns },
    };
    if (event.key === 'Enter' || event.key === ' ') {
      // Chosen at key down, as a radio is; the default (the button's own click) is not needed then.
      event.preventDefault();
      onChange(at);
      return;
    }
    const target = targets[event.key];
    if (!target) return;
    event.preventDefault();
    cells.current.get(cellKey(target))?.focus();
  };

  const likelihoodTop = [...methodology.likelihood].reverse();
  const errorId = `${id}-error`;
  const descriptionId = `${id}-description`;

  return (
    <Stack gap="xs">
      <div>
        <Input.Label id={`${id}-label`} labelElement="div" required={required}>
          {label}
        </Input.Label>
        {description && <Input.Description id={descriptionId}>{description}</Input.Description>}
      </div>
      <Box
        role="radiogroup"
        aria-labelledby={`${id}-label`}
        aria-describedby={
          [description ? descriptionId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined
        }
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        tabIndex={-1}
        style={{
          display: 'grid',
          gridTemplateColumns: `auto auto repeat(${columns}, minmax(4.5rem, 1fr))`,
          gap: 4,
          overflowX: 'auto',
          outlineOffset: 4,
        }}
      >
        <Text
          size="xs"
          fw={600}
          style={{
            gridColumn: 1,
            gridRow: `1 / span ${rows}`,
            alignSelf: 'center',
            writingMode: 'vertical-rl',
            transform: 'rotate(180deg)',
          }}
        >
          {t('riskTerms.likelihood')}
        </Text>
        {likelihoodTop.map((point, rowIndex) => (
          <Fragment key={point.value}>
            <Text
              size="xs"
              ta="right"
              pr={4}
              style={{ gridColumn: 2, gridRow: rowIndex + 1, alignSelf: 'center' }}
              title={point.description || undefined}
            >
              {point.value} · {point.label}
            </Text>
            {methodology.impact.map((impact, columnIndex) => {
              const at = { likelihood: point.value, impact: impact.value };
              const cellLevel = levelOf(methodology, at);
              const selected = chosen?.likelihood === at.likelihood && chosen.impact === at.impact;
              const name = t('riskDetail.picker.cell', {
                likelihood: point.value,
                likelihoodLabel: point.label,
                impact: impact.value,
                impactLabel: impact.label,
                level: cellLevel?.label ?? '?',
              });
              return (
                <UnstyledButton
                  key={impact.value}
                  ref={(node: HTMLButtonElement | null) => {
                    if (node) cells.current.set(cellKey(at), node);
                    else cells.current.delete(cellKey(at));
                  }}
                  type="button"
                  role="radio"
                  aria-checked={selected}
                  aria-label={name}
                  tabIndex={cellKey(at) === cellKey(tabStop) ? 0 : -1}
                  onFocus={() => setFocused(at)}
                  onBlur={() => setFocused(null)}
                  onKeyDown={(event) => onKeyDown(event, at)}
                  onClick={() => onChange(at)}
                  data-rating-cell
                  style={{
                    gridColumn: columnIndex + 3,
                    gridRow: rowIndex + 1,
                    minHeight: 44,
                    borderRadius: 4,
                    padding: '4px 6px',
                    backgroundColor: cellLevel?.colour ?? 'var(--mantine-color-gray-3)',
                    color: cellLevel ? textColourOn(cellLevel.colour) : undefined,
                    // The chosen cell: a thick ring in the text colour, plus the check mark.
                    boxShadow: selected
                      ? `inset 0 0 0 3px ${cellLevel ? textColourOn(cellLevel.colour) : 'currentColor'}`
                      : undefined,
                    fontWeight: selected ? 700 : 400,
                    display: 'flex',
                    alignItems: 'center',
                    justifyContent: 'center',
                    gap: 4,
                    fontSize: 'var(--mantine-font-size-xs)',
                    textAlign: 'center',
                  }}
                >
                  {selected && <IconCheck size={16} stroke={3} aria-hidden />}
                  <span aria-hidden>{cellLevel?.label ?? '?'}</span>
                </UnstyledButton>
              );
            })}
          </Fragment>
        ))}
        {methodology.impact.map((point, columnIndex) => (
          <Text
            key={point.value}
            size="xs"
            ta="center"
            style={{ gridColumn: columnIndex + 3, gridRow: rows + 1 }}
            title={point.description || undefined}
          >
            {point.value} · {point.label}
          </Text>
        ))}
        <Text size="xs" fw={600} ta="center" style={{ gridColumn: `3 / span ${columns}`, gridRow: rows + 2 }}>
          {t('riskTerms.impact')}
        </Text>
      </Box>
      {error && <Input.Error id={errorId}>{error}</Input.Error>}
      <Group gap="sm" aria-live="polite">
        <Text size="sm">{t('riskDetail.picker.result')}</Text>
        {level && chosen ? (
          <>
            <LevelBadge level={level} />
            <Text size="sm" c="dimmed">
              {t('riskDetail.picker.summary', {
                likelihood: methodology.likelihood[chosen.likelihood - 1]?.label ?? '',
                impact: methodology.impact[chosen.impact - 1]?.label ?? '',
              })}
            </Text>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('riskDetail.picker.none')}
          </Text>
        )}
        {clearable && chosen && (
          <Button
            variant="subtle"
            size="compact-sm"
            aria-label={t('riskDetail.picker.clearLabel', { label })}
            onClick={() => onChange(null)}
          >
            {t('riskDetail.picker.clear')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

function cellKey(rating: TRatingInput): string {
  return `${rating.likelihood}:${rating.impact}`;
}
