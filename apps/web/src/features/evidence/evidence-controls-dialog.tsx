import { Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type TEvidence, ZEvidence } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { ControlSelect } from './control-select.tsx';
import { type ControlOption, useControlOptions, useSetEvidenceControls } from './evidence.queries.ts';
import { useEvidenceAccess } from './evidence-access.ts';

/**
 * Sets the complete set of controls an item supports (`PUT /api/v1/evidence/{id}/controls` with the
 * item's version). Contributors add and remove only the controls they own: the others stay linked and
 * are named below the picker.
 */
export function EvidenceControlsDialog({ evidence, onClose }: { evidence: TEvidence; onClose: () => void }) {
  const { t } = useTranslation();
  const controls = useControlOptions();
  return (
    <AppModal opened onClose={onClose} title={t('evidence.controlsTitle', { key: evidence.key })} size="lg">
      {controls.error ? (
        <FormError error={controls.error} />
      ) : !controls.data ? (
        <Stack gap="sm" aria-busy>
          <Text size="sm" role="status">
            {t('evidence.controlsLoading')}
          </Text>
          <Skeleton height={14} radius="sm" aria-hidden />
        </Stack>
      ) : (
        <ControlsForm evidence={evidence} options={controls.data} onClose={onClose} />
      )}
    </AppModal>
  );
}

function ControlsForm({
  evidence: initial,
  options,
  onClose,
}: {
  evidence: TEvidence;
  options: readonly ControlOption[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const access = useEvidenceAccess();
  const setControls = useSetEvidenceControls();
  const [evidence, setEvidence] = useState(initial);
  const editable = (id: string) => {
    const option = options.find((control) => control.id === id);
    return option !== undefined && access.mayLinkControl(option);
  };
  const linked = evidence.controls;
  const fixed = linked.filter((control) => !editable(control.id));
  const [chosen, setChosen] = useState(() => linked.filter((c) => editable(c.id)).map((c) => c.id));

  const failure = setControls.error;
  const current =
    isApiError(failure) && failure.code === 'conflict'
      ? ZEvidence.safeParse(failure.extensions.current)
      : null;

  const submit = () =>
    setControls.mutate(
      {
        id: evidence.id,
        body: { version: evidence.version, controlIds: [...fixed.map((c) => c.id), ...chosen] },
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: t('evidence.controlsSaved', { key: saved.key }) });
          onClose();
        },
      },
    );

  return (
    <form noValidate onSubmit={onSubmit(submit)}>
      <Stack gap="md">
        <Text size="sm">{t('evidence.controlsLead')}</Text>
        <ControlSelect
          label={t('evidence.fields.controls')}
          description={access.ownControlsOnly ? t('evidence.fields.ownControlsHint') : undefined}
          allowed={access.mayLinkControl}
          value={chosen}
          onChange={setChosen}
          data-autofocus
        />
        {fixed.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('evidence.othersLinked', { keys: fixed.map((control) => control.key).join(', ') })}
          </Text>
        )}
        <FormError error={setControls.error} />
        {current?.success && (
          <Group>
            <Button
              variant="default"
              onClick={() => {
                setEvidence(current.data);
                setChosen(current.data.controls.filter((c) => editable(c.id)).map((c) => c.id));
                setControls.reset();
              }}
            >
              {t('forms.loadCurrent')}
            </Button>
          </Group>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('forms.cancel')}
          </Button>
          <Button type="submit" loading={setControls.isPending}>
            {t('forms.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
