import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconPencil, IconPlus } from '@tabler/icons-react';
import type { TRisk, TRiskAction } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useDayFormatter } from '../risk-actions/days.ts';
import { WarningText } from '../risk-actions/warning-text.tsx';
import { RiskActionDialog } from './risk-action-dialog.tsx';
import { useRiskActions } from './risk-detail.queries.ts';
import type { useRiskAccess } from './risk-detail-access.ts';

/** The treatment plan: the risk's actions with owner, due date, status and evidence; overdue ones flagged. */
export function RiskActionsSection({
  risk,
  access,
}: {
  risk: TRisk;
  access: ReturnType<typeof useRiskAccess>;
}) {
  const { t } = useTranslation();
  const day = useDayFormatter();
  const actions = useRiskActions(risk.id);
  // `null`: adding a new action; an action: editing it; undefined: no dialog.
  const [editing, setEditing] = useState<TRiskAction | null | undefined>(undefined);
  const items = actions.data?.items ?? [];
  const overdue = items.filter((action) => action.overdue).length;

  let body: ReactNode;
  if (actions.error) {
    body = <FormError error={actions.error} />;
  } else if (!actions.data) {
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('riskDetail.plan.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else if (items.length === 0) {
    body = (
      <Stack gap={4}>
        <Text size="sm">{t('riskDetail.plan.empty')}</Text>
        {access.mayAddAction && (
          <Text size="sm" c="dimmed">
            {t('riskDetail.plan.emptyHint')}
          </Text>
        )}
      </Stack>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm">
          <Table.Caption>{t('riskDetail.plan.caption', { key: risk.key })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('riskDetail.plan.columns.action')}</Table.Th>
              <Table.Th scope="col">{t('riskDetail.plan.columns.owner')}</Table.Th>
              <Table.Th scope="col">{t('riskDetail.plan.columns.due')}</Table.Th>
              <Table.Th scope="col">{t('riskDetail.plan.columns.status')}</Table.Th>
              <Table.Th scope="col">{t('riskDetail.plan.columns.evidence')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('riskDetail.plan.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((action) => (
              <Table.Tr key={action.id}>
                <Table.Td maw={360}>
                  <Text size="sm" fw={500}>
                    {action.title}
                  </Text>
                  {action.description && (
                    <Text size="xs" c="dimmed" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }}>
                      {action.description}
                    </Text>
                  )}
                  {action.completionNote && (
                    <Text size="xs" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                      {t('riskDetail.plan.completionNote', { note: action.completionNote })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{action.owner.name}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{day(action.dueOn)}</Text>
                  {action.overdue && <WarningText>{t('riskDetail.plan.overdue')}</WarningText>}
                </Table.Td>
                <Table.Td>{t(`riskTerms.actionStatus.${action.status}`)}</Table.Td>
                <Table.Td>
                  {action.evidenceUrl ? (
                    <Anchor
                      href={action.evidenceUrl}
                      target="_blank"
                      rel="noopener noreferrer"
                      size="sm"
                      aria-label={t('riskDetail.plan.evidenceFor', { title: action.title })}
                    >
                      <Group gap={4} component="span" wrap="nowrap">
                        {t('riskDetail.plan.evidence')}
                        <IconExternalLink size={14} aria-hidden />
                      </Group>
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('riskDetail.plan.noEvidence')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {access.mayEditAction(action) && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label={t('riskDetail.plan.editFor', { title: action.title })}
                      onClick={() => setEditing(action)}
                    >
                      <IconPencil size={18} aria-hidden />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <SectionCard
      title={t('riskDetail.plan.title')}
      description={t('riskDetail.plan.description')}
      actions={
        access.mayAddAction && (
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setEditing(null)}
          >
            {t('riskDetail.plan.add')}
          </Button>
        )
      }
    >
      <Stack gap="md">
        {overdue > 0 && (
          <Alert
            variant="light"
            color="red"
            icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
            styles={{
              message: { color: 'light-dark(var(--mantine-color-red-9), var(--mantine-color-red-3))' },
            }}
          >
            {t('riskDetail.plan.overdueCount', { count: overdue })}
          </Alert>
        )}
        {risk.status === 'closed' && (
          <Text size="sm" c="dimmed">
            {t('riskDetail.plan.closedHint')}
          </Text>
        )}
        {body}
      </Stack>
      {editing !== undefined && (
        <RiskActionDialog risk={risk} action={editing ?? undefined} onClose={() => setEditing(undefined)} />
      )}
    </SectionCard>
  );
}
