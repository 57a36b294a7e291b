import { z } from 'zod';
import { ZEmail, ZId, ZName, ZPassword, ZTimestamp } from './common.ts';
import { ZRole } from './permissions.ts';

// ---------------------------------------------------------------- vocabulary

/** How senior a person is; later modules assign training by it. */
export const SENIORITIES = ['junior', 'mid', 'senior', 'lead', 'executive'] as const;
export type TSeniority = (typeof SENIORITIES)[number];
export const ZSeniority = z.enum(SENIORITIES);

/** The most sensitive data a person works with; later modules assign training by it. */
export const ACCESS_LEVELS = ['none', 'internal', 'confidential', 'restricted'] as const;
export type TAccessLevel = (typeof ACCESS_LEVELS)[number];
export const ZAccessLevel = z.enum(ACCESS_LEVELS);

export const MEMBERSHIP_STATUSES = ['active', 'disabled'] as const;
export type TMembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
export const ZMembershipStatus = z.enum(MEMBERSHIP_STATUSES);

/** A department or job title. */
const ZLabel = z.string().trim().min(1, 'Required').max(200, 'Use at most 200 characters');

// ---------------------------------------------------------------- pages

/** `?limit=50&cursor=...`: the cursor is the `nextCursor` of the previous page, opaque to clients. */
export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// ---------------------------------------------------------------- people

/** A person: a membership of the current organisation joined with its user. `id` is the membership's. */
export const ZPerson = z.object({
  id: ZId,
  userId: ZId,
  name: z.string(),
  email: z.string(),
  role: ZRole,
  status: ZMembershipStatus,
  department: z.string().nullable(),
  jobTitle: z.string().nullable(),
  seniority: ZSeniority.nullable(),
  accessLevel: ZAccessLevel.nullable(),
  manager: z.object({ id: ZId, name: z.string() }).nullable(),
  /** When the membership ends (required for external auditors); null when it does not. */
  expiresAt: ZTimestamp.nullable(),
  mfaEnabled: z.boolean(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  version: z.number().int(),
});
export type TPerson = z.infer<typeof ZPerson>;
export const ZPersonList = page(ZPerson);
export type TPersonList = z.infer<typeof ZPersonList>;

export const ZPeopleQuery = ZPageQuery.extend({
  status: ZMembershipStatus.optional(),
  role: ZRole.optional(),
  department: ZLabel.optional(),
  /** Part of a name or email, any case. */
  search: z.string().trim().min(1).max(200).optional(),
});
export type TPeopleQuery = z.infer<typeof ZPeopleQuery>;

/**
 * A change of a membership: only the fields sent change, `null` clears one. Name and email belong to
 * the person's account, not to the organisation, and are not edited here. Changing `role` or
 * `expiresAt` needs `role:assign`.
 */
export const ZUpdatePersonRequest = z.object({
  version: z.number().int().min(1),
  department: ZLabel.nullable().optional(),
  jobTitle: ZLabel.nullable().optional(),
  seniority: ZSeniority.nullable().optional(),
  accessLevel: ZAccessLevel.nullable().optional(),
  managerId: ZId.nullable().optional(),
  role: ZRole.optional(),
  expiresAt: ZTimestamp.nullable().optional(),
});
export type TUpdatePersonRequest = z.infer<typeof ZUpdatePersonRequest>;

// ---------------------------------------------------------------- invitations

export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const;
export type TInvitationStatus = (typeof INVITATION_STATUSES)[number];
export const ZInvitationStatus = z.enum(INVITATION_STATUSES);

export const ZInvitation = z.object({
  id: ZId,
  email: z.string(),
  name: z.string().nullable(),
  role: ZRole,
  department: z.string().nullable(),
  jobTitle: z.string().nullable(),
  status: ZInvitationStatus,
  expiresAt: ZTimestamp,
  acceptedAt: ZTimestamp.nullable(),
  revokedAt: ZTimestamp.nullable(),
  invitedBy: z.object({ id: ZId, name: z.string() }).nullable(),
  createdAt: ZTimestamp,
});
export type TInvitation = z.infer<typeof ZInvitation>;
export const ZInvitationList = page(ZInvitation);
export type TInvitationList = z.infer<typeof ZInvitationList>;

export const ZInvitationsQuery = ZPageQuery.extend({ status: ZInvitationStatus.optional() });
export type TInvitationsQuery = z.infer<typeof ZInvitationsQuery>;

export const ZCreateInvitationRequest = z.object({
  email: ZEmail,
  name: ZName.nullable().optional(),
  role: ZRole,
  department: ZLabel.nullable().optional(),
  jobTitle: ZLabel.nullable().optional(),
});
export type TCreateInvitationRequest = z.infer<typeof ZCreateInvitationRequest>;

/** The secret of an invitation link. */
const ZInvitationToken = z.string().min(1, 'The invitation link is incomplete').max(200);

export const ZInvitationLookupQuery = z.object({ token: ZInvitationToken });

/** What the invitee sees before accepting. */
export const ZInvitationLookup = z.object({
  organisationName: z.string(),
  email: z.string(),
  role: ZRole,
  /** True when the email already has a Vigil account: accepting then needs that account's password. */
  accountExists: z.boolean(),
});
export type TInvitationLookup = z.infer<typeof ZInvitationLookup>;

/**
 * Accepting an invitation. A new account sends its name (unless the invitation has one) and a new
 * password; an existing account sends its current password.
 */
export const ZAcceptInvitationRequest = z.object({
  token: ZInvitationToken,
  name: ZName.optional(),
  password: ZPassword.optional(),
});
export type TAcceptInvitationRequest = z.infer<typeof ZAcceptInvitationRequest>;
