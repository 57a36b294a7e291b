import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Figure } from '../lib/figure.ts';
import { freePort, type StartOptions, startAndTimeFirst200, stopProcess } from '../lib/processes.ts';
import { median, round1 } from '../lib/stats.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VIGIL = join(ROOT, 'apps/server/bin/vigil.js');
const BARE = join(ROOT, 'bench/fixtures/bare-fastify.ts');

/** Starts of each kind, interleaved; fewer if the time budget runs out (but at least MIN_ROUNDS). */
const ROUNDS = 7;
const MIN_ROUNDS = 3;
const BUDGET_MS = 120_000;
const POLL_MS = 5;
const START_TIMEOUT_MS = 30_000;

const TARGET_MS = 1000;
const TARGET_RATIO = 3;

/** The caller's environment without any VIGIL_* setting, plus ours: nothing from the shell leaks in. */
function vigilEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VIGIL_')) env[key] = value;
  }
  return { ...env, VIGIL_DATA_DIR: dataDir, VIGIL_PORT: String(port), VIGIL_LOG_LEVEL: 'warn' };
}

type Kind = 'vigil' | 'bare';

interface Sample {
  wallMs: number;
  cpuMs: number | null;
}

async function coldStart(kind: Kind, dataDir: string): Promise<Sample> {
  const port = await freePort();
  const options: StartOptions = {
    args: kind === 'vigil' ? [VIGIL, 'serve'] : [BARE, String(port)],
    env: vigilEnv(dataDir, port),
    cwd: ROOT,
    port,
    path: '/api/health',
    pollIntervalMs: POLL_MS,
    timeoutMs: START_TIMEOUT_MS,
  };
  const { child, elapsedMs, cpuMs } = await startAndTimeFirst200(options);
  const exit = await stopProcess(child);
  if (kind === 'vigil' && exit !== '0') {
    throw new Error(`vigil serve exited with ${exit} after SIGTERM (expected a clean exit 0)`);
  }
  return { wallMs: elapsedMs, cpuMs };
}

/** Median CPU time, or null when it could not be read for every start. */
function medianCpu(samples: readonly Sample[]): number | null {
  const cpu = samples.map((s) => s.cpuMs);
  return cpu.every((ms) => ms !== null) ? median(cpu as number[]) : null;
}

export const p1: Figure = {
  id: 'P1',
  title: 'cold start of `vigil serve` on an existing SQLite database to the first 200 from /api/health',
  async run(log) {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-p1-'));
    try {
      // The database exists before the first measured start: P1 is about an existing database.
      const migrate = spawnSync(process.execPath, [VIGIL, 'migrate'], {
        cwd: ROOT,
        env: vigilEnv(dataDir, 0),
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (migrate.status !== 0) {
        throw new Error(
          `vigil migrate failed (${migrate.status ?? migrate.signal}): ${migrate.stderr.slice(-2000)}`,
        );
      }
      // One unmeasured start of each: the first `serve` generates the instance secrets, and both warm
      // the file cache, so every measured start finds the same state.
      await coldStart('vigil', dataDir);
      await coldStart('bare', dataDir);

      const vigil: Sample[] = [];
      const bare: Sample[] = [];
      const began = performance.now();
      for (let round = 0; round < ROUNDS; round++) {
        if (round >= MIN_ROUNDS && performance.now() - began > BUDGET_MS) {
          log(`time budget of ${BUDGET_MS} ms used up after ${round} rounds`);
          break;
        }
        // Alternate which goes first, so neither always follows the other's shutdown.
        const order: Kind[] = round % 2 === 0 ? ['vigil', 'bare'] : ['bare', 'vigil'];
        for (const kind of order) {
          (kind === 'vigil' ? vigil : bare).push(await coldStart(kind, dataDir));
        }
        const [v, b] = [vigil.at(-1), bare.at(-1)];
        log(
          `round ${round + 1}: vigil ${round1(v?.wallMs ?? 0)} ms (cpu ${v?.cpuMs}), bare ${round1(b?.wallMs ?? 0)} ms (cpu ${b?.cpuMs})`,
        );
      }

      const value = median(vigil.map((s) => s.wallMs));
      const baseline = median(bare.map((s) => s.wallMs));
      const ratio = value / baseline;
      // Informative, not part of the target: CPU time to the first 200 barely depends on other load.
      const cpu = medianCpu(vigil);
      const baselineCpu = medianCpu(bare);
      return {
        value: round1(value),
        target: TARGET_MS,
        pass: value <= TARGET_MS && ratio <= TARGET_RATIO,
        unit: 'ms',
        ratio: Math.round(ratio * 100) / 100,
        ratioTarget: TARGET_RATIO,
        baseline: round1(baseline),
        baselineName: 'bare Fastify (bench/fixtures/bare-fastify.ts)',
        cpuMs: cpu,
        baselineCpuMs: baselineCpu,
        cpuRatio: cpu !== null && baselineCpu !== null ? Math.round((cpu / baselineCpu) * 100) / 100 : null,
        runs: vigil.length,
        samples: vigil.map((s) => round1(s.wallMs)),
        baselineSamples: bare.map((s) => round1(s.wallMs)),
        node: process.version,
      };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
