// `npm run bench [-- ID...]`: runs each figure (or only those named, e.g. `P1`) one after the other and
// prints one JSON line per figure on stdout: {"id","value","target","pass",...}. Progress goes to stderr.
// A missed target is reported with "pass": false; the exit code is non-zero only when a figure crashed
// (its line then carries "error") or the command line names an unknown figure.

import { p1 } from './figures/p1-cold-start.ts';
import { p2, p3, p7 } from './figures/p2-p3-risk-list.ts';
import { p6 } from './figures/p6-import.ts';
import type { Figure } from './lib/figure.ts';

const FIGURES: readonly Figure[] = [p1, p2, p3, p6, p7];

const wanted = process.argv.slice(2).map((id) => id.toUpperCase());
const unknown = wanted.filter((id) => !FIGURES.some((figure) => figure.id === id));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown figure ${unknown.join(', ')}; known: ${FIGURES.map((f) => f.id).join(', ')}\n`,
  );
  process.exit(2);
}

let crashed = 0;
for (const figure of FIGURES) {
  if (wanted.length > 0 && !wanted.includes(figure.id)) continue;
  const log = (line: string) => process.stderr.write(`[${figure.id}] ${line}\n`);
  log(figure.title);
  try {
    const { value, target, pass, ...extra } = await figure.run(log);
    process.stdout.write(`${JSON.stringify({ id: figure.id, value, target, pass, ...extra })}\n`);
  } catch (error) {
    crashed++;
    const message = error instanceof Error ? error.message : String(error);
    log(`crashed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    process.stdout.write(
      `${JSON.stringify({ id: figure.id, value: null, target: null, pass: false, error: message })}\n`,
    );
  }
}
process.exitCode = crashed > 0 ? 1 : 0;
