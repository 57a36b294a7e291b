#!/usr/bin/env node
// The `vigil` command. Vigil runs on Node.js 24 (TypeScript executed directly); when this shim is started
// by an older Node, it re-runs itself on the Node 24 that the project pins (the `node` devDependency).
import { spawnSync } from 'node:child_process';
import { createRequire, enableCompileCache } from 'node:module';

const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  // Cache compiled code between runs: roughly a fifth of the start-up CPU (see docs/performance.md).
  enableCompileCache();
  const { runCli } = await import('../src/cli/main.ts');
  process.exitCode = await runCli(process.argv.slice(2));
} else {
  let node;
  try {
    node = createRequire(import.meta.url).resolve('node/bin/node');
  } catch {
    console.error(
      `vigil needs Node.js 24 or newer (this is ${process.version}); run \`npm install\` in the project first.`,
    );
    process.exit(1);
  }
  const result = spawnSync(node, [import.meta.filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
