import { useInfiniteQuery } from '@tanstack/react-query';
import { ZAuditEventPage } from '@vigil/contracts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { queryString } from '../../api/query-string.ts';

export interface AuditFilters {
  action: string;
  actorId: string;
  subjectType: string;
  /** ISO timestamps, or empty. */
  from: string;
  to: string;
}

export const auditEventKeys = {
  all: ['audit-events'] as const,
  list: (filters: AuditFilters) => [...auditEventKeys.all, 'list', filters] as const,
};

/** The audit trail, newest first, 50 events at a time. */
export function useAuditEvents(filters: AuditFilters) {
  const api = useApiClient();
  return useInfiniteQuery({
    queryKey: auditEventKeys.list(filters),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) =>
      api.request(
        `/api/v1/audit-events${queryString({
          ...filters,
          limit: '50',
          cursor: pageParam === null ? null : String(pageParam),
        })}`,
        { schema: ZAuditEventPage, signal },
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
}
