import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import type { Figure, FigureResult } from '../lib/figure.ts';
import { freePort, residentMb, startAndTimeFirst200, stopProcess } from '../lib/processes.ts';
import { seedOwners, seedRisks } from '../lib/risk-register.ts';
import { median, round1 } from '../lib/stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VIGIL = join(ROOT, 'apps/server/bin/vigil.js');
const BARE = join(ROOT, 'bench/fixtures/bare-risks.ts');
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

const RISKS = 10_000;
const OWNERS = 20;
const CONNECTIONS = 50;
/** Seconds per measured run; each scenario gets ROUNDS runs per server, interleaved. */
const DURATION_S = 4;
const ROUNDS = 5;
const WARMUP_S = 2;

const THROUGHPUT_TARGET = 0.5;
const P99_TARGET = 3;
/** P7: resident memory of `vigil serve`, idle after its start and at most under this load, in MB. */
const IDLE_RSS_TARGET_MB = 150;
const LOAD_RSS_TARGET_MB = 300;
/** How often the servers' resident memory is read while the load runs. */
const RSS_SAMPLE_MS = 250;

const EMAIL = 'bench@example.org';
const PASSWORD = 'a benchmark owner password 10';

/** The pages measured: the first page of the register, a filtered page, and a search. */
const SCENARIOS = [
  { name: 'first page', query: 'limit=50' },
  { name: 'filtered page', query: 'limit=50&level=medium&status=in_treatment' },
  { name: 'search', query: 'limit=50&q=phishing' },
] as const;

type Kind = 'vigil' | 'bare';

interface Load {
  requests: number;
  seconds: number;
  p99: number;
}

interface ScenarioResult {
  name: string;
  query: string;
  vigilRps: number;
  bareRps: number;
  /** Vigil's throughput / the bare route's. */
  throughputRatio: number;
  vigilP99Ms: number;
  bareP99Ms: number;
  /** Vigil's p99 latency / the bare route's. */
  p99Ratio: number;
}

/** The caller's environment without any VIGIL_* setting, plus ours. */
function vigilEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VIGIL_')) env[key] = value;
  }
  return { ...env, VIGIL_DATA_DIR: dataDir, VIGIL_PORT: String(port), VIGIL_LOG_LEVEL: 'warn' };
}

/** `autocannon` in its own process (so that it does not share the event loop of this one). */
function autocannon(url: string, seconds: number, headers: Record<string, string>): Promise<Load> {
  const args = [AUTOCANNON, '-c', String(CONNECTIONS), '-d', String(seconds), '-j'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}:${value}`);
  args.push(url);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err.slice(-2000)}`));
      const result = JSON.parse(out) as {
        requests: { total: number };
        latency: { p99: number };
        duration: number;
        errors: number;
        timeouts: number;
        non2xx: number;
      };
      if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0)
        return reject(
          new Error(
            `${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`,
          ),
        );
      resolvePromise({ requests: result.requests.total, seconds: result.duration, p99: result.latency.p99 });
    });
  });
}

/** Resident memory of both servers (MB): idle after start, and the most seen while the load ran. */
interface Memory {
  vigilIdleRssMb: number;
  vigilLoadRssMb: number;
  bareIdleRssMb: number;
  bareLoadRssMb: number;
}

interface Measured {
  scenarios: ScenarioResult[];
  memory: Memory;
}

/** Reads a process's resident memory every RSS_SAMPLE_MS; `stop` returns the most seen (MB). */
function sampleRss(pid: number | undefined): { stop(): number } {
  let most = 0;
  const read = () => {
    most = Math.max(most, residentMb(pid)?.rss ?? 0);
  };
  const timer = setInterval(read, RSS_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      read();
      return most;
    },
  };
}

/** Resident memory once the process has been idle for a second (its start's garbage collected or not). */
async function idleRss(pid: number | undefined): Promise<number> {
  await new Promise((resolvePromise) => setTimeout(resolvePromise, 1000));
  const memory = residentMb(pid);
  if (!memory) throw new Error(`cannot read the resident memory of process ${pid} from /proc`);
  return memory.rss;
}

interface Setup {
  dataDir: string;
  organisationId: string;
}

