import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  EVIDENCE_FILE_EXTENSIONS,
  type TControlSummary,
  type TCreateEvidenceLinkRequest,
  type TEvidenceKind,
  type TEvidenceUploadFields,
  type TSetEvidenceControlsRequest,
  type TUpdateEvidenceRequest,
  ZEvidence,
  ZEvidenceList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';
import { controlsKeys, useControls } from '../controls/controls.queries.ts';

/** The filters of GET /api/v1/evidence (ZEvidenceListQuery); null or blank leaves one out. */
export interface EvidenceFilters {
  q: string;
  kind: TEvidenceKind | null;
  /** true: only stale items; false: only items still valid. */
  stale: boolean | null;
  controlId: string | null;
  includeArchived: boolean;
}

export const NO_EVIDENCE_FILTERS: EvidenceFilters = {
  q: '',
  kind: null,
  stale: null,
  controlId: null,
  includeArchived: false,
};

/** Evidence per page of the library. */
export const EVIDENCE_PAGE_SIZE = 50;

/**
 * Every evidence query starts with `evidenceKeys.all`. A change of an item also refreshes the control
 * queries (`controls`): a control's page lists its evidence, and its health counts stale evidence.
 */
export const evidenceKeys = {
  all: ['evidence'] as const,
  list: (filters: EvidenceFilters) => [...evidenceKeys.all, 'list', filters] as const,
};

/** The `accept` of the file picker: every extension the server accepts (it decides by the content). */
export const EVIDENCE_ACCEPT = Object.values(EVIDENCE_FILE_EXTENSIONS)
  .flat()
  .map((extension) => `.${extension}`)
  .join(',');

/** The library under `filters`, newest first, a page at a time. */
export function useEvidence(filters: EvidenceFilters) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: evidenceKeys.list(filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.request(
        `/api/v1/evidence${queryString({
          q: filters.q,
          kind: filters.kind,
          stale: filters.stale === null ? null : String(filters.stale),
          controlId: filters.controlId,
          includeArchived: filters.includeArchived ? 'true' : null,
          limit: String(EVIDENCE_PAGE_SIZE),
          cursor: pageParam,
        })}`,
        { schema: ZEvidenceList, signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/**
 * Every control of the register, for the pickers and the filter: the register's own unfiltered query
 * (the whole register is one answer), so the two pages share it.
 */
export function useControlOptions() {
  const controls = useControls({});
  return { data: controls.data?.items, error: controls.error };
}

export type ControlOption = TControlSummary;

/** `A.5.1 · Policies for information security`: how a control is named in a picker. */
export function controlLabel(control: { key: string; title: string }): string {
  return `${control.key} · ${control.title}`;
}

/** A mutation of evidence that refreshes the library and the controls once it succeeds. */
function useEvidenceMutation<A, R>(request: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: evidenceKeys.all }),
        queryClient.invalidateQueries({ queryKey: controlsKeys.all }),
      ]),
  });
}

export function useCreateEvidenceLink() {
  const api = useApiClient();
  return useEvidenceMutation((body: TCreateEvidenceLinkRequest) =>
    api.request('/api/v1/evidence', { method: 'POST', body, schema: ZEvidence }),
  );
}

/**
 * Uploads a file with its metadata as multipart/form-data: the file in `file`, `controlIds` repeated
 * once per control (see ZEvidenceUploadFields).
 */
export function useUploadEvidence() {
  const api = useApiClient();
  return useEvidenceMutation(({ file, fields }: { file: File; fields: TEvidenceUploadFields }) => {
    const body = new FormData();
    body.append('title', fields.title);
    if (fields.description) body.append('description', fields.description);
    body.append('collectedOn', fields.collectedOn);
    if (fields.validUntil) body.append('validUntil', fields.validUntil);
    for (const id of fields.controlIds ?? []) body.append('controlIds', id);
    // The file last: the server reads the fields before the bytes.
    body.append('file', file);
    // A large file on a slow line takes a while.
    return api.request('/api/v1/evidence/files', {
      method: 'POST',
      body,
      schema: ZEvidence,
      timeoutMs: 300_000,
    });
  });
}

export function useUpdateEvidence() {
  const api = useApiClient();
  return useEvidenceMutation(({ id, body }: { id: string; body: TUpdateEvidenceRequest }) =>
    api.request(`/api/v1/evidence/${encodeURIComponent(id)}`, { method: 'PATCH', body, schema: ZEvidence }),
  );
}

/** Archives (`archived: true`) or restores an item, with the version that was read. */
export function useSetEvidenceArchived() {
  const api = useApiClient();
  return useEvidenceMutation(
    ({ id, archived, version }: { id: string; archived: boolean; version: number }) =>
      api.request(`/api/v1/evidence/${encodeURIComponent(id)}/${archived ? 'archive' : 'restore'}`, {
        method: 'POST',
        body: { version },
        schema: ZEvidence,
      }),
  );
}

/** Sets the complete set of controls an item supports, with the item's version. */
export function useSetEvidenceControls() {
  const api = useApiClient();
  return useEvidenceMutation(({ id, body }: { id: string; body: TSetEvidenceControlsRequest }) =>
    api.request(`/api/v1/evidence/${encodeURIComponent(id)}/controls`, {
      method: 'PUT',
      body,
      schema: ZEvidence,
    }),
  );
}

/** `GET /api/v1/evidence/{id}/file`: the stored file, as an attachment. */
export function evidenceFileHref(id: string): string {
  return `/api/v1/evidence/${encodeURIComponent(id)}/file`;
}
