import type { Kysely } from 'kysely';
import type { Dialect } from './db/database.ts';
import type { DB } from './db/types.ts';
import type { Mailer } from './mail/mailer.ts';

/** What services need from the platform: built once in `buildApp` (or by the CLI) and passed down. */
export interface Deps {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The clock; tests inject one to prove timeouts. */
  now: () => Date;
  /** Instance secret (sessions, sealed TOTP secrets). */
  secretKey: Buffer;
  mailer: Mailer;
  publicUrl: string;
}
