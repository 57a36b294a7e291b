import { Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { CONTROL_THEMES, type TSoaEntry } from '@vigil/contracts';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ControlLink } from '../controls/control-link.tsx';
import { useControlTerms } from '../controls/control-terms.ts';
import { useDayFormatter } from '../risk-actions/days.ts';
import { RiskLink } from '../risk-actions/risk-link.tsx';
import { WarningText } from '../risk-actions/warning-text.tsx';

interface SoaTableProps<E extends TSoaEntry> {
  entries: readonly E[];
  /** Whether a row shows an edit button; none when omitted (a published version). */
  mayEdit?: (entry: E) => boolean;
  onEdit?: (entry: E) => void;
}

/**
 * The controls of an SoA (the current one or a published version), one table per theme under an h3:
 * key, title, applicability, justification, status, owner, linked risks and health.
 */
export function SoaTable<E extends TSoaEntry>({ entries, mayEdit, onEdit }: SoaTableProps<E>) {
  return (
    <Stack gap="xl">
      {CONTROL_THEMES.map((theme) => {
        const rows = entries.filter((entry) => entry.theme === theme);
        if (rows.length === 0) return null;
        return <ThemeTable key={theme} theme={theme} rows={rows} mayEdit={mayEdit} onEdit={onEdit} />;
      })}
    </Stack>
  );
}

function ThemeTable<E extends TSoaEntry>({
  theme,
  rows,
  mayEdit,
  onEdit,
}: {
  theme: TSoaEntry['theme'];
  rows: readonly E[];
  mayEdit: ((entry: E) => boolean) | undefined;
  onEdit: ((entry: E) => void) | undefined;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const editable = mayEdit !== undefined && onEdit !== undefined;
  return (
    <Stack gap="xs" component="section" aria-labelledby={titleId}>
      <Group gap="xs" align="baseline">
        <Title order={3} size="h5" id={titleId}>
          {t(`soa.table.theme.${theme}`)}
        </Title>
        <Text size="sm" c="dimmed">
          {t('soa.table.count', { count: rows.length })}
        </Text>
      </Group>
      <Table.ScrollContainer minWidth={1180}>
        <Table verticalSpacing="sm" highlightOnHover aria-labelledby={titleId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('soa.table.key')}</Table.Th>
              <Table.Th scope="col">{t('soa.table.controlTitle')}</Table.Th>
              <Table.Th scope="col">{t('soa.table.applicable')}</Table.Th>
              <Table.Th scope="col">{t('soa.table.justification')}</Table.Th>
              <Table.Th scope="col">{t('soa.table.status')}</Table.Th>
              <Table.Th scope="col">{t('soa.table.owner')}</Table.Th>
              <Table.Th scope="col">{t('soa.table.risks')}</Table.Th>
              <Table.Th scope="col">{t('soa.table.health')}</Table.Th>
              {editable && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('soa.table.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((entry) => (
              <Table.Tr key={entry.controlId}>
                <Table.Td>
                  <ControlLink
                    controlId={entry.controlId}
                    size="sm"
                    fw={600}
                    ff="monospace"
                    style={{ whiteSpace: 'nowrap' }}
                  >
                    {entry.key}
                  </ControlLink>
                </Table.Td>
                <Table.Td maw={280}>
                  <Text size="sm">{entry.title}</Text>
                  {entry.source === 'custom' && (
                    <Text size="xs" c="dimmed">
                      {t('soa.table.ownControl')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{t(`controls.terms.applicability.${entry.applicability}`)}</Table.Td>
                <Table.Td maw={320}>
                  <Justification entry={entry} />
                </Table.Td>
                <Table.Td>
                  <Status entry={entry} />
                </Table.Td>
                <Table.Td>{entry.owner?.name ?? <Dimmed>{t('soa.table.noOwner')}</Dimmed>}</Table.Td>
                <Table.Td>
                  <Risks entry={entry} />
                </Table.Td>
                <Table.Td>
                  <Health entry={entry} />
                </Table.Td>
                {editable && (
                  <Table.Td ta="right">
                    {mayEdit(entry) && (
                      <Button
                        variant="default"
                        size="xs"
                        leftSection={<IconPencil size={14} aria-hidden />}
                        aria-label={t('soa.table.editLabel', { key: entry.key })}
                        onClick={() => onEdit(entry)}
                      >
                        {t('soa.table.edit')}
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Dimmed({ children }: { children: ReactNode }) {
  return (
    <Text span size="sm" c="dimmed">
      {children}
    </Text>
  );
}

/** Why the control is included (reasons and note) or excluded; nothing while undecided. */
function Justification({ entry }: { entry: TSoaEntry }) {
  const { t } = useTranslation();
  if (entry.applicability === 'undecided') return <Dimmed>—</Dimmed>;
  if (entry.applicability === 'not_applicable') {
    return entry.exclusionJustification ? (
      <Text size="sm">{t('soa.table.excluded', { reason: entry.exclusionJustification })}</Text>
    ) : (
      <WarningText>{t('soa.table.noJustification')}</WarningText>
    );
  }
  if (entry.inclusionReasons.length === 0 && !entry.inclusionNote)
    return <WarningText>{t('soa.table.noJustification')}</WarningText>;
  return (
    <Stack gap={2}>
      {entry.inclusionReasons.length > 0 && (
        <Text size="sm">
          {entry.inclusionReasons.map((reason) => t(`controls.terms.inclusionReason.${reason}`)).join(', ')}
        </Text>
      )}
      {entry.inclusionNote && (
        <Text size="xs" c="dimmed">
          {entry.inclusionNote}
        </Text>
      )}
    </Stack>
  );
}

function Status({ entry }: { entry: TSoaEntry }) {
  const { t } = useTranslation();
  const terms = useControlTerms();
  const formatDay = useDayFormatter();
  const status = entry.implementationStatus;
  const scheduled = status !== 'implemented' && status !== 'inherited' && entry.targetDate;
  return (
    <Stack gap={2}>
      <Text size="sm">{terms.status(entry)}</Text>
      {scheduled && (
        <Text size="xs" c="dimmed">
          {t('soa.table.targetDate', { date: formatDay(scheduled) })}
        </Text>
      )}
    </Stack>
  );
}

function Risks({ entry }: { entry: TSoaEntry }) {
  const { t } = useTranslation();
  if (entry.risks.length === 0) return <Dimmed>{t('soa.table.noRisks')}</Dimmed>;
  return (
    <Group gap={6}>
      {entry.risks.map((risk) => (
        <RiskLink key={risk.id} riskId={risk.id} size="sm" style={{ whiteSpace: 'nowrap' }}>
          {risk.key}
        </RiskLink>
      ))}
    </Group>
  );
}

/** The last check's result in words, with its date; a failed check as a warning (never colour alone). */
function Health({ entry }: { entry: TSoaEntry }) {
  const { t } = useTranslation();
  const formatDay = useDayFormatter();
  if (!entry.health) return <Dimmed>{t('controls.terms.health.unchecked')}</Dimmed>;
  const label = t(`controls.terms.health.${entry.health.status}`);
  return (
    <Stack gap={2}>
      {entry.health.status === 'not_effective' ? (
        <WarningText>{label}</WarningText>
      ) : (
        <Text size="sm">{label}</Text>
      )}
      <Text size="xs" c="dimmed">
        {t('soa.table.checkedOn', { date: formatDay(entry.health.lastCheckedOn) })}
      </Text>
    </Stack>
  );
}
