import { Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import {
  IconChevronDown,
  IconChevronRight,
  IconClipboardCheck,
  IconHistory,
  IconPencil,
  IconPlus,
} from '@tabler/icons-react';
import type { TControl, TControlCheck } from '@vigil/contracts';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useDayFormatter } from '../risk-actions/days.ts';
import { CheckDialog } from './check-dialog.tsx';
import { CheckRuns } from './check-runs.tsx';
import { CountText, FollowUpFlag, HealthStatusText, LastResult, NextDue } from './check-terms.tsx';
import { useControlChecks } from './control-checks.queries.ts';
import { useCheckAccess } from './control-checks-access.ts';
import { RecordResultDialog } from './record-result-dialog.tsx';
import { RetireCheckDialog } from './retire-check-dialog.tsx';

/** The dialog open over the section. */
type Dialog = { kind: 'add' } | { kind: 'edit' | 'retire' | 'record'; check: TControlCheck } | null;

function Fact({ label, children }: { label: string; children: ReactNode }) {
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

/**
 * The control's health in detail: its status, when it was last checked, and what pulls it down (overdue
 * checks, open follow-ups, stale evidence). `checks` tells whether the last results were all effective,
 * so that a "partly effective" due to stale evidence alone can say so.
 */
function HealthSummary({
  control,
  checks,
}: {
  control: TControl;
  checks: readonly TControlCheck[] | undefined;
}) {
  const { t } = useTranslation();
  const day = useDayFormatter();
  const { health } = control;
  const active = checks?.filter((check) => check.retiredAt === null) ?? [];
  const staleAlone =
    health.status === 'partly_effective' &&
    health.staleEvidence > 0 &&
    active.length > 0 &&
    active.every((check) => check.lastRun === null || check.lastRun.result === 'effective');
  return (
    <Stack gap="xs" role="group" aria-label={t('controlChecks.health.label', { key: control.key })}>
      <Title order={3} size="sm">
        {t('controlChecks.health.title')}
      </Title>
      <SimpleGrid component="dl" cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" m={0}>
        <Fact label={t('controlChecks.health.status')}>
          <HealthStatusText status={health.status} />
          {staleAlone && (
            <Text size="xs" c="dimmed">
              {t('controlChecks.health.staleLowersResult')}
            </Text>
          )}
        </Fact>
        <Fact label={t('controlChecks.health.lastChecked')}>
          {health.lastCheckedOn ? day(health.lastCheckedOn) : t('controlChecks.health.never')}
        </Fact>
        <Fact label={t('controlChecks.health.activeChecks')}>{health.activeChecks}</Fact>
        <Fact label={t('controlChecks.health.overdueChecks')}>
          <CountText value={health.overdueChecks} />
        </Fact>
        <Fact label={t('controlChecks.health.openFollowUps')}>
          <CountText value={health.openFollowUps} />
        </Fact>
        <Fact label={t('controlChecks.health.staleEvidence')}>
          <CountText value={health.staleEvidence}>
            {t('controlChecks.health.staleOf', { stale: health.staleEvidence, total: health.evidence })}
          </CountText>
        </Fact>
      </SimpleGrid>
    </Stack>
  );
}

/** One check: how, how often, by whom, when next, what it last found; its actions and its runs. */
function CheckItem({
  check,
  access,
  onOpen,
}: {
  check: TControlCheck;
  access: ReturnType<typeof useCheckAccess>;
  onOpen: (dialog: Dialog) => void;
}) {
  const { t } = useTranslation();
  const [showRuns, setShowRuns] = useState(false);
  const runsId = useId();
  const active = check.retiredAt === null;
  const names = { title: check.title };

  return (
    <Paper withBorder radius="md" p="md" component="article" aria-label={check.title}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="sm">
          <Stack gap={4}>
            <Title order={3} size="h5">
              {check.title}
            </Title>
            <FollowUpFlag check={check} />
          </Stack>
          <Group gap="xs">
            {access.mayRecord(check) && (
              <Button
                size="xs"
                leftSection={<IconClipboardCheck size={14} aria-hidden />}
                aria-label={t('controlChecks.section.recordFor', names)}
                onClick={() => onOpen({ kind: 'record', check })}
              >
                {t('controlChecks.section.record')}
              </Button>
            )}
            {active && access.mayManage && (
              <>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconPencil size={14} aria-hidden />}
                  aria-label={t('controlChecks.section.editFor', names)}
                  onClick={() => onOpen({ kind: 'edit', check })}
                >
                  {t('controlChecks.section.edit')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  aria-label={t('controlChecks.section.retireFor', names)}
                  onClick={() => onOpen({ kind: 'retire', check })}
                >
                  {t('controlChecks.section.retire')}
                </Button>
              </>
            )}
          </Group>
        </Group>
        <SimpleGrid component="dl" cols={{ base: 2, sm: 3, lg: 5 }} spacing="md" m={0}>
          <Fact label={t('controlChecks.section.method')}>
            {t(`controlChecks.terms.method.${check.method}`)}
          </Fact>
          <Fact label={t('controlChecks.section.frequency')}>
            {t(`controlChecks.terms.frequency.${check.frequency}`)}
          </Fact>
          <Fact label={t('controlChecks.section.assignee')}>{check.assignee.name}</Fact>
          <Fact label={t('controlChecks.section.nextDue')}>
            <NextDue check={check} />
          </Fact>
          <Fact label={t('controlChecks.section.lastResult')}>
            <LastResult check={check} />
          </Fact>
        </SimpleGrid>
        {check.procedure && (
          <div>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('controlChecks.section.procedure')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={6}>
              {check.procedure}
            </Text>
          </div>
        )}
        <div>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconHistory size={14} aria-hidden />}
            aria-expanded={showRuns}
            aria-controls={runsId}
            onClick={() => setShowRuns((shown) => !shown)}
          >
            {showRuns ? t('controlChecks.section.hideHistory') : t('controlChecks.section.showHistory')}
          </Button>
          <div id={runsId}>{showRuns && <CheckRuns check={check} />}</div>
        </div>
      </Stack>
    </Paper>
  );
}

