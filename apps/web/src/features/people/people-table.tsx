import {
  ActionIcon,
  Badge,
  Card,
  Menu,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDots, IconPencil, IconSearch, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import {
  MEMBERSHIP_STATUSES,
  ROLES,
  type TMembershipStatus,
  type TPerson,
  type TRole,
} from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { LoadingLines, LoadMore } from '../../app/pages/list-states.tsx';
import { useCan, useMe } from '../auth/me-context.tsx';
import { assignableRoles } from './assignable-roles.ts';
import { EditPersonDialog } from './edit-person-dialog.tsx';
import { usePeople } from './people.queries.ts';
import { PersonStatusDialog } from './person-status-dialog.tsx';

/** The people list with its filters; rows offer edit and disable/enable by the viewer's abilities. */
export function PeopleTable() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const [search, setSearch] = useState('');
  const [department, setDepartment] = useState('');
  const [role, setRole] = useState<TRole | null>(null);
  const [status, setStatus] = useState<TMembershipStatus | null>(null);
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [debouncedDepartment] = useDebouncedValue(department, 300);
  const people = usePeople({ search: debouncedSearch, department: debouncedDepartment, role, status });
  const [editing, setEditing] = useState<TPerson | null>(null);
  const [changingStatus, setChangingStatus] = useState<TPerson | null>(null);

  const manageable = (person: TPerson) =>
    person.userId !== me.user.id && assignableRoles(me.role).includes(person.role);
  const mayEdit = can('person:update');
  const mayDisable = can('person:disable');

  const rows = people.data?.pages.flatMap((page) => page.items) ?? [];

  let body: ReactNode;
  if (people.error) {
    body = <FormError error={people.error} />;
  } else if (!people.data) {
    body = <LoadingLines label={t('people.loading')} />;
  } else if (rows.length === 0) {
    body = (
      <Text size="sm" c="dimmed" role="status">
        {t('people.empty')}
      </Text>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('people.columns.name')}</Table.Th>
              <Table.Th scope="col">{t('people.columns.role')}</Table.Th>
              <Table.Th scope="col">{t('people.columns.department')}</Table.Th>
              <Table.Th scope="col">{t('people.columns.jobTitle')}</Table.Th>
              <Table.Th scope="col">{t('people.columns.status')}</Table.Th>
              <Table.Th scope="col">{t('people.columns.mfa')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('people.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((person) => (
              <Table.Tr key={person.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {person.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {person.email}
                  </Text>
                </Table.Td>
                <Table.Td>{t(`roles.${person.role}`)}</Table.Td>
                <Table.Td>{person.department ?? '—'}</Table.Td>
                <Table.Td>{person.jobTitle ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge
                    variant="dot"
                    color={person.status === 'active' ? 'teal' : 'gray'}
                    tt="none"
                    fw={600}
                  >
                    {t(`people.statuses.${person.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{person.mfaEnabled ? t('people.mfaOn') : t('people.mfaOff')}</Table.Td>
                <Table.Td ta="right">
                  {(mayEdit || (mayDisable && manageable(person))) && (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('people.actionsFor', { name: person.name })}
                        >
                          <IconDots size={18} aria-hidden />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {mayEdit && (
                          <Menu.Item
                            leftSection={<IconPencil size={16} aria-hidden />}
                            onClick={() => setEditing(person)}
                          >
                            {t('people.edit')}
                          </Menu.Item>
                        )}
                        {mayDisable && manageable(person) && (
                          <Menu.Item
                            leftSection={
                              person.status === 'active' ? (
                                <IconUserOff size={16} aria-hidden />
                              ) : (
                                <IconUserCheck size={16} aria-hidden />
                              )
                            }
                            onClick={() => setChangingStatus(person)}
                          >
                            {person.status === 'active' ? t('people.disable') : t('people.enable')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
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
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput
            label={t('people.filters.search')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
          <TextInput
            label={t('people.filters.department')}
            value={department}
            onChange={(event) => setDepartment(event.currentTarget.value)}
          />
          <Select
            label={t('people.filters.role')}
            placeholder={t('people.filters.any')}
            clearable
            data={ROLES.map((value) => ({ value, label: t(`roles.${value}`) }))}
            value={role}
            onChange={(value) => setRole(value as TRole | null)}
          />
          <Select
            label={t('people.filters.status')}
            placeholder={t('people.filters.any')}
            clearable
            data={MEMBERSHIP_STATUSES.map((value) => ({ value, label: t(`people.statuses.${value}`) }))}
            value={status}
            onChange={(value) => setStatus(value as TMembershipStatus | null)}
          />
        </SimpleGrid>
        {body}
        <LoadMore query={people} />
      </Stack>
      {editing && <EditPersonDialog person={editing} onClose={() => setEditing(null)} />}
      {changingStatus && (
        <PersonStatusDialog person={changingStatus} onClose={() => setChangingStatus(null)} />
      )}
    </Card>
  );
}
