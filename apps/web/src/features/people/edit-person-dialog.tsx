import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { ACCESS_LEVELS, SENIORITIES, type TPerson, ZPerson, ZUpdatePersonRequest } from '@vigil/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conflictCurrent, LoadCurrentButton } from '../../app/forms/conflict.tsx';
import { endOfLocalDay } from '../../app/forms/dates.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { useCan, useMe } from '../auth/me-context.tsx';
import { assignableRoles } from './assignable-roles.ts';
import { useUpdatePerson } from './people.queries.ts';
import { PersonSelect } from './person-select.tsx';

function formValues(person: TPerson) {
  return {
    department: person.department ?? '',
    jobTitle: person.jobTitle ?? '',
    seniority: person.seniority ?? '',
    accessLevel: person.accessLevel ?? '',
    managerId: person.manager?.id ?? '',
    role: person.role as string,
    expiresOn: person.expiresAt ? person.expiresAt.slice(0, 10) : '',
  };
}

type Values = ReturnType<typeof formValues>;

/** The request: only changed fields, empty ones as null (cleared), with the version that was read. */
function changes(person: TPerson, values: Values, mayAssign: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { version: person.version };
  const before = formValues(person);
  const text = (key: 'department' | 'jobTitle' | 'seniority' | 'accessLevel' | 'managerId') => {
    if (values[key].trim() !== before[key]) body[key] = values[key].trim() === '' ? null : values[key].trim();
  };
  text('department');
  text('jobTitle');
  text('seniority');
  text('accessLevel');
  text('managerId');
  if (mayAssign) {
    if (values.role !== before.role) body.role = values.role;
    if (values.expiresOn !== before.expiresOn) {
      // A malformed day is sent as typed: the contract's message then says what is wrong.
      body.expiresAt = values.expiresOn === '' ? null : (endOfLocalDay(values.expiresOn) ?? values.expiresOn);
    }
  }
  return body;
}

/** Edits a membership: department, job title, seniority, access level, manager; role and end date with `role:assign`. */
export function EditPersonDialog({ person: initial, onClose }: { person: TPerson; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const update = useUpdatePerson();
  const [person, setPerson] = useState(initial);
  const form = useForm(formValues(initial));
  const mayAssign =
    can('role:assign') && assignableRoles(me.role).includes(person.role) && person.userId !== me.user.id;

  const failure = update.error;
  const current = conflictCurrent(failure, ZPerson);

  const submit = () => {
    const body = form.validate(ZUpdatePersonRequest, changes(person, form.values, mayAssign), {
      expiresAt: 'expiresOn',
    });
    if (!body) return;
    update.mutate(
      { id: person.id, body },
      { onSuccess: onClose, onError: (error) => form.showServerErrors(error, { expiresAt: 'expiresOn' }) },
    );
  };

  const select = (key: 'seniority' | 'accessLevel' | 'managerId' | 'role') => ({
    value: form.values[key] === '' ? null : form.values[key],
    onChange: (value: string | null) => form.setFieldValue(key, value ?? ''),
    error: form.errors[key],
  });

  return (
    <AppModal opened onClose={onClose} title={t('people.editTitle', { name: person.name })} size="lg">
      <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {person.email}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('people.columns.department')}
              data-autofocus
              {...form.textInput('department')}
            />
            <TextInput label={t('people.columns.jobTitle')} {...form.textInput('jobTitle')} />
            <Select
              label={t('people.fields.seniority')}
              placeholder={t('people.fields.notSet')}
              clearable
              data={SENIORITIES.map((value) => ({ value, label: t(`people.seniorities.${value}`) }))}
              {...select('seniority')}
            />
            <Select
              label={t('people.fields.accessLevel')}
              description={t('people.fields.accessLevelHint')}
              placeholder={t('people.fields.notSet')}
              clearable
              data={ACCESS_LEVELS.map((value) => ({ value, label: t(`people.accessLevels.${value}`) }))}
              {...select('accessLevel')}
            />
            <PersonSelect
              label={t('people.fields.manager')}
              placeholder={t('people.fields.notSet')}
              clearable
              current={person.manager}
              excludeId={person.id}
              {...select('managerId')}
            />
          </SimpleGrid>
          {mayAssign && (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Select
                label={t('people.columns.role')}
                allowDeselect={false}
                data={assignableRoles(me.role).map((value) => ({ value, label: t(`roles.${value}`) }))}
                {...select('role')}
              />
              <TextInput
                type="date"
                label={t('people.fields.expiresOn')}
                description={t('people.fields.expiresOnHint')}
                {...form.textInput('expiresOn')}
              />
            </SimpleGrid>
          )}
          <FormError error={update.error} fields={[...Object.keys(form.values), 'expiresAt']} />
          {current && (
            <LoadCurrentButton
              onClick={() => {
                setPerson(current);
                form.reset(formValues(current));
                update.reset();
              }}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('forms.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('forms.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
