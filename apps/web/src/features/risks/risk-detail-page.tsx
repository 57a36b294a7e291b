import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconLock, IconLockOpen, IconPencil } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import type { TRisk } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BackLink, DetailPage } from '../../app/pages/detail-page.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useDayFormatter } from '../risk-actions/days.ts';
import { WarningText } from '../risk-actions/warning-text.tsx';
import { LevelBadge } from './level-badge.tsx';
import { RiskAcceptanceDialog } from './risk-acceptance-dialog.tsx';
import { RiskAcceptanceSection } from './risk-acceptance-section.tsx';
import { RiskActionsSection } from './risk-actions-section.tsx';
import { useMethodologyVersion, useRisk } from './risk-detail.queries.ts';
import { useRiskAccess } from './risk-detail-access.ts';
import { RiskDetailOverview } from './risk-detail-overview.tsx';
import { RiskTransitionDialog } from './risk-detail-transition-dialog.tsx';
import { RiskEditorDialog } from './risk-editor-dialog.tsx';

/** One risk: what it is, how it is rated, its treatment plan, its acceptance and its rating history. */
export function RiskDetailPage() {
  const { t } = useTranslation();
  const { riskId } = useParams({ from: '/app/risks/$riskId' });
  return (
    <DetailPage
      query={useRisk(riskId)}
      loading={t('riskDetail.loading')}
      notFound={{
        title: t('riskDetail.notFound.title'),
        detail: t('riskDetail.notFound.detail'),
        back: t('riskDetail.notFound.back'),
        to: '/risks',
      }}
    >
      {(risk) => <RiskDetail risk={risk} />}
    </DetailPage>
  );
}

type Dialog = 'edit' | 'close' | 'reopen' | 'accept' | null;

function RiskDetail({ risk }: { risk: TRisk }) {
  const { t } = useTranslation();
  const access = useRiskAccess(risk);
  const { current, rated } = useMethodologyVersion(risk.methodologyVersion);
  const [dialog, setDialog] = useState<Dialog>(null);
  const closed = risk.status === 'closed';
  const outdated = current.data !== undefined && risk.methodologyVersion < current.data.version;

  const actions = (
    <Group gap="sm">
      {access.mayEdit && (
        <Button leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setDialog('edit')}>
          {t('riskDetail.actions.edit')}
        </Button>
      )}
      {access.mayAccept && (
        <Button
          variant="default"
          leftSection={<IconCircleCheck size={16} aria-hidden />}
          onClick={() => setDialog('accept')}
        >
          {t('riskDetail.actions.accept')}
        </Button>
      )}
      {access.mayTransition && (
        <Button
          variant="default"
          leftSection={closed ? <IconLockOpen size={16} aria-hidden /> : <IconLock size={16} aria-hidden />}
          onClick={() => setDialog(closed ? 'reopen' : 'close')}
        >
          {closed ? t('riskDetail.actions.reopen') : t('riskDetail.actions.close')}
        </Button>
      )}
    </Group>
  );

  return (
    <>
      <BackLink to="/risks">{t('riskDetail.backToRegister')}</BackLink>
      <PageHeader title={t('riskDetail.pageTitle', { key: risk.key, title: risk.title })} actions={actions} />
      <Stack gap="lg">
        <RiskSummary risk={risk} />
        {outdated && current.data && (
          <Alert
            variant="light"
            color="yellow"
            icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
          >
            {t('riskDetail.outdated', { rated: risk.methodologyVersion, current: current.data.version })}
          </Alert>
        )}
        <RiskDetailOverview risk={risk} methodology={rated} />
        <RiskActionsSection risk={risk} access={access} />
        <RiskAcceptanceSection
          risk={risk}
          methodology={rated}
          access={access}
          onAccept={() => setDialog('accept')}
        />
      </Stack>
      <RiskEditorDialog opened={dialog === 'edit'} onClose={() => setDialog(null)} risk={risk} />
      {(dialog === 'close' || dialog === 'reopen') && (
        <RiskTransitionDialog risk={risk} to={dialog} onClose={() => setDialog(null)} />
      )}
      {dialog === 'accept' && (
        <RiskAcceptanceDialog risk={risk} methodology={rated} onClose={() => setDialog(null)} />
      )}
    </>
  );
}

/** Level, status, owner, review date and acceptance at a glance; each as text, never by colour alone. */
function RiskSummary({ risk }: { risk: TRisk }) {
  const { t } = useTranslation();
  const day = useDayFormatter();
  const { date } = useFormatters();
  const { acceptance } = risk;
  let accepted: ReactNode = t('riskDetail.summary.notAccepted');
  if (acceptance.current && acceptance.stale)
    accepted = <WarningText>{t('riskDetail.summary.needsReacceptance')}</WarningText>;
  else if (acceptance.current)
    accepted = t('riskDetail.summary.accepted', { date: day(acceptance.current.expiresOn) });

  return (
    <Group component="dl" gap="xl" align="flex-start" m={0}>
      <SummaryItem label={t('riskDetail.summary.level')}>
        <LevelBadge level={risk.level} />
      </SummaryItem>
      <SummaryItem label={t('riskDetail.summary.status')}>
        <Badge variant="outline" color="gray" tt="none" fw={600}>
          {t(`riskTerms.status.${risk.status}`)}
        </Badge>
        {risk.closedAt && (
          <Text size="xs" c="dimmed">
            {t('riskDetail.summary.closedOn', { date: date(risk.closedAt) })}
          </Text>
        )}
      </SummaryItem>
      <SummaryItem label={t('riskDetail.summary.owner')}>{risk.owner.name}</SummaryItem>
      <SummaryItem label={t('riskDetail.summary.nextReview')}>
        {day(risk.nextReviewOn)}
        {risk.reviewOverdue && <WarningText>{t('riskDetail.summary.reviewOverdue')}</WarningText>}
      </SummaryItem>
      <SummaryItem label={t('riskDetail.summary.acceptance')}>{accepted}</SummaryItem>
    </Group>
  );
}

function SummaryItem({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Stack component="dd" gap={2} m={0} mt={4} fz="sm">
        {children}
      </Stack>
    </div>
  );
}
