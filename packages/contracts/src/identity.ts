import { z } from 'zod';
import { ZEmail, ZId, ZName, ZNewPassword, ZPassword, ZTimestamp } from './common.ts';
import { ZPermission, ZRole } from './permissions.ts';

export const ZSetupStatus = z.object({ required: z.boolean() });

export const ZSetupRequest = z.object({
  token: z.string().min(1, 'The setup token from the server log is required').max(200),
  organisationName: ZName,
  name: ZName,
  email: ZEmail,
  password: ZNewPassword,
  /** true: the first organisation is the demo organisation (risks, assets, people) instead of an empty one. */
  demo: z.boolean().optional(),
});
export type TSetupRequest = z.infer<typeof ZSetupRequest>;

export const ZLoginRequest = z.object({ email: ZEmail, password: ZPassword });
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

/** What the session still needs before it may do anything else. */
export const ZSessionRestriction = z.enum(['mfa_challenge', 'mfa_enrolment']).nullable();
export type TSessionRestriction = z.infer<typeof ZSessionRestriction>;

export const ZLoginResponse = z.object({ restriction: ZSessionRestriction });

export const ZMembershipSummary = z.object({
  organisationId: ZId,
  organisationName: z.string(),
  organisationSlug: z.string(),
  role: ZRole,
});

export const ZOrganisation = z.object({
  id: ZId,
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  sessionIdleMinutes: z.number().int(),
  sessionAbsoluteMinutes: z.number().int(),
  mfaPolicy: z.enum(['off', 'all', 'roles']),
  mfaRoles: z.array(ZRole),
  version: z.number().int(),
});
export type TOrganisation = z.infer<typeof ZOrganisation>;

export const ZMe = z.object({
  user: z.object({ id: ZId, email: z.string(), name: z.string(), mfaEnabled: z.boolean() }),
  memberships: z.array(ZMembershipSummary),
  organisation: ZOrganisation.nullable(),
  role: ZRole.nullable(),
  /** The permissions of the current role in the current organisation: the SPA shows or hides actions by them. */
  abilities: z.array(ZPermission),
  restriction: ZSessionRestriction,
  mailConfigured: z.boolean(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZSwitchOrganisationRequest = z.object({ organisationId: ZId });

export const ZSession = z.object({
  id: ZId,
  createdAt: ZTimestamp,
  lastSeenAt: ZTimestamp,
  expiresAt: ZTimestamp,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type TSession = z.infer<typeof ZSession>;
export const ZSessionList = z.object({ items: z.array(ZSession) });

export const ZChangePasswordRequest = z.object({ currentPassword: ZPassword, newPassword: ZNewPassword });

export const ZPasswordResetRequest = z.object({ email: ZEmail });

/** The same answer whether or not the email belongs to an account. */
export const ZPasswordResetAccepted = z.object({ message: z.string() });

export const ZPasswordResetConfirm = z.object({
  token: z.string().min(1, 'The link is incomplete: open it again from the email').max(200),
  newPassword: ZNewPassword,
});
export type TPasswordResetConfirm = z.infer<typeof ZPasswordResetConfirm>;
