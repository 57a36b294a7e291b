import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { TAcceptor, TMethodology, TRisk, TRiskAcceptance } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useDayFormatter } from '../risk-actions/days.ts';
import { acceptorLabel } from '../risk-methodology/acceptors.ts';
import { LevelBadge } from './level-badge.tsx';
import { RiskAcceptanceWithdrawDialog } from './risk-acceptance-withdraw-dialog.tsx';
import { useRiskAcceptances } from './risk-detail.queries.ts';
import type { useRiskAccess } from './risk-detail-access.ts';

/** "the risk owner, Security officer or Top management": who may accept a level. */
export function useAcceptorsText(): (acceptors: readonly TAcceptor[]) => string {
  const { t, i18n } = useTranslation();
  const list = new Intl.ListFormat(i18n.language, { type: 'disjunction' });
  return (acceptors) => list.format(acceptors.map((acceptor) => acceptorLabel(t, acceptor)));
}

/**
 * Who accepted the residual risk, when, why, until when and exactly which rating; a banner when the
 * acceptance no longer matches the risk; the history of acceptances.
 */
export function RiskAcceptanceSection({
  risk,
  methodology,
  access,
  onAccept,
}: {
  risk: TRisk;
  /** The methodology version the risk is rated with (it says who may accept which level). */
  methodology: TMethodology | undefined;
  access: ReturnType<typeof useRiskAccess>;
  onAccept: () => void;
}) {
  const { t } = useTranslation();
  const acceptorsText = useAcceptorsText();
  const [withdrawing, setWithdrawing] = useState<TRiskAcceptance | null>(null);
  const { current, stale, staleReasons } = risk.acceptance;
  const level = methodology?.levels.find((l) => l.key === risk.level.key);

  return (
    <SectionCard
      title={t('riskDetail.acceptance.title')}
      description={t('riskDetail.acceptance.description')}
      actions={
        access.mayAccept && (
          <Button
            variant="default"
            leftSection={<IconCircleCheck size={16} aria-hidden />}
            onClick={onAccept}
          >
            {t('riskDetail.actions.accept')}
          </Button>
        )
      }
    >
      <Stack gap="lg">
        {current && stale && (
          <Alert
            variant="light"
            color="orange"
            title={t('riskDetail.acceptance.stale')}
            icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
            // Mantine's orange title on the light orange ground is under 4.5:1; the icon keeps the colour.
            styles={{ label: { color: 'var(--mantine-color-text)' } }}
          >
            <Text size="sm">{t('riskDetail.acceptance.staleLead')}</Text>
            <List size="sm" mt={4}>
              {staleReasons.map((reason) => (
                <List.Item key={reason}>{t(`riskTerms.staleReason.${reason}`)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {current ? (
          <CurrentAcceptance
            acceptance={current}
            mayWithdraw={access.mayWithdraw(current)}
            onWithdraw={() => setWithdrawing(current)}
          />
        ) : (
          <Text size="sm">{t('riskDetail.acceptance.none')}</Text>
        )}
        {level && (
          <Text size="sm" c="dimmed">
            {level.acceptableBy.length > 0
              ? t('riskDetail.acceptance.whoMay', {
                  level: level.label,
                  acceptors: acceptorsText(level.acceptableBy),
                })
              : t('riskDetail.acceptance.nobodyMay', { level: level.label })}
          </Text>
        )}
        <AcceptanceHistory risk={risk} />
      </Stack>
      {withdrawing && (
        <RiskAcceptanceWithdrawDialog
          risk={risk}
          acceptance={withdrawing}
          onClose={() => setWithdrawing(null)}
        />
      )}
    </SectionCard>
  );
}

function CurrentAcceptance({
  acceptance,
  mayWithdraw,
  onWithdraw,
}: {
  acceptance: TRiskAcceptance;
  mayWithdraw: boolean;
  onWithdraw: () => void;
}) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const day = useDayFormatter();
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="center">
        <Title order={3} size="sm">
          {t('riskDetail.acceptance.current')}
        </Title>
        {mayWithdraw && (
          <Button variant="subtle" color="red" size="compact-sm" onClick={onWithdraw}>
            {t('riskDetail.acceptance.withdraw')}
          </Button>
        )}
      </Group>
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" m={0}>
        <Item label={t('riskDetail.acceptance.acceptedBy')}>
          {t('riskDetail.acceptance.acceptedByValue', {
            name: acceptance.acceptedBy.name,
            role: t(`roles.${acceptance.acceptorRole}`),
          })}
        </Item>
        <Item label={t('riskDetail.acceptance.acceptedAt')}>{dateTime(acceptance.acceptedAt)}</Item>
        <Item label={t('riskDetail.acceptance.expiresOn')}>{day(acceptance.expiresOn)}</Item>
        <Item label={t('riskDetail.acceptance.rating')}>
          <Group gap="xs">
            <LevelBadge level={acceptance.rating.level} size="sm" />
            <Text size="sm">
              {t('riskDetail.rating.short', {
                likelihood: acceptance.rating.likelihood,
                impact: acceptance.rating.impact,
              })}
            </Text>
          </Group>
        </Item>
        <Item label={t('riskDetail.acceptance.methodologyVersion')}>{acceptance.methodologyVersion}</Item>
      </SimpleGrid>
      <div>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          {t('riskDetail.acceptance.justification')}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {acceptance.justification}
        </Text>
      </div>
    </Stack>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} mt={2}>
        {children}
      </Text>
    </div>
  );
}

/** Every acceptance of the risk, newest first, with whether it is in force, stale, withdrawn or superseded. */
function AcceptanceHistory({ risk }: { risk: TRisk }) {
  const { t } = useTranslation();
  const { dateTime, date } = useFormatters();
  const day = useDayFormatter();
  const acceptances = useRiskAcceptances(risk.id);

  let body: ReactNode;
  if (acceptances.error) {
    body = <FormError error={acceptances.error} />;
  } else if (!acceptances.data) {
    body = (
      <Stack gap="xs" aria-busy>
        <Text size="sm" role="status">
          {t('riskDetail.acceptance.historyLoading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else if (acceptances.data.items.length === 0) {
    return null;
  } else {
    const { state } = acceptances.data;
    const stateOf = (acceptance: TRiskAcceptance): string => {
      if (acceptance.withdrawnAt)
        return t('riskDetail.acceptance.states.withdrawn', { date: date(acceptance.withdrawnAt) });
      if (acceptance.id === state.current?.id)
        return state.stale
          ? t('riskDetail.acceptance.states.stale')
          : t('riskDetail.acceptance.states.current');
      return t('riskDetail.acceptance.states.superseded');
    };
    body = (
      <Table.ScrollContainer minWidth={680}>
        <Table verticalSpacing="xs">
          <Table.Caption>{t('riskDetail.acceptance.historyCaption', { key: risk.key })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('riskDetail.acceptance.columns.acceptedAt')}</Table.Th>
              <Table.Th scope="col">{t('riskDetail.acceptance.columns.acceptedBy')}</Table.Th>
              <Table.Th scope="col">{t('riskDetail.acceptance.columns.rating')}</Table.Th>
              <Table.Th scope="col">{t('riskDetail.acceptance.columns.expiresOn')}</Table.Th>
              <Table.Th scope="col">{t('riskDetail.acceptance.columns.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {acceptances.data.items.map((acceptance) => (
              <Table.Tr key={acceptance.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateTime(acceptance.acceptedAt)}</Table.Td>
                <Table.Td>
                  {t('riskDetail.acceptance.acceptedByValue', {
                    name: acceptance.acceptedBy.name,
                    role: t(`roles.${acceptance.acceptorRole}`),
                  })}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <LevelBadge level={acceptance.rating.level} size="sm" />
                    <Text size="xs">
                      {t('riskDetail.rating.short', {
                        likelihood: acceptance.rating.likelihood,
                        impact: acceptance.rating.impact,
                      })}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{day(acceptance.expiresOn)}</Table.Td>
                <Table.Td>
                  <Badge variant="outline" color="gray" tt="none" fw={600}>
                    {stateOf(acceptance)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <div>
      <Title order={3} size="sm" mb="xs">
        {t('riskDetail.acceptance.history')}
      </Title>
      {body}
    </div>
  );
}
