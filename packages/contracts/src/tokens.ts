import { z } from 'zod';
import { ZId, ZName, ZTimestamp } from './common.ts';
import { PERMISSIONS, ZPermission } from './permissions.ts';

/** Every API token starts with this, so secret scanners and people recognise one. */
export const API_TOKEN_PREFIX = 'vgl_';

export const ZApiTokenCreateRequest = z.object({
  name: ZName,
  /** A non-empty subset of the permissions of the creator's role. */
  scopes: z.array(ZPermission).min(1, 'Choose at least one scope').max(PERMISSIONS.length),
  /** Required: in the future and at most one year ahead. */
  expiresAt: ZTimestamp,
});
export type TApiTokenCreateRequest = z.infer<typeof ZApiTokenCreateRequest>;

export const ZApiToken = z.object({
  id: ZId,
  name: z.string(),
  /** The first characters of the token, to recognise it; never the secret. */
  tokenPrefix: z.string(),
  scopes: z.array(ZPermission),
  owner: z.object({ id: ZId, name: z.string(), email: z.string() }),
  createdAt: ZTimestamp,
  expiresAt: ZTimestamp,
  lastUsedAt: ZTimestamp.nullable(),
});
export type TApiToken = z.infer<typeof ZApiToken>;

/** The answer to a creation: the only time the token itself is shown. */
export const ZApiTokenCreated = ZApiToken.extend({ token: z.string() });
export type TApiTokenCreated = z.infer<typeof ZApiTokenCreated>;

export const ZApiTokenList = z.object({ items: z.array(ZApiToken) });

export const ZApiTokenListQuery = z.object({
  /** Every token of the organisation rather than your own (needs `api_token:manage_all`). */
  all: z.stringbool().optional(),
});
