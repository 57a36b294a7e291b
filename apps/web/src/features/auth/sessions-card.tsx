import { Badge, Button, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { TSession } from '@vigil/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useRevokeSession, useSessions } from './auth.queries.ts';
import { describeUserAgent } from './describe-user-agent.ts';

/** The user's active sessions, each of the others can be ended. */
export function SessionsCard() {
  const { t } = useTranslation();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const format = useFormatters();

  const device = (session: TSession) => {
    const described = describeUserAgent(session.userAgent);
    if (!described) return t('profile.sessions.unknownDevice');
    return described.os
      ? t('profile.sessions.device', { browser: described.browser, os: described.os })
      : described.browser;
  };

  let body: ReactNode;
  if (sessions.error) {
    body = <FormError error={sessions.error} />;
  } else if (!sessions.data) {
    body = (
      <Stack gap="sm" aria-busy>
        <Text size="sm" role="status">
          {t('profile.sessions.loading')}
        </Text>
        <Skeleton height={14} radius="sm" aria-hidden />
      </Stack>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('profile.sessions.deviceColumn')}</Table.Th>
              <Table.Th scope="col">{t('profile.sessions.ip')}</Table.Th>
              <Table.Th scope="col">{t('profile.sessions.signedIn')}</Table.Th>
              <Table.Th scope="col">{t('profile.sessions.lastSeen')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('profile.sessions.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.items.map((session) => (
              <Table.Tr key={session.id}>
                <Table.Td>{device(session)}</Table.Td>
                <Table.Td>{session.ip ?? '—'}</Table.Td>
                <Table.Td>{format.dateTime(session.createdAt)}</Table.Td>
                <Table.Td>{format.dateTime(session.lastSeenAt)}</Table.Td>
                <Table.Td ta="right">
                  {session.current ? (
                    <Badge variant="dot" color="teal" tt="none" fw={600}>
                      {t('profile.sessions.current')}
                    </Badge>
                  ) : (
                    <Button
                      size="xs"
                      variant="default"
                      loading={revoke.isPending && revoke.variables === session.id}
                      aria-label={t('profile.sessions.endNamed', {
                        device: device(session),
                        lastSeen: format.dateTime(session.lastSeenAt),
                      })}
                      onClick={() => revoke.mutate(session.id)}
                    >
                      {t('profile.sessions.end')}
                    </Button>
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
    <SectionCard title={t('profile.sessions.title')} description={t('profile.sessions.description')}>
      <Stack gap="sm">
        {body}
        <FormError error={revoke.error} />
      </Stack>
    </SectionCard>
  );
}
