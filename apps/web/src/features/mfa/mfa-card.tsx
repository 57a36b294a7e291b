import { Alert, Badge, Button, Group, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ZTotpCodeRequest } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useDisableTotp, useMfaChanged, useMfaStatus, useRegenerateRecoveryCodes } from './mfa.queries.ts';
import { RecoveryCodes } from './recovery-codes.tsx';
import { TotpEnrolment } from './totp-enrolment.tsx';

type Dialog = 'regenerate' | 'disable' | null;

/** Two-factor authentication on the profile: turn it on, replace the recovery codes, turn it off. */
export function MfaCard() {
  const { t } = useTranslation();
  const status = useMfaStatus();
  const changed = useMfaChanged();
  const [enrolling, setEnrolling] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);

  let body: React.ReactNode;
  if (status.error) {
    body = <FormError error={status.error} />;
  } else if (!status.data) {
    body = <Skeleton height={36} radius="sm" aria-hidden />;
  } else if (enrolling) {
    body = (
      <TotpEnrolment
        headingOrder={3}
        onCancel={() => setEnrolling(false)}
        onFinished={() => {
          setEnrolling(false);
          void changed();
        }}
      />
    );
  } else if (status.data.enabled) {
    const left = status.data.recoveryCodesLeft;
    body = (
      <Stack gap="md" align="flex-start">
        <Group gap="sm">
          <Badge color="teal" variant="dot" tt="none" fw={600}>
            {t('mfa.card.on')}
          </Badge>
          <Text size="sm">{t('mfa.card.codesLeft', { count: left })}</Text>
        </Group>
        {left <= 3 && (
          <Alert
            variant="light"
            color="orange"
            icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
          >
            {t('mfa.card.fewCodesLeft')}
          </Alert>
        )}
        <Group gap="sm">
          <Button variant="default" onClick={() => setDialog('regenerate')}>
            {t('mfa.card.regenerate')}
          </Button>
          <Button variant="default" color="red" onClick={() => setDialog('disable')}>
            {t('mfa.card.disable')}
          </Button>
        </Group>
      </Stack>
    );
  } else {
    body = (
      <Stack gap="md" align="flex-start">
        <Badge color="gray" variant="dot" tt="none" fw={600}>
          {t('mfa.card.off')}
        </Badge>
        <Text size="sm">{t('mfa.card.offHint')}</Text>
        <Button onClick={() => setEnrolling(true)}>{t('mfa.card.enable')}</Button>
      </Stack>
    );
  }

  return (
    <SectionCard title={t('mfa.card.title')} description={t('mfa.card.description')}>
      {body}
      <RegenerateDialog opened={dialog === 'regenerate'} onClose={() => setDialog(null)} />
      <DisableDialog opened={dialog === 'disable'} onClose={() => setDialog(null)} />
    </SectionCard>
  );
}

/** A dialog that asks for a current code from the app before it acts. */
function CodeForm({
  submitLabel,
  pending,
  error,
  onCode,
  onCancel,
  danger,
}: {
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onCode: (code: string, showServerErrors: (error: unknown) => void) => void;
  onCancel: () => void;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  const form = useForm({ code: '' });
  const submit = () => {
    const body = form.validate(ZTotpCodeRequest);
    if (body) onCode(body.code, (e) => form.showServerErrors(e));
  };
  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
      <Stack gap="md">
        <TextInput
          label={t('mfa.fields.code')}
          description={t('mfa.fields.codeHint')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          data-autofocus
          {...form.textInput('code')}
        />
        <FormError error={error} fields={['code']} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('forms.cancel')}
          </Button>
          <Button type="submit" loading={pending} {...(danger ? { color: 'red' } : {})}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RegenerateDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const regenerate = useRegenerateRecoveryCodes();
  const close = () => {
    regenerate.reset();
    onClose();
  };
  const codes = regenerate.data?.recoveryCodes;
  return (
    <AppModal
      opened={opened}
      onClose={close}
      title={t('mfa.card.regenerateTitle')}
      size="lg"
      // Closing by accident would lose codes shown only once.
      closeOnClickOutside={!codes}
      closeOnEscape={!codes}
      withCloseButton={!codes}
    >
      {codes ? (
        <RecoveryCodes codes={codes} doneLabel={t('forms.done')} onDone={close} />
      ) : (
        <Stack gap="md">
          <Text size="sm">{t('mfa.card.regenerateHint')}</Text>
          <CodeForm
            submitLabel={t('mfa.card.regenerateSubmit')}
            pending={regenerate.isPending}
            error={regenerate.error}
            onCancel={close}
            onCode={(code, showServerErrors) => regenerate.mutate(code, { onError: showServerErrors })}
          />
        </Stack>
      )}
    </AppModal>
  );
}

function DisableDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const disable = useDisableTotp();
  const close = () => {
    disable.reset();
    onClose();
  };
  return (
    <AppModal opened={opened} onClose={close} title={t('mfa.card.disableTitle')}>
      <Stack gap="md">
        <Text size="sm">{t('mfa.card.disableHint')}</Text>
        <CodeForm
          submitLabel={t('mfa.card.disableSubmit')}
          pending={disable.isPending}
          error={disable.error}
          danger
          onCancel={close}
          onCode={(code, showServerErrors) =>
            disable.mutate(code, { onSuccess: close, onError: showServerErrors })
          }
        />
      </Stack>
    </AppModal>
  );
}
