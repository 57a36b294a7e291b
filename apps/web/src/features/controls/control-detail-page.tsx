import { Anchor, Badge, Button, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { Link, useParams } from '@tanstack/react-router';
import type { TControl, TRole } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BackLink, DetailPage } from '../../app/pages/detail-page.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useCan, useMe } from '../auth/me-context.tsx';
import { ControlChecksSection } from '../control-checks/control-checks-section.tsx';
import { useDayFormatter } from '../risk-actions/days.ts';
import { WarningText } from '../risk-actions/warning-text.tsx';
import { useMyMembershipId } from '../risks/risk-detail.queries.ts';
import { ControlEditorDialog } from './control-editor-dialog.tsx';
import { ControlEvidenceSection } from './control-evidence-section.tsx';
import { ControlRisksSection } from './control-risks-section.tsx';
import { ATTRIBUTE_FILTERS, ATTRIBUTE_KINDS, useControlTerms } from './control-terms.ts';
import { useControl } from './controls.queries.ts';
import type { ControlsSearch } from './controls-search.ts';

/** The roles that hold `control:update` only for the controls they own (as the server's controls policy). */
const OWN_CONTROLS_ONLY: readonly TRole[] = ['contributor'];

/**
 * Whether the signed-in person may edit the control, to show or hide "Edit" and "Link risks". The
 * server decides and refuses anything else with a 403 the dialogs show.
 */
function useMayEditControl(control: TControl): { mayEdit: boolean; ownOnly: boolean } {
  const me = useMe();
  const can = useCan();
  const ownOnly = me.role !== null && OWN_CONTROLS_ONLY.includes(me.role);
  const myMembershipId = useMyMembershipId(ownOnly);
  const mine = myMembershipId !== null && control.owner?.id === myMembershipId;
  return { mayEdit: can('control:update') && (!ownOnly || mine), ownOnly };
}

/**
 * One control: its place in the Statement of Applicability (applicability and why, implementation,
 * owner, target date), its ISO/IEC 27002 attributes, the risks it treats, its evidence and the NIST
 * references mapped to it.
 */
export function ControlDetailPage() {
  const { t } = useTranslation();
  const { controlId } = useParams({ from: '/app/controls/$controlId' });
  return (
    <DetailPage
      query={useControl(controlId)}
      loading={t('controls.detail.loading')}
      notFound={{
        title: t('controls.detail.notFound.title'),
        detail: t('controls.detail.notFound.detail'),
        back: t('controls.detail.notFound.back'),
        to: '/controls',
      }}
    >
      {(control) => <ControlDetail control={control} />}
    </DetailPage>
  );
}

