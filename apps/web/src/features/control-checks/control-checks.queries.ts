import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TCheckDueFilter,
  type TCreateControlCheckRequest,
  type TRecordControlCheckRunRequest,
  type TUpdateControlCheckRequest,
  ZControlCheck,
  ZControlCheckList,
  ZControlCheckRun,
  ZControlCheckRunList,
  ZControlChecksDue,
  ZEvidenceList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';
import { controlsKeys } from '../controls/controls.queries.ts';
import { evidenceKeys } from '../evidence/evidence.queries.ts';
import { soaKeys } from '../soa/soa.queries.ts';

/** The filters of `GET /api/v1/control-checks`. */
export interface ChecksDueFilters {
  due: TCheckDueFilter;
  /** One assignee's checks (a membership id), or everyone's. */
  assigneeId: string | null;
}

/** How many checks the due list asks for (the server's default; its maximum is 500). */
export const CHECKS_DUE_LIMIT = 200;

/** How many evidence items of the library the record dialog offers besides the control's own. */
export const EVIDENCE_OPTIONS_LIMIT = 200;

/**
 * The organisation's checks due start with `controlChecksKeys.all`. A control's checks and their runs sit
 * under the control's own key (`controlsKeys.detail`), so that whatever refreshes a control (an evidence
 * item archived, a check run recorded) refreshes them too.
 */
export const controlChecksKeys = {
  all: ['control-checks'] as const,
  due: (filters: ChecksDueFilters) => [...controlChecksKeys.all, 'due', filters] as const,
  ofControl: (controlId: string) => [...controlsKeys.detail(controlId), 'checks'] as const,
  runs: (controlId: string, checkId: string) =>
    [...controlsKeys.detail(controlId), 'checks', checkId, 'runs'] as const,
};

const checksPath = (controlId: string, rest = '') =>
  `/api/v1/controls/${encodeURIComponent(controlId)}/checks${rest}`;
const checkPath = (controlId: string, checkId: string, rest = '') =>
  checksPath(controlId, `/${encodeURIComponent(checkId)}${rest}`);

/** A control's checks: active ones by due date, then retired ones. */
export function useControlChecks(controlId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: controlChecksKeys.ofControl(controlId),
    queryFn: ({ signal }) => api.request(checksPath(controlId), { schema: ZControlCheckList, signal }),
  });
}

/** The runs of a check, newest first, with the evidence each looked at. */
export function useCheckRuns(controlId: string, checkId: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: controlChecksKeys.runs(controlId, checkId),
    queryFn: ({ signal }) =>
      api.request(checkPath(controlId, checkId, '/runs'), { schema: ZControlCheckRunList, signal }),
  });
}

/** The organisation's active checks: overdue, due within 7 days or all, optionally one assignee's. */
export function useChecksDue(filters: ChecksDueFilters) {
  const api = useApiClient();
  return useQuery({
    queryKey: controlChecksKeys.due(filters),
    queryFn: ({ signal }) =>
      api.request(
        `/api/v1/control-checks${queryString({
          due: filters.due,
          assigneeId: filters.assigneeId,
          limit: String(CHECKS_DUE_LIMIT),
        })}`,
        { schema: ZControlChecksDue, signal },
      ),
  });
}

/** The newest evidence of the library (archived items left out), for citing in a run. */
export function useEvidenceOptions(enabled: boolean) {
  const api = useApiClient();
  return useQuery({
    queryKey: [...evidenceKeys.all, 'options'] as const,
    queryFn: ({ signal }) =>
      api.request(`/api/v1/evidence${queryString({ limit: String(EVIDENCE_OPTIONS_LIMIT) })}`, {
        schema: ZEvidenceList,
        signal,
      }),
    enabled,
    staleTime: 30_000,
  });
}

/**
 * A mutation of checks: once it succeeds, the control's page (its checks, their runs and its health), the
 * register, the checks due and the Statement of Applicability (which shows every control's health) are
 * refreshed.
 */
function useCheckMutation<A, R>(request: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: controlsKeys.all }),
        queryClient.invalidateQueries({ queryKey: controlChecksKeys.all }),
        queryClient.invalidateQueries({ queryKey: soaKeys.all }),
      ]),
  });
}

export function useCreateControlCheck() {
  const api = useApiClient();
  return useCheckMutation(({ controlId, body }: { controlId: string; body: TCreateControlCheckRequest }) =>
    api.request(checksPath(controlId), { method: 'POST', body, schema: ZControlCheck }),
  );
}

export function useUpdateControlCheck() {
  const api = useApiClient();
  return useCheckMutation(
    ({
      controlId,
      checkId,
      body,
    }: {
      controlId: string;
      checkId: string;
      body: TUpdateControlCheckRequest;
    }) => api.request(checkPath(controlId, checkId), { method: 'PATCH', body, schema: ZControlCheck }),
  );
}

/** Retires a check, with the version that was read: final. */
export function useRetireControlCheck() {
  const api = useApiClient();
  return useCheckMutation(
    ({ controlId, checkId, version }: { controlId: string; checkId: string; version: number }) =>
      api.request(checkPath(controlId, checkId, '/retire'), {
        method: 'POST',
        body: { version },
        schema: ZControlCheck,
      }),
  );
}

/** Records a run of a check; the answer says when it is next due. */
export function useRecordCheckRun() {
  const api = useApiClient();
  return useCheckMutation(
    ({
      controlId,
      checkId,
      body,
    }: {
      controlId: string;
      checkId: string;
      body: TRecordControlCheckRunRequest;
    }) =>
      api.request(checkPath(controlId, checkId, '/runs'), { method: 'POST', body, schema: ZControlCheckRun }),
  );
}
