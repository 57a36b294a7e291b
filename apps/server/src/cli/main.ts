import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { type Config, readConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { DB } from '../db/types.ts';
import { lockDataDir } from '../lock.ts';
import { loadSecrets } from '../secrets.ts';
import { VERSION } from '../version.ts';

const USAGE = `Usage: vigil <command> [options]

Commands:
  serve                              start the web server (applies pending migrations first)
  migrate                            apply pending database migrations and exit
  audit verify [--checkpoint FILE]   recompute every audit chain; exit 1 if any is broken
  audit checkpoint --out FILE        write the signed heads of every audit chain to FILE
  backup --out FILE                  write a checksummed archive of the whole database
  restore FILE                       load an archive into an empty database
  admin setup --org NAME --email E [--name N]
                                     create the first organisation and its owner; the password is
                                     read from standard input (one line)
  demo --email E [--name N] [--org NAME]
                                     create the demo organisation (a public-engagement platform
                                     vendor with people, assets and a risk register) owned by E;
                                     a new account's password is read from standard input
  version                            print the version
  help                               print this help

Configuration comes from VIGIL_* environment variables; see the README.`;

/** A wrong command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse(args: string[], options: Options, positionals: number) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument: ${parsed.positionals[positionals]}`);
  }
  return parsed;
}

function config(): Config {
  const result = readConfig();
  if (!result.ok) {
    throw new ConfigError(result.errors);
  }
  return result.config;
}

class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('invalid configuration');
    this.problems = problems;
  }
}

async function withDatabase<T>(cfg: Config, run: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(cfg.databaseUrl);
  try {
    return await run(database);
  } finally {
    await database.close();
  }
}

/**
 * Runs one command line; returns the exit code. Output goes to the given streams. Each command loads
 * only the modules it needs, so `vigil serve` starts without the backup or verification code.
 */
export async function runCli(
  argv: string[],
  out = process.stdout,
  err = process.stderr,
  input: NodeJS.ReadableStream = process.stdin,
): Promise<number> {
  const print = (line: string) => out.write(`${line}\n`);
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        print(USAGE);
        return command === undefined ? 2 : 0;
      case 'version':
      case '--version':
        parse(rest, {}, 0);
        print(VERSION);
        return 0;
      case 'serve': {
        parse(rest, {}, 0);
        const { serveUntilSignalled } = await import('../main.ts');
        await serveUntilSignalled(config());
        return 0;
      }
      case 'migrate': {
        parse(rest, {}, 0);
        const cfg = config();
        const lock = lockDataDir(cfg.dataDir, 'vigil migrate');
        try {
          const applied = await withDatabase(cfg, (d) => migrateToLatest(d.db));
          print(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
        } finally {
          lock.release();
        }
        return 0;
      }
      case 'audit':
        return await audit(rest, print);
      case 'admin':
        return await admin(rest, print, input, err);
      case 'demo':
        return await demo(rest, print, input, err);
      case 'backup': {
        const { values } = parse(rest, { out: { type: 'string', short: 'o' } }, 0);
        if (typeof values.out !== 'string') throw new UsageError('backup needs --out FILE');
        const out = values.out;
        const cfg = config();
        const { createBackup } = await import('../backup/backup.ts');
        const summary = await withDatabase(cfg, (d) =>
          createBackup(d.db, d.dialect, out, { vigilVersion: VERSION }),
        );
        print(`Backup written to ${out}: ${summary.tables} tables, ${summary.rows} rows.`);
        return 0;
      }
      case 'restore': {
        const { positionals } = parse(rest, {}, 1);
        const file = positionals[0];
        if (!file) throw new UsageError('restore needs the archive: vigil restore FILE');
        const cfg = config();
        const lock = lockDataDir(cfg.dataDir, 'vigil restore');
        try {
          const { restoreBackup } = await import('../backup/backup.ts');
          const summary = await withDatabase(cfg, async (d) => {
            await migrateToLatest(d.db);
            return restoreBackup(d.db, d.dialect, file);
          });
          print(`Restored ${summary.rows} rows into ${summary.tables} tables.`);
        } finally {
          lock.release();
        }
        return 0;
      }
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`vigil: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      err.write(
        `vigil: the configuration is not valid:\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`,
      );
      return 1;
    }
    err.write(`vigil: ${(error as Error).message}\n`);
    return 1;
  }
}

/** The first line of `input` without its line ending; empty when there is none. */
async function readLine(input: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}

const OWNER_OPTIONS = {
  org: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
} as const satisfies Options;

/** --org, --email and --name of a new organisation's owner, checked; `org` is the name when --org is absent. */
async function ownerOptions(
  values: {
    org?: string | boolean | undefined;
    email?: string | boolean | undefined;
    name?: string | boolean | undefined;
  },
  command: string,
  org: string | null,
) {
  const orgValue = typeof values.org === 'string' ? values.org : org;
  if (orgValue === null) throw new UsageError(`${command} needs --org NAME`);
  if (typeof values.email !== 'string') throw new UsageError(`${command} needs --email E`);
  const { ZEmail, ZName } = await import('@vigil/contracts');
  const organisationName = ZName.safeParse(orgValue);
  if (!organisationName.success) throw new UsageError('--org needs a name of 1 to 200 characters');
  const email = ZEmail.safeParse(values.email);
  if (!email.success) throw new UsageError(`--email needs an email address, not "${values.email}"`);
  const name = ZName.safeParse(typeof values.name === 'string' ? values.name : email.data.split('@')[0]);
  if (!name.success) throw new UsageError('--name needs a name of 1 to 200 characters');
  return { organisationName: organisationName.data, email: email.data, name: name.data };
}

/** The new account's password, one line from `input`, checked against the policy; its hash. */
async function readNewPassword(
  input: NodeJS.ReadableStream,
  err: { write(text: string): unknown },
  email: string,
): Promise<string> {
  const { AppError } = await import('../errors.ts');
  const { assertPasswordAcceptable, hashPassword } = await import('../modules/auth/passwords.ts');
  if ((input as { isTTY?: boolean }).isTTY) {
    err.write(`Password for ${email} (shown as you type; pipe it in to keep it off the screen): `);
  }
  const password = await readLine(input);
  if (password.length === 0) {
    throw new Error('no password on standard input: pipe one line to the command, e.g. from a file');
  }
  try {
    assertPasswordAcceptable(password, email);
  } catch (error) {
    if (error instanceof AppError) throw new Error(`the password was refused: ${error.detail}`);
    throw error;
  }
  return hashPassword(password);
}

async function admin(
  args: string[],
  print: (line: string) => void,
  input: NodeJS.ReadableStream,
  err: { write(text: string): unknown },
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'setup') {
    throw new UsageError(sub ? `unknown admin command: ${sub}` : 'admin needs a command: setup');
  }
  const { values } = parse(rest, OWNER_OPTIONS, 0);
  const owner = await ownerOptions(values, 'admin setup', null);

  const cfg = config();
  const lock = lockDataDir(cfg.dataDir, 'vigil admin setup');
  try {
    const { SYSTEM_CONTEXT, recordAudit } = await import('../audit/audit.ts');
    const { createOrganisationWithOwner, setupRequired } = await import('../modules/auth/auth.service.ts');
    const alreadySetUp = new Error(
      'this instance is already set up: an organisation exists. Invite people from the web app instead.',
    );
    await withDatabase(cfg, async (database) => {
      await migrateToLatest(database.db);
      if (!(await setupRequired(database))) throw alreadySetUp;
      const passwordHash = await readNewPassword(input, err, owner.email);

      const now = () => new Date();
      const audit = SYSTEM_CONTEXT(now);
      const created = await database.db.transaction().execute(async (tx) => {
        if (!(await setupRequired({ db: tx }))) throw alreadySetUp;
        const result = await createOrganisationWithOwner({ now }, tx, audit, { ...owner, passwordHash });
        await recordAudit(tx, audit, {
          organisationId: null,
          action: 'instance.setup_completed',
          subject: { type: 'organisation', id: result.organisationId },
          changes: { via: { before: null, after: 'vigil admin setup' } },
        });
        return result;
      });
      print(
        `Created the organisation "${owner.organisationName}" (${created.organisationId}) with its owner ${owner.email}. Sign in at ${cfg.publicUrl}.`,
      );
    });
  } finally {
    lock.release();
  }
  return 0;
}

/**
 * `vigil demo`: the demo organisation owned by --email, a new account or an existing one (which keeps
 * its password). On a fresh instance it is the first organisation, so the setup link stops working.
 */
async function demo(
  args: string[],
  print: (line: string) => void,
  input: NodeJS.ReadableStream,
  err: { write(text: string): unknown },
): Promise<number> {
  const { values } = parse(args, OWNER_OPTIONS, 0);
  const { DEMO_ORGANISATION_NAME } = await import('../demo/demo-content.ts');
  const owner = await ownerOptions(values, 'demo', DEMO_ORGANISATION_NAME);

  const cfg = config();
  const lock = lockDataDir(cfg.dataDir, 'vigil demo');
  try {
    const { SYSTEM_CONTEXT, recordAudit } = await import('../audit/audit.ts');
    const { findAccount, setupRequired } = await import('../modules/auth/auth.service.ts');
    const { createDemoOrganisation } = await import('../demo/demo.ts');
    const { secretKey } = loadSecrets(cfg);
    await withDatabase(cfg, async (database) => {
      await migrateToLatest(database.db);
      const now = () => new Date();
      /** Refuses a second demo of the same name for the same person. */
      const assertNew = async (db: Kysely<DB>) => {
        const account = await findAccount({ db, now }, owner.email);
        if (account?.organisationNames.includes(owner.organisationName))
          throw new Error(
            `${owner.email} is already a member of "${owner.organisationName}": sign in to explore it, or name another demo organisation with --org`,
          );
        return account;
      };
      const account = await assertNew(database.db);
      const passwordHash = account ? null : await readNewPassword(input, err, owner.email);

      const audit = SYSTEM_CONTEXT(now);
      const deps = { db: database.db, dialect: database.dialect, now, secretKey, publicUrl: cfg.publicUrl };
      const created = await database.db.transaction().execute(async (tx) => {
        await assertNew(tx);
        const first = await setupRequired({ db: tx });
        const result = await createDemoOrganisation(deps, tx, audit, { ...owner, passwordHash });
        if (first)
          await recordAudit(tx, audit, {
            organisationId: null,
            action: 'instance.setup_completed',
            subject: { type: 'organisation', id: result.organisationId },
            changes: { via: { before: null, after: 'vigil demo' }, demo: { before: null, after: true } },
          });
        return result;
      });
      print(
        `Created the demo organisation "${owner.organisationName}" (${created.organisationId}) owned by ${owner.email}. Sign in at ${cfg.publicUrl}.`,
      );
      if (account)
        print(
          account.hasPassword
            ? `${owner.email} had an account already: it keeps its password (nothing was read from standard input).`
            : `${owner.email} has no password yet: choose one with "Forgotten password" on the sign-in page.`,
        );
      print('Its other people have no password, so nobody can sign in as them.');
    });
  } finally {
    lock.release();
  }
  return 0;
}

async function audit(args: string[], print: (line: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'verify') {
    const { values } = parse(rest, { checkpoint: { type: 'string' } }, 0);
    const cfg = config();
    const { openCheckpoint } = await import('../audit/audit-checkpoint.ts');
    const { verifyAuditChains } = await import('../audit/audit-verify.ts');
    const trusted = loadSecrets(cfg).auditSigningKey;
    const checkpoint =
      typeof values.checkpoint === 'string'
        ? openCheckpoint(readFileSync(values.checkpoint, 'utf8'), trusted)
        : undefined;
    const reports = await withDatabase(cfg, (d) => verifyAuditChains(d.db, checkpoint));
    let broken = 0;
    for (const r of reports) {
      const chain = r.organisationId ?? 'instance';
      if (r.firstBrokenSeq === null) {
        print(`ok      ${chain}: ${r.events} events`);
      } else {
        broken += 1;
        print(`BROKEN  ${chain}: first broken at sequence ${r.firstBrokenSeq}: ${r.problem}`);
      }
    }
    print(
      broken === 0
        ? `All ${reports.length} audit chains verify${checkpoint ? ' against the checkpoint' : ''}.`
        : `${broken} of ${reports.length} audit chains are broken.`,
    );
    return broken === 0 ? 0 : 1;
  }
  if (sub === 'checkpoint') {
    const { values } = parse(rest, { out: { type: 'string', short: 'o' } }, 0);
    if (typeof values.out !== 'string') throw new UsageError('audit checkpoint needs --out FILE');
    const cfg = config();
    const { createCheckpoint } = await import('../audit/audit-checkpoint.ts');
    const key = loadSecrets(cfg).auditSigningKey;
    const signed = await withDatabase(cfg, (d) => createCheckpoint(d.db, key, new Date()));
    writeFileSync(values.out, `${JSON.stringify(signed, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    print(
      `Checkpoint of ${signed.checkpoint.chains.length} audit chains written to ${values.out}. Keep it outside the database server.`,
    );
    return 0;
  }
  throw new UsageError(sub ? `unknown audit command: ${sub}` : 'audit needs a command: verify or checkpoint');
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2));
}
