import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type TAssetKind,
  type TClassification,
  type TCreateAssetRequest,
  type TUpdateAssetRequest,
  ZAsset,
  ZAssetList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';

/** The filters of GET /api/v1/assets (ZAssetListQuery); null or blank leaves one out. */
export interface AssetFilters {
  q: string;
  kind: TAssetKind | null;
  classification: TClassification | null;
  ownerId: string | null;
  personalData: boolean | null;
  includeArchived: boolean;
}

export const NO_ASSET_FILTERS: AssetFilters = {
  q: '',
  kind: null,
  classification: null,
  ownerId: null,
  personalData: null,
  includeArchived: false,
};

export const assetKeys = {
  all: ['assets'] as const,
  list: (filters: AssetFilters) => [...assetKeys.all, 'list', filters] as const,
};

/** Assets of the organisation by name, 50 at a time. */
export function useAssets(filters: AssetFilters) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: assetKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.request(
        `/api/v1/assets${queryString({
          q: filters.q,
          kind: filters.kind,
          classification: filters.classification,
          ownerId: filters.ownerId,
          personalData: filters.personalData === null ? null : String(filters.personalData),
          includeArchived: filters.includeArchived ? 'true' : null,
          limit: '50',
          cursor: pageParam,
        })}`,
        { schema: ZAssetList, signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCreateAsset() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateAssetRequest) =>
      api.request('/api/v1/assets', { method: 'POST', body, schema: ZAsset }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assetKeys.all }),
  });
}

export function useUpdateAsset() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: TUpdateAssetRequest }) =>
      api.request(`/api/v1/assets/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: ZAsset }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assetKeys.all }),
  });
}

/** Archives (`archived: true`) or restores an asset, with the version that was read. */
export function useSetAssetArchived() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, archived, version }: { id: string; archived: boolean; version: number }) =>
      api.request(`/api/v1/assets/${encodeURIComponent(id)}/${archived ? 'archive' : 'restore'}`, {
        method: 'POST',
        body: { version },
        schema: ZAsset,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assetKeys.all }),
  });
}
