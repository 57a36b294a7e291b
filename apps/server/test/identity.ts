import type { TRole } from '@vigil/contracts';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../src/db/types.ts';
import { hashPassword } from '../src/modules/auth/passwords.ts';

/** The password every seeded test user gets. */
export const TEST_PASSWORD = 'a long test password 42';
let passwordHash: Promise<string> | undefined;

/** What the SPA sends with every state-changing request (the CSRF rule). */
export const SPA_HEADERS = { origin: 'http://127.0.0.1:3000', 'x-requested-with': 'vigil' } as const;

export async function seedOrganisation(db: Kysely<DB>, name: string): Promise<string> {
  const id = uuidv7();
  const now = new Date().toISOString();
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`;
  await db.insertInto('organisations').values({ id, name, slug, created_at: now, updated_at: now }).execute();
  return id;
}

/** A user (created when new) with a membership of the given role; returns ids and the email. */
export async function seedMember(
  db: Kysely<DB>,
  organisationId: string,
  role: TRole,
  options: { email?: string; name?: string; expiresAt?: string | null } = {},
): Promise<{ userId: string; membershipId: string; email: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = options.email ?? `${role}.${uuidv7().slice(-8)}@example.org`;
  const now = new Date().toISOString();
  let user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (!user) {
    user = { id: uuidv7() };
    await db
      .insertInto('users')
      .values({
        id: user.id,
        email,
        name: options.name ?? role,
        password_hash: await passwordHash,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const membershipId = uuidv7();
  await db
    .insertInto('memberships')
    .values({
      id: membershipId,
      organisation_id: organisationId,
      user_id: user.id,
      role,
      expires_at: options.expiresAt ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { userId: user.id, membershipId, email };
}

/** Signs in through the real login route; returns headers that carry the session like the SPA does. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password = TEST_PASSWORD,
): Promise<{ cookie: string; origin: string; 'x-requested-with': string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: SPA_HEADERS,
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === '__Host-vigil_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `${cookie.name}=${cookie.value}`, ...SPA_HEADERS };
}
