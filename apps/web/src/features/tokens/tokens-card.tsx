import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import {
  type TApiToken,
  type TApiTokenCreated,
  type TPermission,
  ZApiTokenCreateRequest,
} from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endOfLocalDay, localDayFromNow } from '../../app/forms/dates.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { AppModal } from '../../app/pages/app-modal.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useFormatters } from '../../i18n/format.ts';
import { useCan, useMe } from '../auth/me-context.tsx';
import { permissionLabel } from '../auth/permission-label.ts';
import { useCreateToken, useRevokeToken, useTokens } from './tokens.queries.ts';

const EXPIRY_ALIAS = { expiresAt: 'expiresOn' } as const;

/** Personal API tokens (`Authorization: Bearer`): create (shown once), list, revoke. */
export function TokensCard() {
  const { t } = useTranslation();
  const can = useCan();
  const manageAll = can('api_token:manage_all');
  const [all, setAll] = useState(false);
  const tokens = useTokens(manageAll && all);
  const revoke = useRevokeToken();
  const format = useFormatters();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TApiToken | null>(null);

  let body: ReactNode;
  if (tokens.error) {
    body = <FormError error={tokens.error} />;
  } else if (!tokens.data) {
    body = <Skeleton height={36} radius="sm" aria-hidden />;
  } else if (tokens.data.items.length === 0) {
    body = (
      <Text size="sm" c="dimmed">
        {t('tokens.empty')}
      </Text>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('tokens.name')}</Table.Th>
              {all && <Table.Th scope="col">{t('tokens.owner')}</Table.Th>}
              <Table.Th scope="col">{t('tokens.scopes')}</Table.Th>
              <Table.Th scope="col">{t('tokens.expires')}</Table.Th>
              <Table.Th scope="col">{t('tokens.lastUsed')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('tokens.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tokens.data.items.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {token.name}
                  </Text>
                  <Code>{token.tokenPrefix}…</Code>
                </Table.Td>
                {all && <Table.Td>{token.owner.name}</Table.Td>}
                <Table.Td>
                  <Group gap={4}>
                    {token.scopes.map((scope) => (
                      <Badge key={scope} variant="default" tt="none" fw={500}>
                        {scope}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{format.date(token.expiresAt)}</Table.Td>
                <Table.Td>
                  {token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('tokens.neverUsed')}
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={t('tokens.revokeNamed', { name: token.name })}
                    onClick={() => setRevoking(token)}
                  >
                    {t('tokens.revoke')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <SectionCard
      title={t('tokens.title')}
      description={t('tokens.description')}
      actions={
        <Button
          variant="default"
          leftSection={<IconKey size={16} aria-hidden />}
          onClick={() => setCreating(true)}
        >
          {t('tokens.create')}
        </Button>
      }
    >
      <Stack gap="md">
        {manageAll && (
          <Switch
            label={t('tokens.showAll')}
            checked={all}
            onChange={(event) => setAll(event.currentTarget.checked)}
          />
        )}
        {body}
      </Stack>
      <CreateTokenDialog opened={creating} onClose={() => setCreating(false)} />
      <AppModal
        opened={revoking !== null}
        onClose={() => {
          revoke.reset();
          setRevoking(null);
        }}
        title={t('tokens.revokeTitle')}
      >
        <Stack gap="md">
          <Text size="sm">{t('tokens.revokeHint', { name: revoking?.name ?? '' })}</Text>
          <FormError error={revoke.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setRevoking(null)}>
              {t('forms.cancel')}
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => {
                if (revoking) revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) });
              }}
            >
              {t('tokens.revoke')}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </SectionCard>
  );
}

function CreateTokenDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const create = useCreateToken();
  const [scopes, setScopes] = useState<TPermission[]>([]);
  const form = useForm({ name: '', expiresOn: localDayFromNow(90) });
  const created: TApiTokenCreated | undefined = create.data;

  const close = () => {
    create.reset();
    form.reset();
    setScopes([]);
    onClose();
  };

  const submit = () => {
    const candidate = {
      name: form.values.name,
      scopes,
      expiresAt: endOfLocalDay(form.values.expiresOn) ?? '',
    };
    // The request speaks of `expiresAt`; the form asks for a day.
    const body = form.validate(ZApiTokenCreateRequest, candidate, EXPIRY_ALIAS);
    if (!body) return;
    create.mutate(body, { onError: (error) => form.showServerErrors(error, EXPIRY_ALIAS) });
  };

  return (
    <AppModal
      opened={opened}
      onClose={close}
      title={created ? t('tokens.createdTitle') : t('tokens.createTitle')}
      size="lg"
      closeOnClickOutside={!created}
      closeOnEscape={!created}
      withCloseButton={!created}
    >
      {created ? (
        <Stack gap="md">
          <Alert
            variant="light"
            color="orange"
            icon={<IconAlertTriangle size={20} stroke={1.7} aria-hidden />}
          >
            {t('tokens.shownOnce')}
          </Alert>
          <Code block>{created.token}</Code>
          <Group justify="space-between">
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button
                  variant="default"
                  onClick={copy}
                  leftSection={
                    copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />
                  }
                >
                  {copied ? t('tokens.copied') : t('tokens.copy')}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>{t('forms.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
          <Stack gap="md">
            <TextInput label={t('tokens.name')} required data-autofocus {...form.textInput('name')} />
            <Checkbox.Group
              label={t('tokens.scopes')}
              description={t('tokens.scopesHint')}
              value={scopes}
              onChange={(value) => setScopes(value as TPermission[])}
              error={form.errors.scopes}
              required
            >
              <Stack gap={6} mt="xs">
                {me.abilities.map((permission) => (
                  <Checkbox key={permission} value={permission} label={permissionLabel(t, permission)} />
                ))}
              </Stack>
            </Checkbox.Group>
            <TextInput
              type="date"
              label={t('tokens.expires')}
              description={t('tokens.expiresHint')}
              min={localDayFromNow(1)}
              max={localDayFromNow(365)}
              required
              {...form.textInput('expiresOn')}
            />
            <FormError error={create.error} fields={['name', 'scopes', 'expiresAt']} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close}>
                {t('forms.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('tokens.createSubmit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AppModal>
  );
}
