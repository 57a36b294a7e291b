import { Badge, Button, Card, Group, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { INVITATION_STATUSES, type TInvitation, type TInvitationStatus } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotifyFailure } from '../../app/errors/notify-failure.tsx';
import { FormError } from '../../app/forms/form-error.tsx';
import { LoadingLines, LoadMore } from '../../app/pages/list-states.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useMe } from '../auth/me-context.tsx';
import { assignableRoles } from '../people/assignable-roles.ts';
import { useInvitations, useResendInvitation, useRevokeInvitation } from './invitations.queries.ts';

const STATUS_COLOURS: Record<TInvitationStatus, string> = {
  pending: 'vigil',
  accepted: 'teal',
  expired: 'gray',
  revoked: 'gray',
};

/** The organisation's invitations: resend (a new link) or withdraw them. */
export function InvitationsPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const [status, setStatus] = useState<TInvitationStatus | null>('pending');
  const invitations = useInvitations(status);
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const notifyFailure = useNotifyFailure();
  const [resent, setResent] = useState<string | null>(null);

  const manageable = (invitation: TInvitation) => assignableRoles(me.role).includes(invitation.role);
  const rows = invitations.data?.pages.flatMap((page) => page.items) ?? [];

  let body: ReactNode;
  if (invitations.error) {
    body = <FormError error={invitations.error} />;
  } else if (!invitations.data) {
    body = <LoadingLines label={t('invitations.loading')} lines={1} />;
  } else if (rows.length === 0) {
    body = (
      <Text size="sm" c="dimmed" role="status">
        {t('invitations.empty')}
      </Text>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('invitations.columns.invitee')}</Table.Th>
              <Table.Th scope="col">{t('invitations.columns.role')}</Table.Th>
              <Table.Th scope="col">{t('invitations.columns.status')}</Table.Th>
              <Table.Th scope="col">{t('invitations.columns.expires')}</Table.Th>
              <Table.Th scope="col">{t('invitations.columns.invitedBy')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('invitations.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((invitation) => (
              <Table.Tr key={invitation.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {invitation.email}
                  </Text>
                  {invitation.name && (
                    <Text size="xs" c="dimmed">
                      {invitation.name}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{t(`roles.${invitation.role}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={STATUS_COLOURS[invitation.status]} tt="none" fw={600}>
                    {t(`invitations.statuses.${invitation.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{format.dateTime(invitation.expiresAt)}</Table.Td>
                <Table.Td>{invitation.invitedBy?.name ?? '—'}</Table.Td>
                <Table.Td>
                  {manageable(invitation) &&
                    (invitation.status === 'pending' || invitation.status === 'expired') && (
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          loading={resend.isPending && resend.variables === invitation.id}
                          aria-label={t('invitations.resendFor', { email: invitation.email })}
                          onClick={() =>
                            resend.mutate(invitation.id, {
                              onSuccess: () => setResent(invitation.email),
                              onError: notifyFailure,
                            })
                          }
                        >
                          {t('invitations.resend')}
                        </Button>
                        {invitation.status === 'pending' && (
                          <Button
                            size="xs"
                            variant="default"
                            color="red"
                            loading={revoke.isPending && revoke.variables === invitation.id}
                            aria-label={t('invitations.revokeFor', { email: invitation.email })}
                            onClick={() => revoke.mutate(invitation.id, { onError: notifyFailure })}
                          >
                            {t('invitations.revoke')}
                          </Button>
                        )}
                      </Group>
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
        <Select
          label={t('invitations.filterStatus')}
          placeholder={t('people.filters.any')}
          clearable
          maw={260}
          data={INVITATION_STATUSES.map((value) => ({ value, label: t(`invitations.statuses.${value}`) }))}
          value={status}
          onChange={(value) => setStatus(value as TInvitationStatus | null)}
        />
        {resent && (
          <Text size="sm" role="status">
            {me.mailConfigured
              ? t('invitations.resent', { email: resent })
              : t('invitations.resentNoMail', { email: resent })}
          </Text>
        )}
        {body}
        <LoadMore query={invitations} />
      </Stack>
    </Card>
  );
}
