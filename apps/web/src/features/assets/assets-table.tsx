import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  EmptyState,
  Group,
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
import {
  IconArchive,
  IconArchiveOff,
  IconBuildingCommunity,
  IconDots,
  IconPencil,
  IconSearch,
  IconServer2,
  IconUserShield,
} from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import {
  ASSET_KINDS,
  CLASSIFICATIONS,
  type TAsset,
  type TAssetKind,
  type TClassification,
} from '@vigil/contracts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../app/forms/form-error.tsx';
import { LoadingLines, LoadMore, NoMatch } from '../../app/pages/list-states.tsx';
import { useCan } from '../auth/me-context.tsx';
import { PersonSelect } from '../people/person-select.tsx';
import { AssetArchiveDialog } from './asset-archive-dialog.tsx';
import { AssetDialog } from './asset-dialog.tsx';
import { useAssets } from './assets.queries.ts';
import { importanceKey } from './importance.ts';

const CIA = ['confidentiality', 'integrity', 'availability'] as const;

/** What an asset holds that raises the stakes, as icon and text (never the icon alone). */
function DataFlags({ asset }: { asset: TAsset }) {
  const { t } = useTranslation();
  if (!asset.personalData && !asset.citizenData)
    return (
      <Text size="sm" c="dimmed">
        {t('assets.noSpecialData')}
      </Text>
    );
  return (
    <Stack gap={2}>
      {asset.personalData && (
        <Group gap={4} wrap="nowrap">
          <IconUserShield size={16} aria-hidden />
          <Text size="sm">{t('assets.personalData')}</Text>
        </Group>
      )}
      {asset.citizenData && (
        <Group gap={4} wrap="nowrap">
          <IconBuildingCommunity size={16} aria-hidden />
          <Text size="sm">{t('assets.citizenData')}</Text>
        </Group>
      )}
    </Stack>
  );
}

