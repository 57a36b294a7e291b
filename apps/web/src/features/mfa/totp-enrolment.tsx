import {
  Button,
  Center,
  CopyButton,
  Group,
  Image,
  Loader,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { type TSessionRestriction, ZTotpCodeRequest } from '@vigil/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import classes from './mfa.module.css';
import { useConfirmTotpEnrolment, useStartTotpEnrolment } from './mfa.queries.ts';
import { RecoveryCodes } from './recovery-codes.tsx';

export interface TotpEnrolmentProps {
  /** After the recovery codes are saved; `restriction` is what the renewed session still needs. */
  onFinished: (restriction: TSessionRestriction) => void;
  /** Shown as a secondary button when given (the profile lets the user change their mind). */
  onCancel?: () => void;
  /** The level of the step headings: 2 on a page of its own, 3 inside a profile section. */
  headingOrder?: 2 | 3;
}

/** "ABCD EFGH ..." is easier to type than one long run of letters. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Setting up an authenticator app: QR code (or the key by hand), a code to confirm, then recovery codes. */
export function TotpEnrolment({ onFinished, onCancel, headingOrder = 2 }: TotpEnrolmentProps) {
  const { t } = useTranslation();
  const start = useStartTotpEnrolment();
  const confirm = useConfirmTotpEnrolment();
  const form = useForm({ code: '' });
  const started = useRef(false);

  useEffect(() => {
    // Once per mounted enrolment, also under StrictMode's double effects: each start makes a new secret.
    if (started.current) return;
    started.current = true;
    start.mutate();
  }, [start.mutate]);

  if (confirm.data) {
    const { recoveryCodes, restriction } = confirm.data;
    return (
      <Stack gap="md">
        <Title order={headingOrder} size="h4">
          {t('mfa.enrol.codesTitle')}
        </Title>
        <RecoveryCodes
          codes={recoveryCodes}
          doneLabel={t('mfa.enrol.finish')}
          onDone={() => onFinished(restriction)}
        />
      </Stack>
    );
  }

  if (start.error) {
    return (
      <Stack gap="md" align="flex-start">
        <FormError error={start.error} />
        <Group>
          <Button onClick={() => start.mutate()}>{t('errors.retry')}</Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('forms.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    );
  }

  const enrolment = start.data;
  if (!enrolment) {
    return (
      <Center py="lg" role="status">
        <Loader size="sm" aria-label={t('mfa.enrol.preparing')} />
      </Center>
    );
  }

  const submit = () => {
    const body = form.validate(ZTotpCodeRequest);
    if (!body) return;
    confirm.mutate(body.code, { onError: (error) => form.showServerErrors(error) });
  };

  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={headingOrder} size="h4">
          {t('mfa.enrol.scanTitle')}
        </Title>
        <Text size="sm">{t('mfa.enrol.scanHint')}</Text>
      </Stack>
      <Group align="flex-start" gap="lg">
        <Image
          src={enrolment.qrCode}
          alt={t('mfa.enrol.qrAlt')}
          w={184}
          h={184}
          className={classes.qr}
          fit="contain"
        />
        <Stack gap="xs" flex={1} miw={200}>
          <Text size="sm" fw={600}>
            {t('mfa.enrol.manualTitle')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('mfa.enrol.manualHint')}
          </Text>
          <Text className={classes.secret}>{groupSecret(enrolment.secret)}</Text>
          <CopyButton value={enrolment.secret}>
            {({ copied, copy }) => (
              <Button
                size="xs"
                variant="default"
                w="fit-content"
                onClick={copy}
                leftSection={
                  copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
                }
              >
                {copied ? t('mfa.enrol.keyCopied') : t('mfa.enrol.copyKey')}
              </Button>
            )}
          </CopyButton>
        </Stack>
      </Group>
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md" maw={480}>
          <TextInput
            label={t('mfa.fields.code')}
            description={t('mfa.fields.codeHint')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            {...form.textInput('code')}
          />
          <FormError error={confirm.error} fields={['code']} />
          <Group>
            <Button type="submit" loading={confirm.isPending}>
              {t('mfa.enrol.confirm')}
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                {t('forms.cancel')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
