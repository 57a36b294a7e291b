import { Alert, Button, Checkbox, CopyButton, Group, List, Paper, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './mfa.module.css';

export interface RecoveryCodesProps {
  codes: readonly string[];
  /** Called once the user confirms they saved the codes. */
  onDone: () => void;
  doneLabel: string;
}

function download(codes: readonly string[], heading: string) {
  const text = `${heading}\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'vigil-recovery-codes.txt';
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * The recovery codes, shown this once (only their hashes are stored): copy, download, and a
 * confirmation that they are saved before the user may go on.
 */
export function RecoveryCodes({ codes, onDone, doneLabel }: RecoveryCodesProps) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const all = codes.join('\n');

  return (
    <Stack gap="md">
      <Alert variant="light" color="vigil" icon={<IconInfoCircle size={20} stroke={1.7} aria-hidden />}>
        {t('mfa.recoveryCodes.explanation', { count: codes.length })}
      </Alert>
      <Paper withBorder radius="md" p="md">
        <List
          aria-label={t('mfa.recoveryCodes.listLabel')}
          listStyleType="none"
          className={classes.codes}
          spacing={4}
        >
          {codes.map((code) => (
            <List.Item key={code} className={classes.code}>
              {code}
            </List.Item>
          ))}
        </List>
      </Paper>
      <Group gap="sm">
        <CopyButton value={all}>
          {({ copied, copy }) => (
            <Button
              variant="default"
              onClick={copy}
              leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            >
              {copied ? t('mfa.recoveryCodes.copied') : t('mfa.recoveryCodes.copy')}
            </Button>
          )}
        </CopyButton>
        <Button
          variant="default"
          onClick={() => download(codes, t('mfa.recoveryCodes.fileHeading'))}
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          {t('mfa.recoveryCodes.download')}
        </Button>
      </Group>
      <Checkbox
        label={t('mfa.recoveryCodes.saved')}
        checked={saved}
        onChange={(event) => setSaved(event.currentTarget.checked)}
      />
      <Text size="sm" c="dimmed">
        {t('mfa.recoveryCodes.once')}
      </Text>
      <Group>
        <Button onClick={onDone} disabled={!saved}>
          {doneLabel}
        </Button>
      </Group>
    </Stack>
  );
}