function Importance({ asset }: { asset: TAsset }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      {CIA.map((property) => (
        <Text key={property} size="xs">
          {t('assets.importanceOf', {
            property: t(`riskTerms.affects.${property}`),
            level: t(`assets.importanceLevel.${importanceKey(asset[property])}`),
          })}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * The asset inventory with its filters, a page at a time. `onAdd` opens the create dialog (from the
 * empty state); rows offer edit, archive and restore with asset:manage.
 */
export function AssetsTable({ onAdd }: { onAdd: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const mayManage = can('asset:manage');
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [kind, setKind] = useState<TAssetKind | null>(null);
  const [classification, setClassification] = useState<TClassification | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [personalData, setPersonalData] = useState<boolean | null>(null);
  const [includeArchived, setIncludeArchived] = useState(false);
  const filters = { q: debouncedSearch, kind, classification, ownerId, personalData, includeArchived };
  const assets = useAssets(filters);
  const [editing, setEditing] = useState<TAsset | null>(null);
  const [archiving, setArchiving] = useState<TAsset | null>(null);

  const filtered =
    search.trim() !== '' ||
    kind !== null ||
    classification !== null ||
    ownerId !== null ||
    personalData !== null ||
    includeArchived;
  const clearFilters = () => {
    setSearch('');
    setKind(null);
    setClassification(null);
    setOwnerId(null);
    setPersonalData(null);
    setIncludeArchived(false);
  };
  const rows = assets.data?.pages.flatMap((page) => page.items) ?? [];

  let body: ReactNode;
  if (assets.error) {
    body = <FormError error={assets.error} />;
  } else if (!assets.data) {
    body = <LoadingLines label={t('assets.loading')} />;
  } else if (rows.length === 0 && filtered) {
    body = <NoMatch text={t('assets.noMatch')} clear={t('assets.filters.clear')} onClear={clearFilters} />;
  } else if (rows.length === 0) {
    // Nothing registered yet: say what belongs here and how to start.
    body = (
      <EmptyState
        role="status"
        icon={<IconServer2 size={28} stroke={1.5} aria-hidden />}
        title={t('assets.empty.title')}
        description={t('assets.empty.text')}
      >
        <EmptyState.Description>
          {mayManage ? t('assets.empty.next') : t('assets.empty.readOnly')}
        </EmptyState.Description>
        {mayManage && (
          <EmptyState.Actions>
            <Button onClick={onAdd}>{t('assets.add')}</Button>
          </EmptyState.Actions>
        )}
      </EmptyState>
    );
  } else {
    body = (
      <Table.ScrollContainer minWidth={1000}>
        <Table verticalSpacing="sm" highlightOnHover aria-label={t('assets.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('assets.columns.key')}</Table.Th>
              <Table.Th scope="col">{t('assets.columns.name')}</Table.Th>
              <Table.Th scope="col">{t('assets.columns.kind')}</Table.Th>
              <Table.Th scope="col">{t('assets.columns.classification')}</Table.Th>
              <Table.Th scope="col">{t('assets.columns.owner')}</Table.Th>
              <Table.Th scope="col">{t('assets.columns.data')}</Table.Th>
              <Table.Th scope="col">{t('assets.columns.importance')}</Table.Th>
              <Table.Th scope="col">{t('assets.columns.location')}</Table.Th>
              <Table.Th scope="col">{t('assets.columns.risks')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('assets.columns.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((asset) => (
              <Table.Tr key={asset.id}>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {asset.key}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {asset.name}
                    </Text>
                    {asset.archivedAt && (
                      <Badge variant="outline" color="gray" tt="none">
                        {t('assets.archived')}
                      </Badge>
                    )}
                  </Group>
                  {asset.description && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {asset.description}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{t(`riskTerms.assetKind.${asset.kind}`)}</Table.Td>
                <Table.Td>{t(`riskTerms.classification.${asset.classification}`)}</Table.Td>
                <Table.Td>
                  {asset.owner?.name ?? (
                    <Text size="sm" c="dimmed">
                      {t('assets.noOwner')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <DataFlags asset={asset} />
                </Table.Td>
                <Table.Td>
                  <Importance asset={asset} />
                </Table.Td>
                <Table.Td>{asset.location ?? '—'}</Table.Td>
                <Table.Td>
                  <Anchor
                    renderRoot={(props) => <Link {...props} to="/risks" search={{ assetId: asset.id }} />}
                    size="sm"
                    aria-label={`${t('assets.risksLinkLabel', { name: asset.name })}: ${t('assets.risksLink', { count: asset.riskCount })}`}
                  >
                    {t('assets.risksLink', { count: asset.riskCount })}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">
                  {mayManage && (
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('assets.actionsFor', { name: asset.name })}
                        >
                          <IconDots size={18} aria-hidden />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {asset.archivedAt === null && (
                          <Menu.Item
                            leftSection={<IconPencil size={16} aria-hidden />}
                            onClick={() => setEditing(asset)}
                          >
                            {t('assets.edit')}
                          </Menu.Item>
                        )}
                        <Menu.Item
                          leftSection={
                            asset.archivedAt === null ? (
                              <IconArchive size={16} aria-hidden />
                            ) : (
                              <IconArchiveOff size={16} aria-hidden />
                            )
                          }
                          onClick={() => setArchiving(asset)}
                        >
                          {asset.archivedAt === null ? t('assets.archive') : t('assets.restore')}
                        </Menu.Item>
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
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
          <TextInput
            label={t('assets.filters.search')}
            description={t('assets.filters.searchHint')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
          />
          <Select
            label={t('assets.filters.kind')}
            placeholder={t('assets.filters.any')}
            clearable
            data={ASSET_KINDS.map((value) => ({ value, label: t(`riskTerms.assetKind.${value}`) }))}
            value={kind}
            onChange={(value) => setKind(value as TAssetKind | null)}
          />
          <Select
            label={t('assets.filters.classification')}
            placeholder={t('assets.filters.any')}
            clearable
            data={CLASSIFICATIONS.map((value) => ({
              value,
              label: t(`riskTerms.classification.${value}`),
            }))}
            value={classification}
            onChange={(value) => setClassification(value as TClassification | null)}
          />
          <PersonSelect
            label={t('assets.filters.owner')}
            placeholder={t('assets.filters.any')}
            clearable
            value={ownerId}
            onChange={setOwnerId}
          />
          <Select
            label={t('assets.filters.personalData')}
            placeholder={t('assets.filters.any')}
            clearable
            data={[
              { value: 'true', label: t('assets.filters.personalDataYes') },
              { value: 'false', label: t('assets.filters.personalDataNo') },
            ]}
            value={personalData === null ? null : String(personalData)}
            onChange={(value) => setPersonalData(value === null ? null : value === 'true')}
          />
          <Checkbox
            label={t('assets.filters.includeArchived')}
            checked={includeArchived}
            onChange={(event) => setIncludeArchived(event.currentTarget.checked)}
            mt={{ base: 0, sm: 'xl' }}
          />
        </SimpleGrid>
        {body}
        <LoadMore query={assets} />
      </Stack>
      {editing && <AssetDialog asset={editing} onClose={() => setEditing(null)} />}
      {archiving && <AssetArchiveDialog asset={archiving} onClose={() => setArchiving(null)} />}
    </Card>
  );
}