function ControlDetail({ control }: { control: TControl }) {
  const { t } = useTranslation();
  const can = useCan();
  const { mayEdit, ownOnly } = useMayEditControl(control);
  const [editing, setEditing] = useState(false);

  return (
    <>
      <BackLink to="/controls">{t('controls.detail.backToRegister')}</BackLink>
      <PageHeader
        title={t('controls.detail.pageTitle', { key: control.key, title: control.title })}
        actions={
          mayEdit && (
            <Button leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
              {t('controls.detail.edit')}
            </Button>
          )
        }
      />
      <Stack gap="lg">
        <ControlSummary control={control} />
        {!mayEdit && ownOnly && can('control:update') && (
          <Text size="sm" c="dimmed">
            {t('controls.detail.mayNotEdit')}
          </Text>
        )}
        {control.source === 'custom' && (
          <SectionCard title={t('controls.detail.sections.description')}>
            <TextOrNone text={control.description} none={t('controls.detail.implementation.notDescribed')} />
          </SectionCard>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <ApplicabilitySection control={control} />
          <ImplementationSection control={control} />
        </SimpleGrid>
        <AttributesSection control={control} />
        <ControlRisksSection control={control} mayEdit={mayEdit} />
        {can('evidence:read') && <ControlEvidenceSection control={control} />}
        <ControlChecksSection control={control} />
        <CrosswalkSection control={control} />
      </Stack>
      {editing && <ControlEditorDialog control={control} onClose={() => setEditing(false)} />}
    </>
  );
}

/** Theme, source, applicability, implementation, health, owner and target date at a glance, each as text. */
function ControlSummary({ control }: { control: TControl }) {
  const { t } = useTranslation();
  const terms = useControlTerms();
  const formatDay = useDayFormatter();
  const { health } = control;
  const badge = (text: string) => (
    <Badge variant="outline" color="gray" tt="none" fw={600}>
      {text}
    </Badge>
  );
  return (
    <Group component="dl" gap="xl" align="flex-start" m={0}>
      <SummaryItem label={t('controls.detail.summary.theme')}>
        {t(`controls.terms.theme.${control.theme}`)}
      </SummaryItem>
      <SummaryItem label={t('controls.detail.summary.source')}>
        {t(`controls.terms.source.${control.source}`)}
        {control.newIn2022 && (
          <Text size="xs" c="dimmed">
            {t('controls.table.newIn2022')}
          </Text>
        )}
      </SummaryItem>
      <SummaryItem label={t('controls.detail.summary.applicability')}>
        <div>{badge(t(`controls.terms.applicability.${control.applicability}`))}</div>
      </SummaryItem>
      <SummaryItem label={t('controls.detail.summary.status')}>
        <div>{badge(terms.status(control))}</div>
      </SummaryItem>
      <SummaryItem label={t('controls.detail.summary.health')}>
        {health.status === 'not_effective' || health.status === 'overdue' ? (
          <WarningText>{t(`controls.terms.health.${health.status}`)}</WarningText>
        ) : (
          t(`controls.terms.health.${health.status}`)
        )}
        {health.lastCheckedOn && (
          <Text size="xs" c="dimmed">
            {t('controls.detail.summary.lastChecked', { date: formatDay(health.lastCheckedOn) })}
          </Text>
        )}
      </SummaryItem>
      <SummaryItem label={t('controls.detail.summary.owner')}>
        {control.owner?.name ?? t('controls.table.unassigned')}
      </SummaryItem>
      <SummaryItem label={t('controls.detail.summary.targetDate')}>
        {control.targetDate ? formatDay(control.targetDate) : t('controls.fields.notSet')}
      </SummaryItem>
    </Group>
  );
}

function SummaryItem({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Stack component="dd" gap={2} m={0} mt={4} fz="sm">
        {children}
      </Stack>
    </div>
  );
}

/** A labelled part of a section (an h3 and its text). */
function Part({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Title order={3} size="sm" mb={4}>
        {label}
      </Title>
      {children}
    </div>
  );
}

function TextOrNone({ text, none }: { text: string | null; none: string }) {
  if (text === null || text.trim() === '')
    return (
      <Text size="sm" c="dimmed">
        {none}
      </Text>
    );
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {text}
    </Text>
  );
}

/** Whether the control applies and why: the reasons and note, or the justification of the exclusion. */
function ApplicabilitySection({ control }: { control: TControl }) {
  const { t } = useTranslation();
  let body: ReactNode;
  if (control.applicability === 'not_applicable')
    body = (
      <Part label={t('controls.detail.applicability.exclusion')}>
        {control.exclusionJustification ? (
          <TextOrNone text={control.exclusionJustification} none="" />
        ) : (
          <WarningText>{t('controls.detail.applicability.exclusionMissing')}</WarningText>
        )}
      </Part>
    );
  else
    body = (
      <>
        {control.applicability === 'undecided' && (
          <Text size="sm">{t('controls.detail.applicability.undecided')}</Text>
        )}
        <Part label={t('controls.detail.applicability.reasons')}>
          {control.inclusionReasons.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('controls.detail.applicability.noReasons')}
            </Text>
          ) : (
            <List size="sm" spacing={2}>
              {control.inclusionReasons.map((reason) => (
                <List.Item key={reason}>{t(`controls.terms.inclusionReason.${reason}`)}</List.Item>
              ))}
            </List>
          )}
        </Part>
        {control.inclusionNote && (
          <Part label={t('controls.detail.applicability.note')}>
            <TextOrNone text={control.inclusionNote} none="" />
          </Part>
        )}
      </>
    );
  return (
    <SectionCard title={t('controls.detail.sections.applicability')}>
      <Stack gap="md">{body}</Stack>
    </SectionCard>
  );
}

