import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  TextInput,
} from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import {
  LOCALES,
  ROLES,
  SESSION_ABSOLUTE_MINUTES,
  SESSION_IDLE_MINUTES,
  type TOrganisation,
  type TRole,
  type TUpdateOrganisationRequest,
  ZOrganisation,
  ZUpdateOrganisationRequest,
} from '@vigil/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { FormError } from '../../app/forms/form-error.tsx';
import { onSubmit, useForm } from '../../app/forms/use-form.ts';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useOrganisation, useUpdateOrganisation } from './organisations.queries.ts';

const MFA_POLICIES = ['off', 'all', 'roles'] as const;

function timeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}

function formValues(organisation: TOrganisation) {
  return {
    name: organisation.name,
    slug: organisation.slug,
    timeZone: organisation.timeZone,
    locale: organisation.locale,
    sessionIdleMinutes: String(organisation.sessionIdleMinutes),
    sessionAbsoluteMinutes: String(organisation.sessionAbsoluteMinutes),
    mfaPolicy: organisation.mfaPolicy as string,
  };
}

/** Only what changed, with the version it was read at: a stale edit is refused, never merged silently. */
function changes(organisation: TOrganisation, next: TUpdateOrganisationRequest): TUpdateOrganisationRequest {
  const body: TUpdateOrganisationRequest = { version: organisation.version };
  if (next.name !== organisation.name) body.name = next.name;
  if (next.slug !== organisation.slug) body.slug = next.slug;
  if (next.timeZone !== organisation.timeZone) body.timeZone = next.timeZone;
  if (next.locale !== organisation.locale) body.locale = next.locale;
  if (next.sessionIdleMinutes !== organisation.sessionIdleMinutes)
    body.sessionIdleMinutes = next.sessionIdleMinutes;
  if (next.sessionAbsoluteMinutes !== organisation.sessionAbsoluteMinutes)
    body.sessionAbsoluteMinutes = next.sessionAbsoluteMinutes;
  if (next.mfaPolicy !== organisation.mfaPolicy) body.mfaPolicy = next.mfaPolicy;
  const roles = [...(next.mfaRoles ?? [])].sort();
  if (roles.join() !== [...organisation.mfaRoles].sort().join()) body.mfaRoles = roles;
  return body;
}

export function OrganisationSettingsPage() {
  const { t } = useTranslation();
  const organisation = useOrganisation();
  return (
    <>
      <PageHeader title={t('organisation.title')} lead={t('organisation.lead')} />
      {organisation.error ? (
        <FormError error={organisation.error} />
      ) : organisation.data ? (
        <SettingsForm key={organisation.data.id} organisation={organisation.data} />
      ) : (
        <Stack gap="sm" aria-busy>
          <Skeleton height={36} radius="sm" aria-hidden />
          <Skeleton height={36} radius="sm" aria-hidden />
        </Stack>
      )}
    </>
  );
}

