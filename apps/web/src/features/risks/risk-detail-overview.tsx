import { Anchor, Badge, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { TMethodology, TRating, TRisk, TScalePoint } from '@vigil/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { ControlLink } from '../controls/control-link.tsx';
import { LevelBadge } from './level-badge.tsx';

const AFFECTS = ['confidentiality', 'integrity', 'availability'] as const;

/** The label of a point of a scale (`Likely`), or nothing when the methodology is not loaded. */
function pointLabel(points: readonly TScalePoint[] | undefined, value: number): string {
  return points?.find((point) => point.value === value)?.label ?? '';
}

/** Description, rating, scope, controls and rating history of a risk. */
export function RiskDetailOverview({
  risk,
  methodology,
}: {
  risk: TRisk;
  methodology: TMethodology | undefined;
}) {
  const { t } = useTranslation();
  const affected = AFFECTS.filter((key) => risk.affects[key]);
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <SectionCard title={t('riskDetail.sections.description')}>
          <Stack gap="md">
            <Field label={t('riskDetail.fields.threat')}>{risk.threat}</Field>
            <Field label={t('riskDetail.fields.vulnerability')}>{risk.vulnerability}</Field>
            <Field label={t('riskDetail.fields.consequence')}>{risk.consequence}</Field>
          </Stack>
        </SectionCard>
        <SectionCard
          title={t('riskDetail.sections.rating')}
          description={t('riskDetail.rating.version', { version: risk.methodologyVersion })}
        >
          <Stack gap="md">
            <SimpleGrid cols={2} spacing="md">
              <RatingBlock title={t('riskTerms.inherent')} rating={risk.inherent} methodology={methodology} />
              <RatingBlock title={t('riskTerms.residual')} rating={risk.residual} methodology={methodology} />
            </SimpleGrid>
            <Field label={t('riskDetail.fields.treatment')}>
              {t(`riskTerms.treatment.${risk.treatment ?? 'none'}`)}
            </Field>
          </Stack>
        </SectionCard>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <SectionCard title={t('riskDetail.sections.scope')}>
          <Stack gap="md">
            <Field label={t('riskDetail.fields.category')}>{risk.category}</Field>
            <Field label={t('riskDetail.fields.affects')}>
              {affected.length > 0 ? affected.map((key) => t(`riskTerms.affects.${key}`)).join(', ') : null}
            </Field>
            <Field label={t('riskDetail.fields.tags')}>
              {risk.tags.length > 0 ? (
                <Group gap={6}>
                  {risk.tags.map((tag) => (
                    <Badge key={tag} variant="light" color="gray" tt="none">
                      {tag}
                    </Badge>
                  ))}
                </Group>
              ) : null}
            </Field>
            <div>
              <Title order={3} size="sm" mb={4}>
                {t('riskDetail.sections.assets')}
              </Title>
              {risk.assets.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('riskDetail.assets.empty')}
                </Text>
              ) : (
                <List size="sm" spacing={4}>
                  {risk.assets.map((asset) => (
                    <List.Item key={asset.id}>
                      <Anchor component={Link} to="/assets" size="sm">
                        {asset.key} · {asset.name}
                      </Anchor>
                      {asset.archived && (
                        <Text span size="sm" c="dimmed">
                          {' '}
                          {t('riskDetail.assets.archived')}
                        </Text>
                      )}
                    </List.Item>
                  ))}
                </List>
              )}
            </div>
          </Stack>
        </SectionCard>
        <SectionCard title={t('riskDetail.sections.controls')}>
          {risk.links.controls.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('riskDetail.controls.empty')}
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {risk.links.controls.map((control) => (
                <List.Item key={control.controlId}>
                  <ControlLink controlId={control.controlId} size="sm">
                    {control.key} · {control.title}
                  </ControlLink>
                </List.Item>
              ))}
            </List>
          )}
        </SectionCard>
      </SimpleGrid>

      <RatingHistory risk={risk} />
    </>
  );
}

/** A labelled text of the risk; says so when it is empty. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  const empty = children === null || children === undefined || children === '';
  return (
    <div>
      <Title order={3} size="sm" mb={4}>
        {label}
      </Title>
      {empty ? (
        <Text size="sm" c="dimmed">
          {t('riskDetail.fields.notStated')}
        </Text>
      ) : typeof children === 'string' ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {children}
        </Text>
      ) : (
        children
      )}
    </div>
  );
}

function RatingBlock({
  title,
  rating,
  methodology,
}: {
  title: string;
  rating: TRating | null;
  methodology: TMethodology | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      <Title order={3} size="sm">
        {title}
      </Title>
      {rating ? (
        <>
          <div>
            <LevelBadge level={rating.level} size="lg" />
          </div>
          <Text size="sm">
            {t('riskDetail.rating.likelihood', {
              value: rating.likelihood,
              label: pointLabel(methodology?.likelihood, rating.likelihood),
            })}
          </Text>
          <Text size="sm">
            {t('riskDetail.rating.impact', {
              value: rating.impact,
              label: pointLabel(methodology?.impact, rating.impact),
            })}
          </Text>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {t('riskDetail.rating.notRated')}
        </Text>
      )}
    </Stack>
  );
}

/** A rating in a table cell: its level, and the likelihood and impact as numbers. */
function RatingCell({ rating }: { rating: TRating | null }) {
  const { t } = useTranslation();
  if (!rating) return <Text size="sm">{t('riskDetail.rating.notRated')}</Text>;
  return (
    <Stack gap={2} align="flex-start">
      <LevelBadge level={rating.level} size="sm" />
      <Text size="xs">
        {t('riskDetail.rating.short', { likelihood: rating.likelihood, impact: rating.impact })}
      </Text>
    </Stack>
  );
}

/** Every rating of the risk, newest first: when, who, why, on which methodology version. */
function RatingHistory({ risk }: { risk: TRisk }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <SectionCard title={t('riskDetail.sections.history')}>
      {risk.ratingHistory.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('riskDetail.history.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm">
            <Table.Caption>{t('riskDetail.history.caption', { key: risk.key })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('riskDetail.history.when')}</Table.Th>
                <Table.Th scope="col">{t('riskDetail.history.who')}</Table.Th>
                <Table.Th scope="col">{t('riskDetail.history.why')}</Table.Th>
                <Table.Th scope="col">{t('riskDetail.history.version')}</Table.Th>
                <Table.Th scope="col">{t('riskTerms.inherent')}</Table.Th>
                <Table.Th scope="col">{t('riskTerms.residual')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {risk.ratingHistory.map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(entry.ratedAt)}</Table.Td>
                  <Table.Td>{entry.ratedBy?.name ?? t('riskDetail.history.unknown')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{entry.reason}</Table.Td>
                  <Table.Td>{entry.methodologyVersion}</Table.Td>
                  <Table.Td>
                    <RatingCell rating={entry.inherent} />
                  </Table.Td>
                  <Table.Td>
                    <RatingCell rating={entry.residual} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </SectionCard>
  );
}