/** A data directory with an organisation, its owner (who signs in), 20 other owners and 10,000 risks. */
async function prepare(log: (line: string) => void): Promise<Setup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-p2-'));
  const setup = spawnSync(process.execPath, [VIGIL, 'admin', 'setup', '--org', 'Bench', '--email', EMAIL], {
    cwd: ROOT,
    env: vigilEnv(dataDir, 0),
    input: `${PASSWORD}\n`,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (setup.status !== 0) throw new Error(`vigil admin setup failed: ${setup.stderr.slice(-2000)}`);
  const database = await openDatabase(`sqlite:${join(dataDir, 'vigil.db')}`);
  try {
    const { id: organisationId } = await database.db
      .selectFrom('organisations')
      .select('id')
      .executeTakeFirstOrThrow();
    const started = performance.now();
    const owners = await seedOwners(database.db, organisationId, OWNERS, new Date());
    await seedRisks(database.db, { organisationId, ownerIds: owners, count: RISKS, now: new Date() });
    log(`seeded ${RISKS} risks in ${Math.round(performance.now() - started)} ms`);
    return { dataDir, organisationId };
  } finally {
    await database.close();
  }
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, 'x-requested-with': 'vigil' },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie;
}

/** Both answer the same page with the same risks: the baseline really runs the same query. */
async function assertSamePage(vigilUrl: string, bareUrl: string, cookie: string, query: string) {
  const vigil = (await (
    await fetch(`${vigilUrl}/api/v1/risks?${query}`, { headers: { cookie } })
  ).json()) as {
    items: { id: string }[];
  };
  const bare = (await (await fetch(`${bareUrl}/risks?${query}`)).json()) as { items: { id: string }[] };
  const ids = (page: { items: { id: string }[] }) => page.items.map((r) => r.id).join();
  if (vigil.items.length !== 50 || ids(vigil) !== ids(bare))
    throw new Error(`GET ?${query}: Vigil and the bare route answer different pages`);
}

