import { resolve } from 'node:path';
import { z } from 'zod';
import { parseDatabaseUrl } from './db/database.ts';

/**
 * Vigil's configuration. This file is the only reader of `process.env`. Every setting is validated once,
 * at start-up; a bad one stops the process with one line per problem that says what to set.
 */
export interface Config {
  databaseUrl: string;
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Explicit secrets; when null they are generated into (and read from) `dataDir/secrets/`. */
  secretKey: string | null;
  auditSigningKey: string | null;
  /** Largest JSON request body accepted, in bytes. */
  bodyLimit: number;
  /** Largest evidence file accepted, in bytes. */
  evidenceMaxBytes: number;
  /** SMTP server for outgoing mail; null writes mail to the log. */
  smtpUrl: string | null;
  mailFrom: string;
}

export const CONFIG_VARIABLES = [
  ['VIGIL_DATABASE_URL', 'sqlite:<data dir>/vigil.db', 'sqlite:PATH or postgres://user:pass@host:5432/db'],
  ['VIGIL_HOST', '127.0.0.1', 'interface to listen on'],
  ['VIGIL_PORT', '3000', 'TCP port'],
  [
    'VIGIL_PUBLIC_URL',
    'http://<host>:<port>',
    'the address people use to reach Vigil (links in mail, cookies)',
  ],
  ['VIGIL_DATA_DIR', './data', 'database file, generated secrets, lock file'],
  ['VIGIL_LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent'],
  ['VIGIL_SECRET_KEY', 'generated', 'at least 32 random characters; signs sessions and tokens'],
  ['VIGIL_AUDIT_SIGNING_KEY', 'generated', 'Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints'],
  ['VIGIL_BODY_LIMIT', '1048576', 'largest JSON request body in bytes'],
  ['VIGIL_EVIDENCE_MAX_BYTES', '26214400', 'largest evidence file in bytes (25 MB), at most 104857600'],
  ['VIGIL_SMTP_URL', 'none (mail goes to the log)', 'smtp://user:pass@host:587 or smtps://...'],
  ['VIGIL_MAIL_FROM', 'Vigil <vigil@localhost>', 'sender of every message'],
  ['VIGIL_ALLOW_INSECURE_HTTP', 'false', 'true to serve plain HTTP on a public URL other than localhost'],
] as const;

/** 25 MB: the default largest evidence file. */
export const DEFAULT_EVIDENCE_MAX_BYTES = 25 * 1024 * 1024;
/**
 * 100 MB: evidence files live in the database (one bytea/BLOB value each) and travel base64-encoded on
 * one line of a backup archive, so a file must stay far below the 1 GB a value and a line can hold.
 */
const EVIDENCE_MAX_BYTES_CEILING = 100 * 1024 * 1024;

/** Values copied from examples and docs: refused, so nobody runs with a published secret. */
const EXAMPLE_SECRET =
  /^(change[-_ ]?me|changeit|secret|password|example|test|default|xxx+|\.\.\.|<.*>|your[-_].*)$/i;

