import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST = '127.0.0.1';

/** A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it; we release it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port assigned'));
      });
    });
  });
}

/** One GET; resolves with the status code, or null when nothing answers (yet). */
function probe(port: number, path: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path, method: 'GET', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? null));
      res.once('error', () => resolve(null));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(null));
    req.end();
  });
}

export interface StartOptions {
  /** Arguments after the Node binary (a script and its arguments). */
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  port: number;
  /** The path polled until it answers 200. */
  path: string;
  pollIntervalMs: number;
  /** Give up (and kill the process) after this long. */
  timeoutMs: number;
}

export interface StartedProcess {
  child: ChildProcess;
  /** Wall time from just before spawn to the first 200, in milliseconds. */
  elapsedMs: number;
  /** Number of requests sent until the first 200. */
  probes: number;
  /** CPU time (user + system) the process had used at the first 200, in milliseconds; null off Linux. */
  cpuMs: number | null;
}

/** Linux's USER_HZ: the unit of the CPU times in /proc (100 on every mainstream kernel build). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time used so far by a process, from /proc/PID/stat (utime + stime, fields 14 and 15), in ms.
 * Less sensitive than wall time to other load on the machine; 10 ms resolution. Null where there is no /proc.
 */
export function cpuTimeMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/**
 * Resident memory of a process, from /proc/PID/status: `rss` now (VmRSS) and `peak`, the most it has held
 * so far (VmHWM), in MB (10^6 bytes). Null where there is no /proc or the process is gone.
 */
export function residentMb(pid: number | undefined): { rss: number; peak: number } | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]);
    const [rss, peak] = [kib('VmRSS'), kib('VmHWM')];
    if (!Number.isFinite(rss) || !Number.isFinite(peak)) return null;
    return { rss: Math.round((rss * 1024) / 1e5) / 10, peak: Math.round((peak * 1024) / 1e5) / 10 };
  } catch {
    return null;
  }
}

/** Keeps the last few KiB of a stream, for the error message when a process dies. */
function tail(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-4096);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text.trim();
}

/**
 * Spawns `node ...args` with the Node that runs this script and polls GET `path` every `pollIntervalMs`
 * until the first 200; returns the elapsed wall time. Throws (after killing the process) if it exits or
 * times out first.
 */
export async function startAndTimeFirst200(options: StartOptions): Promise<StartedProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = tail(child);
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  child.once('error', (error) => {
    exited = `failed to start: ${error.message}`;
  });
  let probes = 0;
  while (performance.now() - started < options.timeoutMs) {
    probes++;
    const status = await probe(options.port, options.path);
    if (status === 200) {
      const elapsedMs = performance.now() - started;
      return { child, elapsedMs, probes, cpuMs: cpuTimeMs(child.pid) };
    }
    if (exited !== null) {
      throw new Error(`${options.args.join(' ')} ${exited} before answering 200:\n${output()}`);
    }
    await sleep(options.pollIntervalMs);
  }
  await stopProcess(child);
  throw new Error(
    `${options.args.join(' ')} did not answer 200 within ${options.timeoutMs} ms:\n${output()}`,
  );
}

/** SIGTERM, then wait for the exit (SIGKILL after `graceMs`); resolves with the exit code or signal. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return String(child.exitCode ?? child.signalCode);
  }
  const exit = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(String(code ?? signal)));
  });
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exit;
  } finally {
    clearTimeout(forced);
  }
}
