import { Group, Text } from '@mantine/core';
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleDashed,
  IconClock,
  IconClockExclamation,
} from '@tabler/icons-react';
import type { TCheckResult, TControlCheck, TControlHealthStatus } from '@vigil/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format.ts';
import { useDayFormatter } from '../risk-actions/days.ts';
import { WARNING_COLOUR, WarningText } from '../risk-actions/warning-text.tsx';

/** Icon colours (decorative: the words beside them carry the meaning). */
const GOOD = 'light-dark(var(--mantine-color-teal-8), var(--mantine-color-teal-4))';
const FAIR = 'light-dark(var(--mantine-color-orange-8), var(--mantine-color-orange-4))';
const NEUTRAL = 'var(--mantine-color-dimmed)';

/** Words with an icon before them; the icon is decorative. */
function IconText({ icon, colour, children }: { icon: ReactNode; colour: string; children: ReactNode }) {
  return (
    <Group gap={4} wrap="nowrap">
      <span style={{ color: colour, display: 'inline-flex' }}>{icon}</span>
      <Text span size="sm">
        {children}
      </Text>
    </Group>
  );
}

/** A run's result in words with its icon; "not effective" as a warning. */
export function ResultText({ result }: { result: TCheckResult }) {
  const { t } = useTranslation();
  const words = t(`controlChecks.terms.result.${result}`);
  if (result === 'not_effective') return <WarningText>{words}</WarningText>;
  return (
    <IconText
      colour={result === 'effective' ? GOOD : FAIR}
      icon={
        result === 'effective' ? (
          <IconCircleCheck size={16} stroke={1.8} aria-hidden />
        ) : (
          <IconAlertCircle size={16} stroke={1.8} aria-hidden />
        )
      }
    >
      {words}
    </IconText>
  );
}

/** A check's last result, or that it has not run yet. */
export function LastResult({ check }: { check: TControlCheck }) {
  const { t } = useTranslation();
  const day = useDayFormatter();
  if (!check.lastRun)
    return (
      <Text size="sm" c="dimmed">
        {t('controlChecks.terms.notRun')}
      </Text>
    );
  return (
    <>
      <ResultText result={check.lastRun.result} />
      <Text size="xs" c="dimmed">
        {day(check.lastRun.performedOn)}
      </Text>
    </>
  );
}

/** A check's next due date, flagged in words when overdue or due soon; a retired check's retirement. */
export function NextDue({ check }: { check: TControlCheck }) {
  const { t } = useTranslation();
  const day = useDayFormatter();
  const { date } = useFormatters();
  if (check.retiredAt !== null)
    return (
      <Text size="sm" c="dimmed">
        {t('controlChecks.terms.retiredOn', { date: date(check.retiredAt) })}
      </Text>
    );
  return (
    <>
      <Text size="sm">{day(check.nextDueOn)}</Text>
      {check.overdue && <WarningText>{t('controlChecks.terms.overdue')}</WarningText>}
      {check.dueSoon && (
        <Group gap={4} wrap="nowrap">
          <IconClock size={14} stroke={1.8} aria-hidden />
          <Text span size="xs" fw={700}>
            {t('controlChecks.terms.dueSoon')}
          </Text>
        </Group>
      )}
    </>
  );
}

/** "Follow-up needed since …" while a not-effective result waits for an effective run. */
export function FollowUpFlag({ check }: { check: TControlCheck }) {
  const { t } = useTranslation();
  const day = useDayFormatter();
  if (!check.openFollowUp) return null;
  return (
    <WarningText>
      {t('controlChecks.terms.followUpSince', { date: day(check.openFollowUp.since) })}
    </WarningText>
  );
}

/** A control's health status in words with its icon; not effective and overdue as warnings. */
export function HealthStatusText({ status }: { status: TControlHealthStatus }) {
  const { t } = useTranslation();
  const words = t(`controls.terms.health.${status}`);
  switch (status) {
    case 'not_effective':
      return <WarningText>{words}</WarningText>;
    case 'overdue':
      return (
        <Group gap={4} wrap="nowrap" style={{ color: WARNING_COLOUR }}>
          <IconClockExclamation size={16} stroke={1.8} aria-hidden />
          <Text span size="sm" fw={700} style={{ color: WARNING_COLOUR }}>
            {words}
          </Text>
        </Group>
      );
    case 'unchecked':
      return (
        <IconText colour={NEUTRAL} icon={<IconCircleDashed size={16} stroke={1.8} aria-hidden />}>
          {words}
        </IconText>
      );
    default:
      return <ResultText result={status} />;
  }
}

/** A count that is a warning when above zero (icon and bold red), plain otherwise. */
export function CountText({ value, children }: { value: number; children?: ReactNode }) {
  if (value > 0)
    return (
      <Group gap={4} wrap="nowrap" style={{ color: WARNING_COLOUR }}>
        <IconAlertTriangle size={16} stroke={1.8} aria-hidden />
        <Text span size="sm" fw={700} style={{ color: WARNING_COLOUR }}>
          {children ?? value}
        </Text>
      </Group>
    );
  return <Text size="sm">{children ?? value}</Text>;
}