function ImplementationSection({ control }: { control: TControl }) {
  const { t } = useTranslation();
  const terms = useControlTerms();
  return (
    <SectionCard title={t('controls.detail.sections.implementation')}>
      <Stack gap="md">
        <Part label={t('controls.fields.implementationStatus')}>
          <Text size="sm">{terms.status(control)}</Text>
        </Part>
        <Part label={t('controls.detail.implementation.description')}>
          <TextOrNone
            text={control.implementationDescription}
            none={t('controls.detail.implementation.notDescribed')}
          />
        </Part>
      </Stack>
    </SectionCard>
  );
}

/** The five ISO/IEC 27002 attributes, each value in words and as a link to the register filtered by it. */
function AttributesSection({ control }: { control: TControl }) {
  const { t } = useTranslation();
  const terms = useControlTerms();
  return (
    <SectionCard title={t('controls.detail.sections.attributes')}>
      <SimpleGrid component="dl" cols={{ base: 1, sm: 2, lg: 5 }} spacing="md" m={0}>
        {ATTRIBUTE_KINDS.map((kind) => (
          <div key={kind}>
            <Text component="dt" size="sm" fw={700}>
              {t(`controls.attributes.${kind}`)}
            </Text>
            {/* 6px apart: stacked links closer than 24px centre to centre fail WCAG 2.5.8 (target size). */}
            <Stack component="dd" gap={6} m={0} mt={4}>
              {control.attributes[kind].length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('controls.attributes.none')}
                </Text>
              ) : (
                (control.attributes[kind] as readonly string[]).map((value) => (
                  <Anchor
                    key={value}
                    size="sm"
                    title={t('controls.detail.attributeLink', { value: terms.attribute(kind, value) })}
                    renderRoot={(props) => (
                      <Link
                        {...props}
                        to="/controls"
                        search={{ [ATTRIBUTE_FILTERS[kind]]: value } as ControlsSearch}
                      />
                    )}
                  >
                    {terms.attribute(kind, value)}
                  </Anchor>
                ))
              )}
            </Stack>
          </div>
        ))}
      </SimpleGrid>
    </SectionCard>
  );
}

/** The NIST CSF 2.0 subcategories and SP 800-53 Rev. 5 controls mapped to an Annex A control. */
function CrosswalkSection({ control }: { control: TControl }) {
  const { t } = useTranslation();
  const { csf, sp80053 } = control.crosswalk;
  const references = (items: readonly { id: string; text: string }[]) =>
    items.length === 0 ? (
      <Text size="sm" c="dimmed">
        {t('controls.crosswalk.none')}
      </Text>
    ) : (
      <List size="sm" spacing={4} listStyleType="none">
        {items.map((item) => (
          <List.Item key={item.id}>
            <Text span size="sm" ff="monospace" fw={600}>
              {item.id}
            </Text>{' '}
            {item.text}
          </List.Item>
        ))}
      </List>
    );
  return (
    <SectionCard
      title={t('controls.detail.sections.crosswalk')}
      description={
        control.source === 'custom' ? t('controls.crosswalk.custom') : t('controls.crosswalk.lead')
      }
    >
      {control.source === 'annex_a' && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Part label={t('controls.crosswalk.csf')}>
            {references(csf.map((item) => ({ id: item.id, text: item.label })))}
          </Part>
          <Part label={t('controls.crosswalk.sp80053')}>
            {references(sp80053.map((item) => ({ id: item.id, text: item.title })))}
          </Part>
        </SimpleGrid>
      )}
    </SectionCard>
  );
}
