import { readdir } from 'node:fs/promises';
import { type Comparison, compare, formatResult, type Measurement } from './harness/compare.js';

/**
 * Every file in `suites/` is a suite, named by its file name, exporting `comparisons()` (timed against
 * a baseline by the harness) and optionally `measurements()` (measured by the suite itself).
 * `pnpm bench <name>...` runs only the named ones.
 */
interface Suite {
  comparisons: () => Promise<Comparison[]>;
  measurements?: () => Promise<Measurement[]>;
}

const suiteDir = new URL('./suites/', import.meta.url);
const available = (await readdir(suiteDir))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const selected = process.argv.slice(2);
const unknown = selected.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${available.join(', ')}`);
  process.exit(2);
}

console.log(
  `node ${process.version}, ${process.arch}; each result: median of 3 interleaved rounds\n`,
);
let missed = 0;
for (const name of selected.length > 0 ? selected : available) {
  const suite: Suite = await import(new URL(`${name}.ts`, suiteDir).href);
  for (const comparison of await suite.comparisons()) {
    const result = await compare(comparison);
    console.log(`${formatResult(result)}\n`);
    if (result.meetsTarget === false) missed++;
  }
  for (const measurement of (await suite.measurements?.()) ?? []) {
    const verdict =
      measurement.meetsTarget === undefined
        ? ''
        : measurement.meetsTarget
          ? ' (target met)'
          : ' (target NOT MET)';
    console.log(
      `${measurement.name}${verdict}\n${measurement.lines.map((line) => `  ${line}`).join('\n')}\n`,
    );
    if (measurement.meetsTarget === false) missed++;
  }
}
console.log(missed === 0 ? 'all targets met' : `${missed} target(s) not met`);
process.exitCode = missed === 0 ? 0 : 1;