function SettingsForm({ organisation: initial }: { organisation: TOrganisation }) {
  const { t } = useTranslation();
  const update = useUpdateOrganisation();
  const [organisation, setOrganisation] = useState(initial);
  const form = useForm(formValues(initial));
  const [mfaRoles, setMfaRoles] = useState<TRole[]>(initial.mfaRoles);
  const zones = useMemo(timeZones, []);
  const [saved, setSaved] = useState(false);

  const failure = update.error;
  const conflict = isApiError(failure) && failure.code === 'conflict';
  const current = conflict ? ZOrganisation.safeParse(failure.extensions.current) : null;

  const loadCurrent = () => {
    if (!current?.success) return;
    setOrganisation(current.data);
    form.reset(formValues(current.data));
    setMfaRoles(current.data.mfaRoles);
    update.reset();
  };

  const submit = () => {
    setSaved(false);
    const candidate = {
      ...form.values,
      version: organisation.version,
      sessionIdleMinutes: Number(form.values.sessionIdleMinutes),
      sessionAbsoluteMinutes: Number(form.values.sessionAbsoluteMinutes),
      mfaRoles: form.values.mfaPolicy === 'roles' ? mfaRoles : [],
    };
    const body = form.validate(ZUpdateOrganisationRequest, candidate);
    if (!body) return;
    update.mutate(changes(organisation, body), {
      onSuccess: (next) => {
        setOrganisation(next);
        setSaved(true);
      },
      onError: (error) => form.showServerErrors(error),
    });
  };

  return (
    <form ref={form.formRef} noValidate onSubmit={onSubmit(submit)}>
      <Stack gap="lg">
        <SectionCard title={t('organisation.general')}>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <TextInput label={t('organisation.name')} required {...form.textInput('name')} />
            <TextInput
              label={t('organisation.slug')}
              description={t('organisation.slugHint')}
              required
              spellCheck={false}
              {...form.textInput('slug')}
            />
            <Select
              label={t('organisation.timeZone')}
              data={zones}
              searchable
              allowDeselect={false}
              value={form.values.timeZone}
              onChange={(value) => form.setFieldValue('timeZone', value ?? '')}
              error={form.errors.timeZone}
              nothingFoundMessage={t('forms.nothingFound')}
            />
            <Select
              label={t('organisation.locale')}
              data={LOCALES.map((locale) => ({ value: locale, label: t(`locales.${locale}`) }))}
              allowDeselect={false}
              value={form.values.locale}
              onChange={(value) => form.setFieldValue('locale', value ?? '')}
              error={form.errors.locale}
            />
          </SimpleGrid>
        </SectionCard>

        <SectionCard title={t('organisation.sessions')} description={t('organisation.sessionsHint')}>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <NumberInput
              label={t('organisation.idleMinutes')}
              description={t('organisation.minutesRange', SESSION_IDLE_MINUTES)}
              min={SESSION_IDLE_MINUTES.min}
              max={SESSION_IDLE_MINUTES.max}
              allowDecimal={false}
              value={form.values.sessionIdleMinutes}
              onChange={(value) => form.setFieldValue('sessionIdleMinutes', String(value))}
              error={form.errors.sessionIdleMinutes}
            />
            <NumberInput
              label={t('organisation.absoluteMinutes')}
              description={t('organisation.minutesRange', SESSION_ABSOLUTE_MINUTES)}
              min={SESSION_ABSOLUTE_MINUTES.min}
              max={SESSION_ABSOLUTE_MINUTES.max}
              allowDecimal={false}
              value={form.values.sessionAbsoluteMinutes}
              onChange={(value) => form.setFieldValue('sessionAbsoluteMinutes', String(value))}
              error={form.errors.sessionAbsoluteMinutes}
            />
          </SimpleGrid>
        </SectionCard>

        <SectionCard title={t('organisation.mfa')} description={t('organisation.mfaHint')}>
          <Stack gap="md">
            <Radio.Group
              label={t('organisation.mfaPolicy')}
              value={form.values.mfaPolicy}
              onChange={(value) => form.setFieldValue('mfaPolicy', value)}
              error={form.errors.mfaPolicy}
            >
              <Stack gap="xs" mt="xs">
                {MFA_POLICIES.map((policy) => (
                  <Radio key={policy} value={policy} label={t(`organisation.mfaPolicies.${policy}`)} />
                ))}
              </Stack>
            </Radio.Group>
            {form.values.mfaPolicy === 'roles' && (
              <Checkbox.Group
                label={t('organisation.mfaRoles')}
                value={mfaRoles}
                onChange={(value) => setMfaRoles(value as TRole[])}
                error={form.errors.mfaRoles}
              >
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt="xs">
                  {ROLES.map((role) => (
                    <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
                  ))}
                </SimpleGrid>
              </Checkbox.Group>
            )}
          </Stack>
        </SectionCard>

        <FormError
          error={update.error}
          fields={Object.keys(form.values).concat('mfaRoles')}
          {...(conflict ? { hint: t('organisation.conflictHint') } : {})}
        />
        {conflict && current?.success && (
          <Group>
            <Button variant="default" onClick={loadCurrent}>
              {t('organisation.loadCurrent')}
            </Button>
          </Group>
        )}
        {saved && !update.error && (
          <Alert
            variant="light"
            color="teal"
            role="status"
            icon={<IconCircleCheck size={20} stroke={1.7} aria-hidden />}
          >
            {t('organisation.saved')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={update.isPending}>
            {t('forms.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
