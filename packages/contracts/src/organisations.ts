import { z } from 'zod';
import { ZName } from './common.ts';
import { ZOrganisation } from './identity.ts';
import { ROLES, ZRole } from './permissions.ts';

/** The languages Vigil's interface is written in; more come with their translations. */
export const LOCALES = ['en'] as const;
export type TLocale = (typeof LOCALES)[number];
export const ZLocale = z.enum(LOCALES, { error: 'Choose a language Vigil is available in' });

export const ZMfaPolicy = ZOrganisation.shape.mfaPolicy;
export type TMfaPolicy = z.infer<typeof ZMfaPolicy>;

/** Bounds of an organisation's session policy, in minutes. */
export const SESSION_IDLE_MINUTES = { min: 5, max: 480 } as const;
export const SESSION_ABSOLUTE_MINUTES = { min: 60, max: 10_080 } as const;

let timeZones: ReadonlySet<string> | undefined;

/** An IANA time zone this runtime knows. `UTC` is accepted too: `Intl.supportedValuesOf` leaves it out. */
export function isTimeZone(value: string): boolean {
  timeZones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  return timeZones.has(value);
}

export const ZTimeZone = z
  .string()
  .max(100)
  .refine(isTimeZone, 'Choose a time zone from the list, for example Europe/Berlin or UTC');

/** The organisation's URL name: unique across the instance. */
export const ZSlug = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(50, 'Use at most 50 characters')
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'Use lowercase letters a-z, digits and single hyphens between them, for example acme-gmbh',
  );

const minutes = (bounds: { min: number; max: number }) =>
  z
    .number()
    .int('Use whole minutes')
    .min(bounds.min, `Use at least ${bounds.min} minutes`)
    .max(bounds.max, `Use at most ${bounds.max} minutes`);

/** A change of the organisation settings: only the fields sent change; `version` is the one you read. */
export const ZUpdateOrganisationRequest = z.object({
  version: z.number().int().min(1),
  name: ZName.optional(),
  slug: ZSlug.optional(),
  timeZone: ZTimeZone.optional(),
  locale: ZLocale.optional(),
  sessionIdleMinutes: minutes(SESSION_IDLE_MINUTES).optional(),
  sessionAbsoluteMinutes: minutes(SESSION_ABSOLUTE_MINUTES).optional(),
  mfaPolicy: ZMfaPolicy.optional(),
  mfaRoles: z.array(ZRole).max(ROLES.length).optional(),
});
export type TUpdateOrganisationRequest = z.infer<typeof ZUpdateOrganisationRequest>;
