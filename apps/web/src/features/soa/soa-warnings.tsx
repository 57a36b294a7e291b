import { Button, Group, List, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { TSoaWarning } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { ControlLink } from '../controls/control-link.tsx';
import { RiskLink } from '../risk-actions/risk-link.tsx';
import { WarningText } from '../risk-actions/warning-text.tsx';

/** Warnings listed before "Show all": enough to start with, short enough to reach the table. */
const SHOWN_AT_FIRST = 10;

/** The completeness warnings of the current SoA (6.1.3 c–d), each with a link to what to fix. */
export function SoaWarnings({ warnings }: { warnings: readonly TSoaWarning[] }) {
  const { t } = useTranslation();
  return (
    <SectionCard title={t('soa.warnings.title')} description={t('soa.warnings.description')}>
      {warnings.length === 0 ? (
        <Group gap="xs" wrap="nowrap">
          <IconCircleCheck size={18} stroke={1.7} aria-hidden />
          <Text size="sm">{t('soa.warnings.none')}</Text>
        </Group>
      ) : (
        <SoaWarningList warnings={warnings} />
      )}
    </SectionCard>
  );
}

/** Warnings as a list: the control or risk (a link), what kind of gap, and the server's explanation. */
export function SoaWarningList({ warnings }: { warnings: readonly TSoaWarning[] }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? warnings : warnings.slice(0, SHOWN_AT_FIRST);
  return (
    <Stack gap="sm">
      <List spacing="xs" listStyleType="none" aria-label={t('soa.warnings.listLabel')}>
        {shown.map((warning) => (
          <List.Item key={`${warning.kind}:${warning.subject.id}`}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              {warning.subject.type === 'control' ? (
                <ControlLink controlId={warning.subject.id} size="sm" fw={600} ff="monospace">
                  {warning.subject.key}
                </ControlLink>
              ) : (
                <RiskLink riskId={warning.subject.id} size="sm" fw={600} ff="monospace">
                  {warning.subject.key}
                </RiskLink>
              )}
              <Stack gap={0}>
                <WarningText>{t(`soa.warnings.kind.${warning.kind}`)}</WarningText>
                <Text size="sm">{warning.message}</Text>
              </Stack>
            </Group>
          </List.Item>
        ))}
      </List>
      {warnings.length > SHOWN_AT_FIRST && (
        <Group>
          <Button variant="subtle" size="compact-sm" onClick={() => setAll(!all)} aria-expanded={all}>
            {all ? t('soa.warnings.showFewer') : t('soa.warnings.showAll', { count: warnings.length })}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
