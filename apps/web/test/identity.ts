import { fireEvent } from '@testing-library/react';
import { ROLE_PERMISSIONS, type TMe, type TOrganisation, type TRole } from '@vigil/contracts';
import { problem, type Route } from './api-server.ts';

export const ORGANISATION: TOrganisation = {
  id: '01936f4e-0000-7000-8000-000000000001',
  name: 'Acme GmbH',
  slug: 'acme-gmbh',
  timeZone: 'Europe/Berlin',
  locale: 'en',
  sessionIdleMinutes: 30,
  sessionAbsoluteMinutes: 720,
  mfaPolicy: 'off',
  mfaRoles: [],
  version: 1,
};

/** `/api/v1/me` of a signed-in user with `role` in Acme; abilities are the role's permissions. */
export function me(role: TRole = 'owner', overrides: Partial<TMe> = {}): TMe {
  return {
    user: {
      id: '01936f4e-0000-7000-8000-0000000000a1',
      email: 'ada@acme.test',
      name: 'Ada Lovelace',
      mfaEnabled: false,
    },
    memberships: [
      {
        organisationId: ORGANISATION.id,
        organisationName: ORGANISATION.name,
        organisationSlug: ORGANISATION.slug,
        role,
      },
    ],
    organisation: ORGANISATION,
    role,
    abilities: [...ROLE_PERMISSIONS[role]].sort(),
    restriction: null,
    mailConfigured: true,
    ...overrides,
  };
}

/** The session answers of a signed-in user (plus setup done). */
export function signedIn(user: TMe = me()): Record<string, Route> {
  return {
    'GET /api/v1/me': { status: 200, body: user },
    'GET /api/v1/setup': { status: 200, body: { required: false } },
  };
}

/** Nobody signed in; `setupRequired` when the instance has no organisation yet. */
export function signedOut(setupRequired = false): Record<string, Route> {
  return {
    'GET /api/v1/me': problem(401, 'unauthenticated', 'Sign-in required', { detail: 'Sign in to continue' }),
    'GET /api/v1/setup': { status: 200, body: { required: setupRequired } },
  };
}

/** Types into the input labelled `label` (a Mantine input; React sees a change event). */
export function type(input: HTMLElement, value: string): void {
  fireEvent.change(input, { target: { value } });
}
