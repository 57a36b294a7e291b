import { Button, FileInput, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileUpload } from '@tabler/icons-react';
import {
  type TEvidence,
  ZCreateEvidenceLinkRequest,
  ZEvidence,
  ZEvidenceUploadFields,
  ZUpdateEvidenceRequest,
} from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { conflictCurrent, LoadCurrentButton } from '../../app/forms/conflict.tsx';
import { localDayFromNow } from '../../app/forms/dates.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { issuesToFieldErrors, onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { ControlSelect } from './control-select.tsx';
import {
  EVIDENCE_ACCEPT,
  useCreateEvidenceLink,
  useUpdateEvidence,
  useUploadEvidence,
} from './evidence.queries.ts';
import { useEvidenceAccess } from './evidence-access.ts';

/** What the dialog does: add a link, upload a file, or edit an item. */
export type EvidenceDialogMode = { kind: 'link' } | { kind: 'file' } | { evidence: TEvidence };

function formValues(evidence: TEvidence | null) {
  return {
    title: evidence?.title ?? '',
    description: evidence?.description ?? '',
    url: evidence?.url ?? '',
    collectedOn: evidence?.collectedOn ?? localDayFromNow(0),
    validUntil: evidence?.validUntil ?? '',
    /** The chosen file's name (the file itself is kept beside the form); only for its error. */
    file: '',
  };
}

type Values = ReturnType<typeof formValues>;

/** The fields every new item has; blank optional ones left out. */
function newFields(values: Values, controlIds: string[]) {
  return {
    title: values.title,
    ...(values.description.trim() === '' ? {} : { description: values.description }),
    collectedOn: values.collectedOn,
    ...(values.validUntil === '' ? {} : { validUntil: values.validUntil }),
    ...(controlIds.length === 0 ? {} : { controlIds }),
  };
}

/** Only the fields that changed, with the version that was read; a cleared expiry as null. */
function changes(evidence: TEvidence, values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = { version: evidence.version };
  const before = formValues(evidence);
  const text = (key: 'title' | 'description' | 'url' | 'collectedOn') => {
    if (values[key].trim() !== before[key]) body[key] = values[key].trim();
  };
  text('title');
  text('description');
  if (evidence.kind === 'link') text('url');
  text('collectedOn');
  if (values.validUntil !== before.validUntil)
    body.validUntil = values.validUntil === '' ? null : values.validUntil;
  return body;
}

/** The heading of a refused upload: the type or the size, in words the uploader understands. */
function refusal(error: unknown): 'evidence.refused.type' | 'evidence.refused.size' | null {
  if (!isApiError(error)) return null;
  if (error.code === 'unsupported_media_type') return 'evidence.refused.type';
  if (error.code === 'payload_too_large') return 'evidence.refused.size';
  return null;
}

/**
 * Adds a link, uploads a file (multipart; the server decides the type by the content and refuses what it
 * does not accept), or edits an item's title, description, link and dates. New items may be linked to
 * controls at once (contributors: the controls they own).
 */
