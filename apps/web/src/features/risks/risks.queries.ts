import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import {
  type THeatMapCell,
  type TSpreadsheetFormat,
  ZPerson,
  ZRiskHeatMap,
  ZRiskImportReport,
  ZRiskList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';
import { type RegisterSearch, registerQueryParams, type TRatingKind } from './register-search.ts';

/**
 * Risks per page of the register. The register pages with "Load more" rather than virtualising one
 * long list: the server filters, searches and sorts 10,000 risks, so a person finds a risk by narrowing
 * the list, not by scrolling; the page holds only the rows asked for, all of them in the document, where
 * the browser's find, screen readers and the keyboard reach every one.
 */
export const REGISTER_PAGE_SIZE = 100;

/**
 * Every query about risks starts with `risksKeys.all`: a change of any risk (create, edit, import,
 * acceptance) invalidates that prefix and so refreshes the register, the heat map and the risk pages.
 */
export const risksKeys = {
  all: ['risks'] as const,
  list: (search: RegisterSearch) => [...risksKeys.all, 'list', search] as const,
  heatMap: () => [...risksKeys.all, 'heat-map'] as const,
};

/** The register under `search`'s filters and sort, a page at a time (cursor pagination). */
export function useRiskRegister(search: RegisterSearch) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: risksKeys.list(search),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.request(
        `/api/v1/risks${queryString({
          ...registerQueryParams(search),
          limit: String(REGISTER_PAGE_SIZE),
          cursor: pageParam,
        })}`,
        { schema: ZRiskList, signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
    // While a new filter loads, the rows of the previous one stay (marked busy) instead of a blank page.
    placeholderData: keepPreviousData,
  });
}

/** The name of a member, for showing a filter by owner whose rows have not told us the name. */
export function usePersonName(id: string | undefined, known: string | null) {
  const api = useApiClient();
  const query = useQuery({
    queryKey: ['people', 'detail', id ?? ''] as const,
    queryFn: ({ signal }) =>
      api.request(`/api/v1/people/${encodeURIComponent(id ?? '')}`, { schema: ZPerson, signal }),
    enabled: id !== undefined && known === null,
    staleTime: 60_000,
  });
  return known ?? query.data?.name ?? null;
}

// ---------------------------------------------------------------- heat map

export const cellKey = (likelihood: number, impact: number) => `${likelihood}:${impact}`;

/** The heat map's figures over the open (not closed) risks; cells are keyed `likelihood:impact`. */
export interface HeatMapCounts {
  inherent: Map<string, number>;
  residual: Map<string, number>;
  /** Open risks counted. */
  open: number;
  /** Open risks without a residual rating (not on the residual map). */
  withoutResidual: number;
  /** Open risks rated with an older methodology version (on neither map). */
  outdated: number;
}

/** The heat map's counts of the open risks, counted by the server in one request. */
export function useHeatMapCounts() {
  const api = useApiClient();
  return useQuery({
    queryKey: risksKeys.heatMap(),
    queryFn: async ({ signal }): Promise<HeatMapCounts> => {
      const map = await api.request(`/api/v1/risks/heat-map${queryString({ open: 'true' })}`, {
        schema: ZRiskHeatMap,
        signal,
      });
      const cells = (list: THeatMapCell[]) =>
        new Map(list.map((c) => [cellKey(c.likelihood, c.impact), c.count]));
      return {
        inherent: cells(map.inherent),
        residual: cells(map.residual),
        open: map.total,
        withoutResidual: map.withoutResidual,
        outdated: map.outdated,
      };
    },
    staleTime: 30_000,
  });
}

/** The link of a heat-map cell: the register filtered to the open risks rated there. */
export function cellSearch(rating: TRatingKind, likelihood: number, impact: number): RegisterSearch {
  return { rating, likelihood, impact, open: true };
}

// ---------------------------------------------------------------- files

/** `GET /api/v1/risks/export`: the register under the current filters and sort, as a spreadsheet. */
export function riskExportHref(format: TSpreadsheetFormat, search: RegisterSearch): string {
  return `/api/v1/risks/export${queryString({ format, ...registerQueryParams(search) })}`;
}

/** `GET /api/v1/risks/report`: the PDF register and treatment plan report under the current filters. */
export function riskReportHref(search: RegisterSearch): string {
  return `/api/v1/risks/report${queryString(registerQueryParams(search))}`;
}

/** `GET /api/v1/risks/import-template`: the import columns and an example row. */
export function importTemplateHref(format: TSpreadsheetFormat): string {
  return `/api/v1/risks/import-template${queryString({ format })}`;
}

/**
 * Checks (`dryRun`) or imports a file of risks. A file with problems is refused with 422
 * `import_invalid` and the report in the problem's `report` member; an import refreshes every risk query.
 */
export function useImportRisks() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => {
      const body = new FormData();
      body.append('file', file);
      return api.request(`/api/v1/risks/import${queryString({ dryRun: dryRun ? 'true' : null })}`, {
        method: 'POST',
        body,
        schema: ZRiskImportReport,
        // 10,000 rows take a while to check and insert.
        timeoutMs: 120_000,
      });
    },
    onSuccess: (report) =>
      report.imported > 0 ? queryClient.invalidateQueries({ queryKey: risksKeys.all }) : undefined,
  });
}
