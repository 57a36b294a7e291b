import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TCreateRiskAcceptanceRequest,
  type TCreateRiskActionRequest,
  type TCreateRiskRequest,
  type TRiskTransitionRequest,
  type TUpdateRiskActionRequest,
  type TUpdateRiskRequest,
  type TWithdrawRiskAcceptanceRequest,
  ZMethodology,
  ZPersonList,
  ZRisk,
  ZRiskAcceptanceList,
  ZRiskAction,
  ZRiskActionList,
} from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';
import { useMe } from '../auth/me-context.tsx';
import { riskActionKeys } from '../risk-actions/risk-actions.queries.ts';
import { methodologyKeys, useMethodology } from '../risk-methodology/methodology.queries.ts';
import { risksKeys } from './risks.queries.ts';

/** Under the register's prefix, so any change of a risk refreshes the register and heat map too. */
const RISKS = risksKeys.all;

export const riskDetailKeys = {
  risk: (id: string) => [...RISKS, 'detail', id] as const,
  actions: (id: string) => [...RISKS, 'detail', id, 'actions'] as const,
  acceptances: (id: string) => [...RISKS, 'detail', id, 'acceptances'] as const,
};

const path = (id: string, rest = '') => `/api/v1/risks/${encodeURIComponent(id)}${rest}`;

/** A risk with its assets, rating history and links. */
export function useRisk(id: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: riskDetailKeys.risk(id),
    queryFn: ({ signal }) => api.request(path(id), { schema: ZRisk, signal }),
  });
}

/** The risk's treatment actions. */
export function useRiskActions(id: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: riskDetailKeys.actions(id),
    queryFn: ({ signal }) => api.request(path(id, '/actions'), { schema: ZRiskActionList, signal }),
  });
}

/** The risk's acceptances (newest first) and the state of the current one. */
export function useRiskAcceptances(id: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: riskDetailKeys.acceptances(id),
    queryFn: ({ signal }) => api.request(path(id, '/acceptances'), { schema: ZRiskAcceptanceList, signal }),
  });
}

/**
 * The methodology version a risk was rated with (its scale labels name the rating): the current one,
 * or that older version, fetched once.
 */
export function useMethodologyVersion(version: number) {
  const api = useApiClient();
  const current = useMethodology();
  const older = current.data !== undefined && current.data.version !== version;
  const fetched = useQuery({
    queryKey: [...methodologyKeys.all, 'version', version],
    queryFn: ({ signal }) =>
      api.request(`/api/v1/risk-methodology/versions/${version}`, { schema: ZMethodology, signal }),
    enabled: older,
    staleTime: Number.POSITIVE_INFINITY,
  });
  return { current, rated: older ? fetched.data : current.data };
}

/**
 * The signed-in person's membership id in this organisation (what a risk's owner names), found among
 * the people by their email; null until known. Only needed where a role may edit its own risks only.
 */
export function useMyMembershipId(enabled: boolean): string | null {
  const api = useApiClient();
  const me = useMe();
  const found = useQuery({
    queryKey: ['people', 'membership-of', me.user.id],
    queryFn: ({ signal }) =>
      api.request(`/api/v1/people${queryString({ search: me.user.email, status: 'active', limit: '50' })}`, {
        schema: ZPersonList,
        signal,
      }),
    select: (list) => list.items.find((person) => person.userId === me.user.id)?.id ?? null,
    enabled,
    staleTime: 5 * 60_000,
  });
  return found.data ?? null;
}

/**
 * A mutation that refreshes every risk query once it succeeds (register, heat map, this risk) and the
 * organisation-wide treatment plans (an edit can change an action's risk title or a risk's owner).
 */
function useRiskMutation<A, R>(request: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: RISKS }),
        queryClient.invalidateQueries({ queryKey: riskActionKeys.all }),
      ]),
  });
}

export function useCreateRisk() {
  const api = useApiClient();
  return useRiskMutation((body: TCreateRiskRequest) =>
    api.request('/api/v1/risks', { method: 'POST', body, schema: ZRisk }),
  );
}

export function useUpdateRisk() {
  const api = useApiClient();
  return useRiskMutation(({ id, body }: { id: string; body: TUpdateRiskRequest }) =>
    api.request(path(id), { method: 'PATCH', body, schema: ZRisk }),
  );
}

/** Closes or reopens a risk, with the version that was read and why. */
export function useRiskTransition() {
  const api = useApiClient();
  return useRiskMutation(
    ({ id, to, body }: { id: string; to: 'close' | 'reopen'; body: TRiskTransitionRequest }) =>
      api.request(path(id, `/${to}`), { method: 'POST', body, schema: ZRisk }),
  );
}

export function useCreateRiskAction() {
  const api = useApiClient();
  return useRiskMutation(({ riskId, body }: { riskId: string; body: TCreateRiskActionRequest }) =>
    api.request(path(riskId, '/actions'), { method: 'POST', body, schema: ZRiskAction }),
  );
}

export function useUpdateRiskAction() {
  const api = useApiClient();
  return useRiskMutation(
    ({ riskId, actionId, body }: { riskId: string; actionId: string; body: TUpdateRiskActionRequest }) =>
      api.request(path(riskId, `/actions/${encodeURIComponent(actionId)}`), {
        method: 'PATCH',
        body,
        schema: ZRiskAction,
      }),
  );
}

export function useAcceptRisk() {
  const api = useApiClient();
  return useRiskMutation(({ riskId, body }: { riskId: string; body: TCreateRiskAcceptanceRequest }) =>
    api.request(path(riskId, '/acceptances'), { method: 'POST', body, schema: ZRiskAcceptanceList }),
  );
}

export function useWithdrawAcceptance() {
  const api = useApiClient();
  return useRiskMutation(
    ({
      riskId,
      acceptanceId,
      body,
    }: {
      riskId: string;
      acceptanceId: string;
      body: TWithdrawRiskAcceptanceRequest;
    }) =>
      api.request(path(riskId, `/acceptances/${encodeURIComponent(acceptanceId)}/withdraw`), {
        method: 'POST',
        body,
        schema: ZRiskAcceptanceList,
      }),
  );
}