export function EvidenceDialog({ mode, onClose }: { mode: EvidenceDialogMode; onClose: () => void }) {
  const { t } = useTranslation();
  const access = useEvidenceAccess();
  const createLink = useCreateEvidenceLink();
  const upload = useUploadEvidence();
  const update = useUpdateEvidence();
  const [evidence, setEvidence] = useState('evidence' in mode ? mode.evidence : null);
  const kind = evidence ? evidence.kind : 'kind' in mode ? mode.kind : 'link';
  const form = useForm(formValues(evidence));
  const [file, setFile] = useState<File | null>(null);
  const [controlIds, setControlIds] = useState<string[]>([]);
  const mutation = evidence ? update : kind === 'file' ? upload : createLink;
  const refused = refusal(mutation.error);

  const failure = update.error;
  const current = conflictCurrent(failure, ZEvidence);

  const done = (saved: TEvidence, message: 'evidence.created' | 'evidence.saved') => {
    notifications.show({ color: 'teal', message: t(message, { key: saved.key, title: saved.title }) });
    onClose();
  };
  const onError = (error: unknown) => form.showServerErrors(error);

  const submit = () => {
    if (evidence) {
      const body = form.validate(ZUpdateEvidenceRequest, changes(evidence, form.values));
      if (!body) return;
      update.mutate(
        { id: evidence.id, body },
        { onSuccess: (saved) => done(saved, 'evidence.saved'), onError },
      );
    } else if (kind === 'file') {
      const parsed = ZEvidenceUploadFields.safeParse(newFields(form.values, controlIds));
      if (!parsed.success || !file) {
        form.showErrors({
          ...(file ? {} : { file: t('evidence.fields.fileRequired') }),
          ...(parsed.success ? {} : issuesToFieldErrors(parsed.error.issues)),
        });
        return;
      }
      const fields = parsed.data;
      upload.mutate({ file, fields }, { onSuccess: (saved) => done(saved, 'evidence.created'), onError });
    } else {
      const body = form.validate(ZCreateEvidenceLinkRequest, {
        ...newFields(form.values, controlIds),
        url: form.values.url.trim(),
      });
      if (!body) return;
      createLink.mutate(body, { onSuccess: (saved) => done(saved, 'evidence.created'), onError });
    }
  };

  const chooseFile = (next: File | null) => {
    setFile(next);
    upload.reset();
    form.setFieldValue('file', next?.name ?? '');
    // A title to start from: the file's name without its extension.
    if (next && form.values.title.trim() === '')
      form.setFieldValue('title', next.name.replace(/\.[^.]*$/, ''));
  };

  let title: string;
  if (evidence) title = t('evidence.editTitle', { key: evidence.key, title: evidence.title });
  else title = kind === 'file' ? t('evidence.uploadTitle') : t('evidence.addLinkTitle');

  return (
    <AppModal opened onClose={onClose} title={title} size="lg">
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          {!evidence && kind === 'file' && (
            <FileInput
              label={t('evidence.fields.file')}
              description={t('evidence.fields.fileHint')}
              placeholder={t('evidence.fields.filePick')}
              required
              accept={EVIDENCE_ACCEPT}
              leftSection={<IconFileUpload size={16} aria-hidden />}
              clearable
              // 24px: the input's size makes it 22px, under the WCAG 2.5.8 target size.
              clearButtonProps={{
                'aria-label': t('evidence.fields.clearFile'),
                style: { width: 24, height: 24, minWidth: 24, minHeight: 24 },
              }}
              value={file}
              onChange={chooseFile}
              error={form.errors.file}
              data-autofocus
            />
          )}
          <TextInput
            label={t('evidence.fields.title')}
            required
            maxLength={200}
            data-autofocus={kind === 'link' || evidence !== null ? true : undefined}
            {...form.textInput('title')}
          />
          {kind === 'link' && (
            <TextInput
              type="url"
              label={t('evidence.fields.url')}
              description={t('evidence.fields.urlHint')}
              required
              maxLength={2000}
              {...form.textInput('url')}
            />
          )}
          {evidence?.kind === 'file' && (
            <Text size="sm" c="dimmed">
              {t('evidence.fileKept')}
            </Text>
          )}
          <Textarea
            label={t('evidence.fields.description')}
            rows={3}
            maxLength={4000}
            {...form.textInput('description')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              type="date"
              label={t('evidence.fields.collectedOn')}
              description={t('evidence.fields.collectedOnHint')}
              required
              {...form.textInput('collectedOn')}
            />
            <TextInput
              type="date"
              label={t('evidence.fields.validUntil')}
              description={t('evidence.fields.validUntilHint')}
              {...form.textInput('validUntil')}
            />
          </SimpleGrid>
          {!evidence && (
            <ControlSelect
              label={t('evidence.fields.controls')}
              description={
                access.ownControlsOnly
                  ? t('evidence.fields.ownControlsHint')
                  : t('evidence.fields.controlsHint')
              }
              allowed={access.mayLinkControl}
              value={controlIds}
              onChange={setControlIds}
            />
          )}
          <FormError
            error={mutation.error}
            fields={Object.keys(form.values)}
            title={refused ? t(refused) : undefined}
          />
          {current && (
            <LoadCurrentButton
              onClick={() => {
                setEvidence(current);
                form.reset(formValues(current));
                update.reset();
              }}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {evidence ? t('forms.save') : kind === 'file' ? t('evidence.upload') : t('evidence.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
