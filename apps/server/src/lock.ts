import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the data directory for this process (one server per SQLite file and secrets folder): writes
 * `vigil.lock` with our pid, or refuses with a clear message while another live process holds it.
 * A lock left by a process that died is taken over.
 */
export function lockDataDir(dataDir: string, purpose: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'vigil.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(
        path,
        `${JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() })}\n`,
        {
          flag: 'wx',
          mode: 0o600,
        },
      );
      let released = false;
      return {
        path,
        release: () => {
          if (released) return;
          released = true;
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; purpose?: string } = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // unreadable lock: treated as stale below
      }
      if (typeof holder.pid === 'number' && holder.pid !== process.pid && alive(holder.pid)) {
        throw new Error(
          `another Vigil process (pid ${holder.pid}, ${holder.purpose ?? 'unknown'}) is using the data directory ${dataDir}; stop it first, or point VIGIL_DATA_DIR elsewhere`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock the data directory ${dataDir}`);
}
