import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  EmptyState,
  Group,
  Menu,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconArchive,
  IconArchiveOff,
  IconCheck,
  IconCircleCheck,
  IconCopy,
  IconDots,
  IconDownload,
  IconExternalLink,
  IconFile,
  IconLink,
  IconPaperclip,
  IconPencil,
  IconSearch,
} from '@tabler/icons-react';
import { EVIDENCE_KINDS, type TEvidence, type TEvidenceKind } from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { LoadingLines, LoadMoreButton, NoMatch } from '../../app/pages/list-states.tsx';
import { ControlLink } from '../controls/control-link.tsx';
import { useDayFormatter } from '../risk-actions/days.ts';
import { WarningText } from '../risk-actions/warning-text.tsx';
import { controlLabel, evidenceFileHref, useControlOptions, useEvidence } from './evidence.queries.ts';
import { useEvidenceAccess } from './evidence-access.ts';
import { EvidenceArchiveDialog } from './evidence-archive-dialog.tsx';
import { EvidenceControlsDialog } from './evidence-controls-dialog.tsx';
import { EvidenceDialog } from './evidence-dialog.tsx';

/** Hex digits of a SHA-256 digest shown in the table; the whole digest is in its title and copy button. */
const DIGEST_SHOWN = 12;

/** A size in bytes in the reader's language: "820 kB", "3.4 MB". */
function useFileSize(): (bytes: number) => string {
  const { i18n } = useTranslation();
  return (bytes) => {
    const [value, unit] =
      bytes >= 1_000_000
        ? [bytes / 1_000_000, 'megabyte']
        : bytes >= 1_000
          ? [bytes / 1_000, 'kilobyte']
          : [bytes, 'byte'];
    return new Intl.NumberFormat(i18n.language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(
      value,
    );
  };
}

function KindText({ kind }: { kind: TEvidenceKind }) {
  const { t } = useTranslation();
  const Icon = kind === 'file' ? IconFile : IconLink;
  return (
    <Group gap={4} wrap="nowrap">
      <Icon size={16} stroke={1.7} aria-hidden />
      <Text size="sm">{t(`evidence.kind.${kind}`)}</Text>
    </Group>
  );
}

/** Stale or valid, as an icon and a word (never colour alone). */
function Validity({ evidence }: { evidence: TEvidence }) {
  const { t } = useTranslation();
  if (evidence.stale) return <WarningText>{t('evidence.stale')}</WarningText>;
  return (
    <Group gap={4} wrap="nowrap">
      <IconCircleCheck size={14} stroke={1.8} aria-hidden />
      <Text span size="xs" fw={600}>
        {t('evidence.valid')}
      </Text>
    </Group>
  );
}

function Digest({ evidence }: { evidence: TEvidence }) {
  const { t } = useTranslation();
  if (!evidence.file) return <Text size="sm">—</Text>;
  const { sha256 } = evidence.file;
  return (
    <Group gap={4} wrap="nowrap">
      <Code title={t('evidence.digestTitle', { digest: sha256 })}>{`${sha256.slice(0, DIGEST_SHOWN)}…`}</Code>
      <CopyButton value={sha256}>
        {({ copied, copy }) => (
          <Tooltip label={t('evidence.digestCopied')} opened={copied} withArrow>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('evidence.copyDigest', { key: evidence.key })}
              onClick={copy}
            >
              {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** The file's download, or the link opened in a new tab (without access to this page). */
function OpenLink({ evidence }: { evidence: TEvidence }) {
  const { t } = useTranslation();
  const fileSize = useFileSize();
  if (evidence.file) {
    return (
      <Anchor
        href={evidenceFileHref(evidence.id)}
        download
        size="sm"
        aria-label={t('evidence.downloadLabel', {
          name: evidence.file.name,
          size: fileSize(evidence.file.size),
        })}
      >
        <Group gap={4} wrap="nowrap" component="span">
          <IconDownload size={16} aria-hidden />
          {t('evidence.download')}
        </Group>
      </Anchor>
    );
  }
  if (!evidence.url) return null;
  return (
    <Anchor
      href={evidence.url}
      target="_blank"
      rel="noopener noreferrer"
      size="sm"
      aria-label={t('evidence.openLinkLabel', { key: evidence.key })}
    >
      <Group gap={4} wrap="nowrap" component="span">
        <IconExternalLink size={16} aria-hidden />
        {t('evidence.openLink')}
      </Group>
    </Anchor>
  );
}

function Controls({ evidence }: { evidence: TEvidence }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm">{t('evidence.controlCount', { count: evidence.controls.length })}</Text>
      {evidence.controls.length > 0 && (
        <Group gap={6}>
          {evidence.controls.map((control) => (
            <ControlLink
              key={control.id}
              controlId={control.id}
              size="xs"
              ff="monospace"
              style={{ whiteSpace: 'nowrap' }}
            >
              {control.key}
            </ControlLink>
          ))}
        </Group>
      )}
    </Stack>
  );
}

/**
 * The evidence library with its filters, a page at a time; rows offer edit, linking to controls and
 * archive or restore to those who may (see useEvidenceAccess). `onAdd` offers the first item from the
 * empty state.
 */
export function EvidenceTable({ onAdd }: { onAdd: ReactNode }) {
  const { t } = useTranslation();
  const formatDay = useDayFormatter();
  const access = useEvidenceAccess();
  const controls = useControlOptions();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [kind, setKind] = useState<TEvidenceKind | null>(null);
  const [stale, setStale] = useState<boolean | null>(null);
  const [controlId, setControlId] = useState<string | null>(null);
  const [includeArchived, setIncludeArchived] = useState(false);
  const evidence = useEvidence({ q: debouncedSearch, kind, stale, controlId, includeArchived });
  const [editing, setEditing] = useState<TEvidence | null>(null);
  const [linking, setLinking] = useState<TEvidence | null>(null);
  const [archiving, setArchiving] = useState<TEvidence | null>(null);

  const filtered =
    search.trim() !== '' || kind !== null || stale !== null || controlId !== null || includeArchived;
  const clearFilters = () => {
    setSearch('');
    setKind(null);
    setStale(null);
    setControlId(null);
    setIncludeArchived(false);
  };
  const rows = evidence.data?.pages.flatMap((page) => page.items) ?? [];

  let body: ReactNode;
  if (evidence.error) {
    body = <FormError error={evidence.error} />;
  } else if (!evidence.data) {
    body = <LoadingLines label={t('evidence.loading')} />;
  } else if (rows.length === 0 && filtered) {
    body = (
      <NoMatch text={t('evidence.noMatch')} clear={t('evidence.filters.clear')} onClear={clearFilters} />
    );
  } else if (rows.length === 0) {
    body = (
      <EmptyState
        role="status"
        icon={<IconPaperclip size={28} stroke={1.5} aria-hidden />}
        title={t('evidence.empty.title')}
        description={t('evidence.empty.text')}
      >
        <EmptyState.Description>
          {access.mayAdd ? t('evidence.empty.next') : t('evidence.empty.readOnly')}
        </EmptyState.Description>
        {access.mayAdd && <EmptyState.Actions>{onAdd}</EmptyState.Actions>}
      </EmptyState>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={1280}>
        <Table verticalSpacing="sm" highlightOnHover aria-label={t('evidence.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('evidence.columns.key')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.title')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.kind')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.controls')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.collectedOn')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.validUntil')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.validity')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.uploadedBy')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.digest')}</Table.Th>
              <Table.Th scope="col">{t('evidence.columns.open')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('evidence.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((item) => {
              const mayEdit = access.mayEdit(item);
              const active = item.archivedAt === null;
              return (
                <Table.Tr key={item.id}>
                  <Table.Td>
                    <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {item.key}
                    </Text>
                  </Table.Td>
                  <Table.Td maw={300}>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {item.title}
                      </Text>
                      {!active && (
                        <Badge variant="outline" color="gray" tt="none">
                          {t('evidence.archived')}
                        </Badge>
                      )}
                    </Group>
                    {item.description && (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {item.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <KindText kind={item.kind} />
                  </Table.Td>
                  <Table.Td>
                    <Controls evidence={item} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(item.collectedOn)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {item.validUntil ? (
                      formatDay(item.validUntil)
                    ) : (
                      <Text span size="sm" c="dimmed">
                        {t('evidence.noExpiry')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Validity evidence={item} />
                  </Table.Td>
                  <Table.Td>{item.uploadedBy.name}</Table.Td>
                  <Table.Td>
                    <Digest evidence={item} />
                  </Table.Td>
                  <Table.Td>
                    <OpenLink evidence={item} />
                  </Table.Td>
                  <Table.Td ta="right">
                    {(mayEdit || (access.mayLink && active)) && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={t('evidence.actionsFor', { key: item.key })}
                          >
                            <IconDots size={18} aria-hidden />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {mayEdit && active && (
                            <Menu.Item
                              leftSection={<IconPencil size={16} aria-hidden />}
                              onClick={() => setEditing(item)}
                            >
                              {t('evidence.edit')}
                            </Menu.Item>
                          )}
                          {access.mayLink && active && (
                            <Menu.Item
                              leftSection={<IconLink size={16} aria-hidden />}
                              onClick={() => setLinking(item)}
                            >
                              {t('evidence.linkControls')}
                            </Menu.Item>
                          )}
                          {mayEdit && (
                            <Menu.Item
                              leftSection={
                                active ? (
                                  <IconArchive size={16} aria-hidden />
                                ) : (
                                  <IconArchiveOff size={16} aria-hidden />
                                )
                              }
                              onClick={() => setArchiving(item)}
                            >
                              {active ? t('evidence.archive') : t('evidence.restore')}
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 3 }}
          spacing="sm"
          role="group"
          aria-label={t('evidence.filters.label')}
        >
          <TextInput
            label={t('evidence.filters.search')}
            description={t('evidence.filters.searchHint')}
            leftSection={<IconSearch size={16} aria-hidden />}
            type="search"
            maxLength={200}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
          <Select
            label={t('evidence.filters.kind')}
            placeholder={t('evidence.filters.any')}
            clearable
            data={EVIDENCE_KINDS.map((value) => ({ value, label: t(`evidence.kind.${value}`) }))}
            value={kind}
            onChange={(value) => setKind(value as TEvidenceKind | null)}
          />
          <Select
            label={t('evidence.filters.validity')}
            placeholder={t('evidence.filters.any')}
            clearable
            data={[
              { value: 'true', label: t('evidence.filters.stale') },
              { value: 'false', label: t('evidence.filters.valid') },
            ]}
            value={stale === null ? null : String(stale)}
            onChange={(value) => setStale(value === null ? null : value === 'true')}
          />
          <Select
            label={t('evidence.filters.control')}
            placeholder={t('evidence.filters.any')}
            clearable
            searchable
            nothingFoundMessage={t('forms.nothingFound')}
            data={(controls.data ?? []).map((control) => ({
              value: control.id,
              label: controlLabel(control),
            }))}
            value={controlId}
            onChange={setControlId}
          />
          <Group gap="sm" mt={{ base: 0, sm: 'xl' }} align="center">
            <Checkbox
              label={t('evidence.filters.includeArchived')}
              checked={includeArchived}
              onChange={(event) => setIncludeArchived(event.currentTarget.checked)}
            />
            {filtered && (
              <Button size="compact-sm" variant="subtle" onClick={clearFilters}>
                {t('evidence.filters.clear')}
              </Button>
            )}
          </Group>
        </SimpleGrid>
        {body}
        {rows.length > 0 && (
          <Group justify="space-between" align="center" gap="sm">
            <Text size="sm" c="dimmed" role="status">
              {t('evidence.shown', { count: rows.length })}
            </Text>
            <LoadMoreButton query={evidence} />
          </Group>
        )}
      </Stack>
      {editing && <EvidenceDialog mode={{ evidence: editing }} onClose={() => setEditing(null)} />}
      {linking && <EvidenceControlsDialog evidence={linking} onClose={() => setLinking(null)} />}
      {archiving && <EvidenceArchiveDialog evidence={archiving} onClose={() => setArchiving(null)} />}
    </Card>
  );
}