/**
 * The checks of a control (ISO/IEC 27001 9.1) and its health in detail: active checks by due date with
 * their last result, open follow-up and runs; retired ones folded away below. Security officers add,
 * edit and retire checks; whoever may record a check (any with `control:manage`, a contributor only
 * theirs) records its result.
 */
export function ControlChecksSection({ control }: { control: TControl }) {
  const { t } = useTranslation();
  const access = useCheckAccess();
  const checks = useControlChecks(control.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showRetired, setShowRetired] = useState(false);
  const retiredId = useId();
  const items = checks.data?.items;
  const active = items?.filter((check) => check.retiredAt === null) ?? [];
  const retired = items?.filter((check) => check.retiredAt !== null) ?? [];

  let body: ReactNode;
  if (checks.error) body = <FormError error={checks.error} />;
  else if (!items)
    body = (
      <Stack gap="xs" aria-busy>
        <Text size="sm" role="status">
          {t('controlChecks.section.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  else
    body = (
      <Stack gap="md">
        {active.length === 0 ? (
          <Stack gap={4}>
            <Text size="sm">{t('controlChecks.section.empty')}</Text>
            <Text size="sm" c="dimmed">
              {access.mayManage
                ? t('controlChecks.section.emptyHint')
                : t('controlChecks.section.emptyReadOnly')}
            </Text>
          </Stack>
        ) : (
          active.map((check) => <CheckItem key={check.id} check={check} access={access} onOpen={setDialog} />)
        )}
        {retired.length > 0 && (
          <Stack gap="sm">
            <Group gap="sm">
              <Button
                variant="subtle"
                color="gray"
                leftSection={
                  showRetired ? (
                    <IconChevronDown size={16} aria-hidden />
                  ) : (
                    <IconChevronRight size={16} aria-hidden />
                  )
                }
                aria-expanded={showRetired}
                aria-controls={retiredId}
                onClick={() => setShowRetired((shown) => !shown)}
              >
                {t('controlChecks.section.retired', { count: retired.length })}
              </Button>
              <Text size="xs" c="dimmed">
                {t('controlChecks.section.retiredHint')}
              </Text>
            </Group>
            <Stack gap="md" id={retiredId}>
              {showRetired &&
                retired.map((check) => (
                  <CheckItem key={check.id} check={check} access={access} onOpen={setDialog} />
                ))}
            </Stack>
          </Stack>
        )}
      </Stack>
    );

  return (
    <SectionCard
      title={t('controlChecks.section.title')}
      description={t('controlChecks.section.description')}
      actions={
        access.mayManage && (
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setDialog({ kind: 'add' })}
          >
            {t('controlChecks.section.add')}
          </Button>
        )
      }
    >
      <Stack gap="lg">
        <HealthSummary control={control} checks={items} />
        {body}
      </Stack>
      {dialog?.kind === 'add' && <CheckDialog control={control} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && (
        <CheckDialog control={control} check={dialog.check} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'retire' && (
        <RetireCheckDialog check={dialog.check} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'record' && (
        <RecordResultDialog check={dialog.check} onClose={() => setDialog(null)} />
      )}
    </SectionCard>
  );
}
