import { Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { UseMutationResult } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseSchema } from '../../api/client.ts';
import { AppModal } from '../pages/app-modal.tsx';
import { conflictCurrent, LoadCurrentButton } from './conflict.tsx';
import { FormError } from './form-error.tsx';

interface Archivable {
  id: string;
  version: number;
  archivedAt: string | null;
}

/** What the dialog says about one record, in the direction it goes (archiving or restoring). */
export interface ArchiveTexts {
  title: string;
  hint: string;
  confirm: string;
  /** The notification once done. */
  done: string;
  /** The button that tries again with the version someone else saved. */
  retry: string;
}

export interface ArchiveDialogProps<T extends Archivable> {
  record: T;
  /** Reads the record a 409 carries. */
  schema: ResponseSchema<T>;
  mutation: UseMutationResult<T, Error, { id: string; archived: boolean; version: number }>;
  /** The texts for a record (the one shown, or the one saved for `done`). */
  texts: (record: T, archiving: boolean) => ArchiveTexts;
  onClose: () => void;
}

/**
 * Confirms archiving a record or restoring an archived one, with the version it was read at. A 409
 * offers to try again with the version someone else saved.
 */
export function ArchiveDialog<T extends Archivable>({
  record: initial,
  schema,
  mutation,
  texts,
  onClose,
}: ArchiveDialogProps<T>) {
  const { t } = useTranslation();
  const [record, setRecord] = useState(initial);
  const archiving = record.archivedAt === null;
  const shown = texts(record, archiving);
  const current = conflictCurrent(mutation.error, schema);

  return (
    <AppModal opened onClose={onClose} title={shown.title}>
      <Stack gap="md">
        <Text size="sm">{shown.hint}</Text>
        <FormError error={mutation.error} />
        {current && (
          <LoadCurrentButton
            label={shown.retry}
            onClick={() => {
              setRecord(current);
              mutation.reset();
            }}
          />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('forms.cancel')}
          </Button>
          <Button
            color={archiving ? 'red' : 'vigil'}
            loading={mutation.isPending}
            // Already archived or restored by someone else meanwhile: nothing left to do.
            disabled={current !== null}
            onClick={() =>
              mutation.mutate(
                { id: record.id, archived: archiving, version: record.version },
                {
                  onSuccess: (saved) => {
                    notifications.show({ color: 'teal', message: texts(saved, archiving).done });
                    onClose();
                  },
                },
              )
            }
          >
            {shown.confirm}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
