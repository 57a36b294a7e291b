import { Anchor, Button, Card, Group, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import type { TMethodology } from '@vigil/contracts';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useMethodology } from '../risk-methodology/methodology.queries.ts';
import classes from './heat-map-page.module.css';
import { LevelBadge, textColourOn } from './level-badge.tsx';
import { RATING_KINDS, type TRatingKind } from './register-search.ts';
import { cellKey, cellSearch, type HeatMapCounts, useHeatMapCounts } from './risks.queries.ts';

/**
 * The heat map: the methodology's matrix (likelihood rows, the highest on top, by impact columns), each
 * cell in its level's colour with the level's name and the number of open risks rated there, for the
 * inherent or the residual rating. A cell with risks links to the register filtered to that cell.
 */
export function HeatMapPage() {
  const { t } = useTranslation();
  const methodology = useMethodology();
  const counts = useHeatMapCounts();
  const [rating, setRating] = useState<TRatingKind>('inherent');

  let body: ReactNode;
  if (methodology.error || counts.error) {
    body = <FormError error={methodology.error ?? counts.error} />;
  } else if (!methodology.data || !counts.data) {
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('risks.heatMap.loading')}
        </Text>
        <Skeleton height={280} radius="sm" aria-hidden />
      </Stack>
    );
  } else {
    body = <HeatMap methodology={methodology.data} counts={counts.data} rating={rating} />;
  }

  return (
    <>
      <PageHeader title={t('nav.heatMap')} lead={t('risks.heatMap.lead')} />
      <Card withBorder radius="md" padding="lg">
        <Stack gap="lg">
          <SegmentedControl
            aria-label={t('risks.heatMap.rating')}
            w="fit-content"
            value={rating}
            onChange={(value) => setRating(value === 'residual' ? 'residual' : 'inherent')}
            data={RATING_KINDS.map((value) => ({ value, label: t(`riskTerms.${value}`) }))}
          />
          {body}
        </Stack>
      </Card>
    </>
  );
}

interface HeatMapProps {
  methodology: TMethodology;
  counts: HeatMapCounts;
  rating: TRatingKind;
}

function HeatMap({ methodology, counts, rating }: HeatMapProps) {
  const { t } = useTranslation();
  const legendId = useId();
  const cells: ReadonlyMap<string, number> = counts[rating];
  const levels = new Map(methodology.levels.map((level) => [level.key, level]));
  const likelihoods = [...methodology.likelihood].reverse();

  let onMatrix = 0;
  for (const count of cells.values()) onMatrix += count;

  return (
    <Stack gap="md">
      <div style={{ overflowX: 'auto' }}>
        <table className={classes.matrix} aria-describedby={legendId}>
          <caption className={classes.caption}>
            {t('risks.heatMap.caption', { rating: t(`riskTerms.${rating}`), count: onMatrix })}
          </caption>
          <thead>
            <tr>
              <td className={classes.corner}>{t('risks.heatMap.corner')}</td>
              {methodology.impact.map((impact) => (
                <th key={impact.value} scope="col" className={classes.columnHeader}>
                  {t('risks.heatMap.point', { value: impact.value, label: impact.label })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {likelihoods.map((likelihood) => (
              <tr key={likelihood.value}>
                <th scope="row" className={classes.rowHeader}>
                  {t('risks.heatMap.point', { value: likelihood.value, label: likelihood.label })}
                </th>
                {methodology.impact.map((impact) => {
                  const key = methodology.matrix[likelihood.value - 1]?.[impact.value - 1] ?? '';
                  const level = levels.get(key) ?? { key, label: key, colour: '#868e96' };
                  const count = cells.get(cellKey(likelihood.value, impact.value)) ?? 0;
                  const name = t('risks.heatMap.cellName', {
                    likelihood: likelihood.value,
                    likelihoodLabel: likelihood.label,
                    impact: impact.value,
                    impactLabel: impact.label,
                    count,
                    level: level.label,
                  });
                  const content = (
                    <>
                      <span className={classes.count}>{t('risks.heatMap.count', { count })}</span>
                      <span className={classes.level}>{level.label}</span>
                    </>
                  );
                  return (
                    <td
                      key={impact.value}
                      className={classes.cell}
                      style={{ backgroundColor: level.colour, color: textColourOn(level.colour) }}
                    >
                      {count > 0 ? (
                        <Link
                          to="/risks"
                          search={cellSearch(rating, likelihood.value, impact.value)}
                          className={classes.content}
                          aria-label={name}
                        >
                          {content}
                        </Link>
                      ) : (
                        <div className={classes.content} title={name}>
                          {content}
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Group gap="xs" id={legendId}>
        <Title order={2} size="h6">
          {t('risks.heatMap.legend')}
        </Title>
        {methodology.levels.map((level) => (
          <LevelBadge key={level.key} level={level} size="sm" />
        ))}
      </Group>
      <Notes
        open={counts.open}
        withoutResidual={rating === 'residual' ? counts.withoutResidual : 0}
        outdated={counts.outdated}
      />
    </Stack>
  );
}

function Notes({
  open,
  withoutResidual,
  outdated,
}: {
  open: number;
  withoutResidual: number;
  outdated: number;
}) {
  const { t } = useTranslation();
  const note = (text: ReactNode) => (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <IconInfoCircle size={18} stroke={1.7} aria-hidden style={{ flexShrink: 0 }} />
      <Text size="sm">{text}</Text>
    </Group>
  );
  if (open === 0) {
    return (
      <Stack gap="sm" align="flex-start">
        {note(t('risks.heatMap.none'))}
        <Button component={Link} to="/risks" variant="default">
          {t('risks.heatMap.openRegister')}
        </Button>
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      {withoutResidual > 0 && note(t('risks.heatMap.noResidual', { count: withoutResidual }))}
      {outdated > 0 &&
        note(
          <>
            {t('risks.heatMap.outdated', { count: outdated })}{' '}
            <Anchor
              size="sm"
              renderRoot={(props) => <Link {...props} to="/risks" search={{ outdated: true, open: true }} />}
            >
              {t('risks.heatMap.outdatedLink')}
            </Anchor>
          </>,
        )}
    </Stack>
  );
}
