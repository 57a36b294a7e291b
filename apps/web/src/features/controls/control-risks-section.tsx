import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLink } from '@tabler/icons-react';
import { type TControl, ZControl } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { ConflictNotice, conflictCurrent } from '../../app/forms/conflict.tsx';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { RiskLink } from '../risk-actions/risk-link.tsx';
import { useSetControlRisks } from './controls.queries.ts';
import { RiskMultiSelect, riskLabel } from './risk-select.tsx';

/** The risks the control treats (key, title, status, treatment), and "Link risks" for those who may edit it. */
export function ControlRisksSection({ control, mayEdit }: { control: TControl; mayEdit: boolean }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <SectionCard
      title={t('controls.detail.sections.risks')}
      description={t('controls.risks.count', { count: control.risks.length })}
      actions={
        mayEdit && (
          <Button
            variant="default"
            leftSection={<IconLink size={16} aria-hidden />}
            onClick={() => setEditing(true)}
          >
            {t('controls.risks.edit')}
          </Button>
        )
      }
    >
      {control.risks.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('controls.risks.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs">
            <Table.Caption>{t('controls.risks.caption', { key: control.key })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={100}>
                  {t('controls.risks.key')}
                </Table.Th>
                <Table.Th scope="col">{t('controls.risks.title')}</Table.Th>
                <Table.Th scope="col">{t('controls.risks.status')}</Table.Th>
                <Table.Th scope="col">{t('controls.risks.treatment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {control.risks.map((risk) => (
                <Table.Tr key={risk.id}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {risk.key}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RiskLink riskId={risk.id} size="sm" fw={600}>
                      {risk.title}
                    </RiskLink>
                  </Table.Td>
                  <Table.Td>{t(`riskTerms.status.${risk.status}`)}</Table.Td>
                  <Table.Td>{t(`riskTerms.treatment.${risk.treatment ?? 'none'}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && <ControlRisksDialog control={control} onClose={() => setEditing(false)} />}
    </SectionCard>
  );
}

/**
 * Links and unlinks risks: the whole set chosen is sent with the control's version; a conflicting
 * change offers the current version instead of overwriting it.
 */
function ControlRisksDialog({ control: initial, onClose }: { control: TControl; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSetControlRisks();
  const [control, setControl] = useState(initial);
  const [riskIds, setRiskIds] = useState(() => initial.risks.map((risk) => risk.id));

  const failure = save.error;
  const current = conflictCurrent(failure, ZControl);
  // Errors name the risk by its place in the list sent (`riskIds.2`): all belong to the picker.
  const fieldErrors = isApiError(failure) ? failure.fieldErrorMap() : {};
  const pickerFields = Object.keys(fieldErrors).filter((path) => path.startsWith('riskIds'));
  const pickerError = pickerFields.map((path) => fieldErrors[path]).join(' ') || undefined;

  const submit = () =>
    save.mutate(
      { id: control.id, body: { version: control.version, riskIds } },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('controls.risks.saved', { key: saved.key }) });
          onClose();
        },
      },
    );

  return (
    <AppModal opened onClose={onClose} size="lg" title={t('controls.risks.editTitle', { key: control.key })}>
      <form noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <RiskMultiSelect
            label={t('controls.risks.picker')}
            description={t('controls.risks.pickerHint')}
            data-autofocus
            current={control.risks.map((risk) => ({ id: risk.id, label: riskLabel(risk) }))}
            value={riskIds}
            onChange={(ids) => {
              setRiskIds(ids);
              if (pickerError) save.reset();
            }}
            error={pickerError}
            clearable
          />
          <FormError error={failure} fields={pickerFields} />
          {current && (
            <ConflictNotice
              title={t('controls.detail.conflictTitle', { key: current.key })}
              current={current}
              onLoad={() => {
                setControl(current);
                setRiskIds(current.risks.map((risk) => risk.id));
                save.reset();
              }}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('forms.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