const secret = (name: string, minLength: number) =>
  z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      if (value.trim().length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} is set but empty: unset it to have one generated, or set a real secret`,
        });
      } else if (EXAMPLE_SECRET.test(value.trim()) || /example|change.?me/i.test(value)) {
        ctx.addIssue({ code: 'custom', message: `${name} holds an example value: set a secret of your own` });
      } else if (value.length < minLength) {
        ctx.addIssue({ code: 'custom', message: `${name} must be at least ${minLength} characters` });
      }
    });

const ZEnv = z.object({
  VIGIL_DATABASE_URL: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      try {
        parseDatabaseUrl(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `VIGIL_DATABASE_URL: ${(error as Error).message}` });
      }
    }),
  VIGIL_HOST: z.string().min(1, 'VIGIL_HOST must not be empty').optional(),
  VIGIL_PORT: z
    .string()
    .regex(/^\d+$/, 'VIGIL_PORT must be a number between 0 and 65535')
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, 'VIGIL_PORT must be a number between 0 and 65535')
    .optional(),
  VIGIL_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'VIGIL_PUBLIC_URL must be an http:// or https:// URL' })
    .optional(),
  VIGIL_DATA_DIR: z.string().min(1, 'VIGIL_DATA_DIR must not be empty').optional(),
  VIGIL_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'VIGIL_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional(),
  VIGIL_SECRET_KEY: secret('VIGIL_SECRET_KEY', 32),
  VIGIL_AUDIT_SIGNING_KEY: secret('VIGIL_AUDIT_SIGNING_KEY', 32).refine(
    (v) => v === undefined || v.trim().length === 0 || v.includes('PRIVATE KEY'),
    'VIGIL_AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM form',
  ),
  VIGIL_BODY_LIMIT: z
    .string()
    .regex(/^\d+$/, 'VIGIL_BODY_LIMIT must be a number of bytes')
    .transform(Number)
    .refine((n) => n >= 1024 && n <= 100 * 1024 * 1024, 'VIGIL_BODY_LIMIT must be between 1024 and 104857600')
    .optional(),
  VIGIL_EVIDENCE_MAX_BYTES: z
    .string()
    .regex(/^\d+$/, 'VIGIL_EVIDENCE_MAX_BYTES must be a number of bytes')
    .transform(Number)
    .refine(
      (n) => n >= 1024 && n <= EVIDENCE_MAX_BYTES_CEILING,
      `VIGIL_EVIDENCE_MAX_BYTES must be between 1024 and ${EVIDENCE_MAX_BYTES_CEILING}`,
    )
    .optional(),
  VIGIL_SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'VIGIL_SMTP_URL must be an smtp:// or smtps:// URL' })
    .optional(),
  VIGIL_MAIL_FROM: z.string().min(3).max(320).optional(),
  VIGIL_ALLOW_INSECURE_HTTP: z
    .enum(['true', 'false'], { error: 'VIGIL_ALLOW_INSECURE_HTTP must be true or false' })
    .optional(),
});

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Pure: turns an environment into a Config or the list of problems. */
export function parseConfig(
  env: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): ConfigResult {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => issue.message) };
  }
  const e = parsed.data;
  const dataDir = resolve(cwd, e.VIGIL_DATA_DIR ?? './data');
  const host = e.VIGIL_HOST ?? '127.0.0.1';
  const port = e.VIGIL_PORT ?? 3000;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const publicUrl = (e.VIGIL_PUBLIC_URL ?? `http://${urlHost}:${port}`).replace(/\/$/, '');
  const parsedUrl = new URL(publicUrl);
  if (
    parsedUrl.protocol === 'http:' &&
    !LOOPBACK.has(parsedUrl.hostname) &&
    e.VIGIL_ALLOW_INSECURE_HTTP !== 'true'
  ) {
    return {
      ok: false,
      errors: [
        `VIGIL_PUBLIC_URL is plain http on ${parsedUrl.hostname}: serve Vigil behind HTTPS and set an https:// URL, or set VIGIL_ALLOW_INSECURE_HTTP=true to accept the risk`,
      ],
    };
  }
  return {
    ok: true,
    config: {
      databaseUrl: e.VIGIL_DATABASE_URL ?? `sqlite:${resolve(dataDir, 'vigil.db')}`,
      host,
      port,
      publicUrl,
      dataDir,
      logLevel: e.VIGIL_LOG_LEVEL ?? 'info',
      secretKey: e.VIGIL_SECRET_KEY ?? null,
      auditSigningKey: e.VIGIL_AUDIT_SIGNING_KEY ?? null,
      bodyLimit: e.VIGIL_BODY_LIMIT ?? 1024 * 1024,
      evidenceMaxBytes: e.VIGIL_EVIDENCE_MAX_BYTES ?? DEFAULT_EVIDENCE_MAX_BYTES,
      smtpUrl: e.VIGIL_SMTP_URL ?? null,
      mailFrom: e.VIGIL_MAIL_FROM ?? 'Vigil <vigil@localhost>',
    },
  };
}

/** Reads the process environment. */
export function readConfig(): ConfigResult {
  return parseConfig(process.env);
}
