import {
  ActionIcon,
  Button,
  Card,
  Code,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { type TAuditEvent, ZAuditEventListQuery } from '@vigil/contracts';
import { Fragment, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { LoadingLines, LoadMore } from '../../app/pages/list-states.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useCan } from '../auth/me-context.tsx';
import { usePeople } from '../people/people.queries.ts';
import { type AuditFilters, useAuditEvents } from './audit-events.queries.ts';

const SUBJECT_TYPES = [
  'organisation',
  'membership',
  'user',
  'session',
  'invitation',
  'api_token',
  'mfa',
] as const;

const EMPTY: AuditFilters = { action: '', actorId: '', subjectType: '', from: '', to: '' };

/** `yyyy-mm-ddThh:mm` (a datetime-local value, local time) as an ISO timestamp; '' stays ''. */
function localToIso(value: string): string {
  if (value === '') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The organisation's tamper-evident audit trail, filterable by action, actor, subject and time. */
export function AuditTrailPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormatters();
  const [filters, setFilters] = useState<AuditFilters>(EMPTY);
  const events = useAuditEvents(filters);
  const form = useForm({ action: '', actorId: '', subjectType: '', from: '', to: '' });
  const people = usePeople({ search: '', department: '', role: null, status: null });
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());

  const apply = () => {
    const next = { ...form.values, from: localToIso(form.values.from), to: localToIso(form.values.to) };
    const checked = form.validate(
      ZAuditEventListQuery,
      Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '')),
    );
    if (!checked) return;
    setFilters(next);
  };
  const clear = () => {
    form.reset();
    setFilters(EMPTY);
  };
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const actor = (event: TAuditEvent) =>
    event.actor.type === 'system'
      ? t('audit.system')
      : (event.actor.name ?? event.actor.email ?? t('audit.unknownActor'));

  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  let body: ReactNode;
  if (events.error) {
    body = <FormError error={events.error} fields={Object.keys(EMPTY)} />;
  } else if (!events.data) {
    body = <LoadingLines label={t('audit.loading')} lines={1} />;
  } else if (rows.length === 0) {
    body = (
      <Text size="sm" c="dimmed" role="status">
        {t('audit.empty')}
      </Text>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                <VisuallyHidden>{t('audit.columns.details')}</VisuallyHidden>
              </Table.Th>
              <Table.Th scope="col">{t('audit.columns.time')}</Table.Th>
              <Table.Th scope="col">{t('audit.columns.actor')}</Table.Th>
              <Table.Th scope="col">{t('audit.columns.action')}</Table.Th>
              <Table.Th scope="col">{t('audit.columns.subject')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((event) => {
              const expanded = open.has(event.id);
              const detailsId = `audit-${event.id}`;
              return (
                <Fragment key={event.id}>
                  <Table.Tr>
                    <Table.Td w={40}>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-expanded={expanded}
                        aria-controls={expanded ? detailsId : undefined}
                        aria-label={t('audit.showDetails', {
                          action: event.action,
                          time: format.dateTime(event.occurredAt),
                        })}
                        onClick={() => toggle(event.id)}
                      >
                        {expanded ? (
                          <IconChevronDown size={16} aria-hidden />
                        ) : (
                          <IconChevronRight size={16} aria-hidden />
                        )}
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td>{format.dateTime(event.occurredAt)}</Table.Td>
                    <Table.Td>{actor(event)}</Table.Td>
                    <Table.Td>
                      <Code>{event.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      {event.subject.type}
                      {event.subject.id && (
                        <Text component="span" size="xs" c="dimmed">
                          {' '}
                          {event.subject.id}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                  {expanded && (
                    <Table.Tr id={detailsId}>
                      <Table.Td />
                      <Table.Td colSpan={4}>
                        <AuditDetails event={event} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  const actorOptions = (people.data?.pages.flatMap((page) => page.items) ?? []).map((person) => ({
    value: person.userId,
    label: person.name,
  }));

  return (
    <>
      <PageHeader title={t('audit.title')} lead={t('audit.lead')} />
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <form ref={form.formRef} noValidate onSubmit={onSubmit(apply)} aria-label={t('audit.filters')}>
            <Stack gap="sm">
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
                <TextInput
                  label={t('audit.filter.action')}
                  description={t('audit.filter.actionHint')}
                  spellCheck={false}
                  {...form.textInput('action')}
                />
                {can('person:read') ? (
                  <Select
                    label={t('audit.filter.actor')}
                    description={t('audit.filter.actorHint')}
                    placeholder={t('people.filters.any')}
                    clearable
                    searchable
                    nothingFoundMessage={t('forms.nothingFound')}
                    data={actorOptions}
                    value={form.values.actorId || null}
                    onChange={(value) => form.setFieldValue('actorId', value ?? '')}
                    error={form.errors.actorId}
                  />
                ) : (
                  <TextInput
                    label={t('audit.filter.actor')}
                    description={t('audit.filter.actorIdHint')}
                    {...form.textInput('actorId')}
                  />
                )}
                <Select
                  label={t('audit.filter.subjectType')}
                  description={t('audit.filter.subjectTypeHint')}
                  placeholder={t('people.filters.any')}
                  clearable
                  data={[...SUBJECT_TYPES]}
                  value={form.values.subjectType || null}
                  onChange={(value) => form.setFieldValue('subjectType', value ?? '')}
                  error={form.errors.subjectType}
                />
                <TextInput
                  type="datetime-local"
                  label={t('audit.filter.from')}
                  description={t('audit.filter.localTime')}
                  {...form.textInput('from')}
                />
                <TextInput
                  type="datetime-local"
                  label={t('audit.filter.to')}
                  description={t('audit.filter.localTime')}
                  {...form.textInput('to')}
                />
              </SimpleGrid>
              <Group gap="sm">
                <Button type="submit">{t('audit.filter.apply')}</Button>
                <Button variant="default" onClick={clear}>
                  {t('audit.filter.clear')}
                </Button>
              </Group>
            </Stack>
          </form>
          {body}
          <LoadMore query={events} />
        </Stack>
      </Card>
    </>
  );
}

function AuditDetails({ event }: { event: TAuditEvent }) {
  const { t } = useTranslation();
  const changes = Object.entries(event.changes);
  return (
    <Stack gap="xs" py="xs">
      {changes.length > 0 && (
        <Table withRowBorders={false} verticalSpacing={2} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('audit.details.field')}</Table.Th>
              <Table.Th scope="col">{t('audit.details.before')}</Table.Th>
              <Table.Th scope="col">{t('audit.details.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changes.map(([field, change]) => {
              const pair =
                change && typeof change === 'object' && 'before' in change && 'after' in change
                  ? (change as { before: unknown; after: unknown })
                  : { before: undefined, after: change };
              return (
                <Table.Tr key={field}>
                  <Table.Td>{field}</Table.Td>
                  <Table.Td>{display(pair.before)}</Table.Td>
                  <Table.Td>{display(pair.after)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">
        {[
          event.actor.email && `${t('audit.details.actorEmail')}: ${event.actor.email}`,
          event.ip && `${t('audit.details.ip')}: ${event.ip}`,
          event.requestId && `${t('errors.requestId')}: ${event.requestId}`,
          `${t('audit.details.sequence')}: ${event.seq}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {event.userAgent && (
        <Text size="xs" c="dimmed">
          {event.userAgent}
        </Text>
      )}
    </Stack>
  );
}
