import { Button, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconFileCertificate } from '@tabler/icons-react';
import { IMPLEMENTATION_STATUSES, type TRole, type TSoa, type TSoaCurrentEntry } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { DownloadMenu } from '../../app/pages/download-menu.tsx';
import { LoadingLines } from '../../app/pages/list-states.tsx';
import { PageHeader } from '../../app/pages/page-header.tsx';
import { SectionCard } from '../../app/pages/section-card.tsx';
import { useCan, useMe } from '../auth/me-context.tsx';
import { useMyMembershipId } from '../risks/risk-detail.queries.ts';
import { PublishDialog } from './publish-dialog.tsx';
import { soaExportHref, useSoa } from './soa.queries.ts';
import { SoaEditDialog } from './soa-edit-dialog.tsx';
import { SoaTable } from './soa-table.tsx';
import { SoaVersions } from './soa-versions.tsx';
import { SoaWarnings } from './soa-warnings.tsx';

/** The roles that hold `control:update` only for the controls they own (as the server's controls policy). */
const OWN_CONTROLS_ONLY: readonly TRole[] = ['contributor'];

/**
 * The Statement of Applicability (ISO/IEC 27001 6.1.3 d): the counts, the completeness warnings, every
 * control by theme with a row editor for those who may edit it, the published versions with their
 * exports and comparison, and "Publish version" for approvers.
 */
export function SoaPage() {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const soa = useSoa();
  const [editing, setEditing] = useState<TSoaCurrentEntry | null>(null);
  const [publishing, setPublishing] = useState(false);
  const ownOnly = me.role !== null && OWN_CONTROLS_ONLY.includes(me.role);
  const myMembershipId = useMyMembershipId(ownOnly && can('control:update'));
  const mayEdit = (entry: TSoaCurrentEntry) =>
    can('control:update') && (!ownOnly || (myMembershipId !== null && entry.owner?.id === myMembershipId));
  const mayPublish = can('soa:publish');

  let body: ReactNode;
  if (soa.error) {
    body = <FormError error={soa.error} />;
  } else if (!soa.data) {
    body = <LoadingLines label={t('soa.loading')} lines={3} />;
  } else {
    body = (
      <Stack gap="lg">
        <SoaSummary soa={soa.data} />
        <SoaWarnings warnings={soa.data.warnings} />
        <SectionCard title={t('soa.table.title')} description={t('soa.table.description')}>
          <SoaTable entries={soa.data.items} mayEdit={mayEdit} onEdit={setEditing} />
        </SectionCard>
        <SoaVersions />
      </Stack>
    );
  }

  return (
    <>
      <PageHeader
        title={t('soa.title')}
        lead={t('soa.lead')}
        actions={
          <Group gap="sm">
            <ExportMenu />
            {mayPublish && (
              <Button
                leftSection={<IconFileCertificate size={16} aria-hidden />}
                disabled={!soa.data}
                onClick={() => setPublishing(true)}
              >
                {t('soa.publish.button')}
              </Button>
            )}
          </Group>
        }
      />
      {body}
      {editing && <SoaEditDialog entry={editing} onClose={() => setEditing(null)} />}
      {publishing && soa.data && (
        <PublishDialog
          number={(soa.data.latestVersion ?? 0) + 1}
          warningCount={soa.data.warnings.length}
          onClose={() => setPublishing(false)}
        />
      )}
    </>
  );
}

/** Downloads of the current SoA, marked as a draft. */
function ExportMenu() {
  const { t } = useTranslation();
  return (
    <DownloadMenu
      label={t('soa.export.button')}
      groups={[
        {
          label: t('soa.export.label'),
          links: [
            { label: t('soa.export.xlsx'), href: soaExportHref('xlsx'), format: 'xlsx' },
            { label: t('soa.export.pdf'), href: soaExportHref('pdf'), format: 'pdf' },
          ],
        },
      ]}
    />
  );
}

function Figure({ label, value, hint }: { label: string; value: number; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="sm" role="listitem">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={700} lh={1.2}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The counts over the controls, and which version was published last. */
function SoaSummary({ soa }: { soa: TSoa }) {
  const { t } = useTranslation();
  const { summary } = soa;
  return (
    <SectionCard
      title={t('soa.summary.title')}
      description={
        soa.latestVersion === null
          ? t('soa.summary.neverPublished')
          : t('soa.summary.latest', { number: soa.latestVersion })
      }
    >
      <Stack gap="md">
        <SimpleGrid
          cols={{ base: 2, sm: 3, lg: 5 }}
          spacing="sm"
          role="list"
          aria-label={t('soa.summary.figures')}
        >
          <Figure
            label={t('soa.summary.controls')}
            value={summary.controls}
            hint={t('soa.summary.controlsHint', { annexA: summary.annexA, custom: summary.custom })}
          />
          <Figure label={t('soa.summary.applicable')} value={summary.applicable} />
          <Figure label={t('soa.summary.notApplicable')} value={summary.notApplicable} />
          <Figure label={t('soa.summary.undecided')} value={summary.undecided} />
          <Figure label={t('soa.summary.warnings')} value={summary.warnings} />
        </SimpleGrid>
        <Text size="sm" fw={500}>
          {t('soa.summary.implementation')}
        </Text>
        <SimpleGrid
          cols={{ base: 2, sm: 3, lg: 5 }}
          spacing="sm"
          role="list"
          aria-label={t('soa.summary.implementation')}
        >
          {IMPLEMENTATION_STATUSES.map((status) => (
            <Figure
              key={status}
              label={t(`controls.terms.status.${status}`)}
              value={summary.implementation[status]}
            />
          ))}
        </SimpleGrid>
      </Stack>
    </SectionCard>
  );
}