async function measure(log: (line: string) => void): Promise<Measured> {
  const { dataDir, organisationId } = await prepare(log);
  const children: ChildProcess[] = [];
  try {
    const vigilPort = await freePort();
    const vigil = await startAndTimeFirst200({
      args: [VIGIL, 'serve'],
      env: vigilEnv(dataDir, vigilPort),
      cwd: ROOT,
      port: vigilPort,
      path: '/api/health',
      pollIntervalMs: 20,
      timeoutMs: 30_000,
    });
    children.push(vigil.child);
    const barePort = await freePort();
    const bare = await startAndTimeFirst200({
      args: [BARE, String(barePort), `sqlite:${join(dataDir, 'vigil.db')}`, organisationId],
      env: vigilEnv(dataDir, barePort),
      cwd: ROOT,
      port: barePort,
      path: '/risks?limit=1',
      pollIntervalMs: 20,
      timeoutMs: 30_000,
    });
    children.push(bare.child);
    const vigilUrl = `http://127.0.0.1:${vigilPort}`;
    const bareUrl = `http://127.0.0.1:${barePort}`;
    const [vigilIdleRssMb, bareIdleRssMb] = await Promise.all([
      idleRss(vigil.child.pid),
      idleRss(bare.child.pid),
    ]);
    const cookie = await signIn(vigilUrl);
    const vigilRss = sampleRss(vigil.child.pid);
    const bareRss = sampleRss(bare.child.pid);
    const url = (kind: Kind, query: string) =>
      kind === 'vigil' ? `${vigilUrl}/api/v1/risks?${query}` : `${bareUrl}/risks?${query}`;
    const headers = (kind: Kind): Record<string, string> => (kind === 'vigil' ? { cookie } : {});

    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      await assertSamePage(vigilUrl, bareUrl, cookie, scenario.query);
      for (const kind of ['vigil', 'bare'] as const)
        await autocannon(url(kind, scenario.query), WARMUP_S, headers(kind));
      const loads: Record<Kind, Load[]> = { vigil: [], bare: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate which goes first, so that neither always runs on a machine just warmed by the other.
        const order: Kind[] = round % 2 === 0 ? ['vigil', 'bare'] : ['bare', 'vigil'];
        for (const kind of order)
          loads[kind].push(await autocannon(url(kind, scenario.query), DURATION_S, headers(kind)));
        const [v, b] = [loads.vigil.at(-1), loads.bare.at(-1)];
        log(
          `${scenario.name}, round ${round + 1}: vigil ${round1((v?.requests ?? 0) / (v?.seconds ?? 1))} req/s (p99 ${v?.p99} ms), bare ${round1((b?.requests ?? 0) / (b?.seconds ?? 1))} req/s (p99 ${b?.p99} ms)`,
        );
      }
      const rps = (load: Load) => load.requests / load.seconds;
      // The ratio of each round's two runs, which ran back to back, then their median: other work on the
      // machine comes and goes, and changes the two runs of one round alike more than runs far apart.
      const paired = (of: (load: Load) => number) =>
        median(loads.vigil.map((v, i) => of(v) / of(loads.bare[i] as Load)));
      results.push({
        name: scenario.name,
        query: scenario.query,
        vigilRps: round1(median(loads.vigil.map(rps))),
        bareRps: round1(median(loads.bare.map(rps))),
        throughputRatio: Math.round(paired(rps) * 100) / 100,
        vigilP99Ms: median(loads.vigil.map((l) => l.p99)),
        bareP99Ms: median(loads.bare.map((l) => l.p99)),
        p99Ratio: Math.round(paired((l) => l.p99) * 100) / 100,
      });
    }
    const memory = {
      vigilIdleRssMb,
      vigilLoadRssMb: vigilRss.stop(),
      bareIdleRssMb,
      bareLoadRssMb: bareRss.stop(),
    };
    log(
      `resident memory: vigil ${memory.vigilIdleRssMb} MB idle, at most ${memory.vigilLoadRssMb} MB under load; bare ${memory.bareIdleRssMb} MB idle, at most ${memory.bareLoadRssMb} MB`,
    );
    return { scenarios: results, memory };
  } finally {
    for (const child of children) await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** P2, P3 and P7 come from the same runs: measured once, whichever is asked for first. */
let measured: Promise<Measured> | undefined;
const measurement = (log: (line: string) => void) => {
  measured ??= measure(log);
  return measured;
};
const scenarios = async (log: (line: string) => void) => (await measurement(log)).scenarios;

const common = (results: ScenarioResult[]) => ({
  risks: RISKS,
  connections: CONNECTIONS,
  secondsPerRun: DURATION_S,
  rounds: ROUNDS,
  baselineName: 'bare Fastify route running the register query (bench/fixtures/bare-risks.ts)',
  scenarios: results,
  node: process.version,
});

export const p2: Figure = {
  id: 'P2',
  title: `GET /api/v1/risks?limit=50 on ${RISKS} risks, ${CONNECTIONS} connections: throughput vs a bare route running the same SQL`,
  async run(log): Promise<FigureResult> {
    const results = await scenarios(log);
    // the value is the worst of the three pages: each must keep half the bare route's throughput
    const value = Math.min(...results.map((r) => r.throughputRatio));
    return {
      value,
      target: THROUGHPUT_TARGET,
      pass: value >= THROUGHPUT_TARGET,
      unit: 'ratio of throughputs (Vigil / bare), lowest of the pages',
      ...common(results),
    };
  },
};

export const p3: Figure = {
  id: 'P3',
  title: `p99 latency of GET /api/v1/risks?limit=50 on ${RISKS} risks vs the bare route`,
  async run(log): Promise<FigureResult> {
    const results = await scenarios(log);
    const value = Math.max(...results.map((r) => r.p99Ratio));
    return {
      value,
      target: P99_TARGET,
      pass: value <= P99_TARGET,
      unit: 'ratio of p99 latencies (Vigil / bare), highest of the pages',
      ...common(results),
    };
  },
};

export const p7: Figure = {
  id: 'P7',
  title: `resident memory of \`vigil serve\`: idle after start, and under P2's load (${RISKS} risks, ${CONNECTIONS} connections)`,
  async run(log): Promise<FigureResult> {
    const { memory } = await measurement(log);
    return {
      value: memory.vigilLoadRssMb,
      target: LOAD_RSS_TARGET_MB,
      pass: memory.vigilLoadRssMb <= LOAD_RSS_TARGET_MB && memory.vigilIdleRssMb <= IDLE_RSS_TARGET_MB,
      unit: `MB resident under load (the most seen, read every ${RSS_SAMPLE_MS} ms)`,
      idleRssMb: memory.vigilIdleRssMb,
      idleTarget: IDLE_RSS_TARGET_MB,
      baselineName: 'the bare route of P2 (bench/fixtures/bare-risks.ts), same load',
      baselineIdleRssMb: memory.bareIdleRssMb,
      baselineLoadRssMb: memory.bareLoadRssMb,
      node: process.version,
    };
  },
};
