import { readdir } from 'node:fs/promises';
import {
  type Comparison,
  compare,
  DEFAULT_HARNESS,
  formatResult,
  type HarnessOptions,
  type Measurement,
} from './harness/compare.js';

/**
 * Every file in `suites/` is a suite, named by its file name, exporting `comparisons()` (timed against
 * a baseline by the harness) and optionally `measurements()` (measured by the suite itself).
 * `pnpm bench <name>...` runs only the named ones; `--rounds <n>` and `--round-ms <ms>` change how
 * long each comparison is measured.
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

function parseArguments(args: readonly string[]): { suites: string[]; harness: HarnessOptions } {
  const suites: string[] = [];
  const harness = { ...DEFAULT_HARNESS };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (flag !== '--rounds' && flag !== '--round-ms') {
      if (arg.startsWith('-'))
        throw new Error(`unknown option ${arg}; known: --rounds, --round-ms`);
      suites.push(arg);
      continue;
    }
    const value = Number(inline ?? args[++index]);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`${flag} needs a positive integer`);
    if (flag === '--rounds') harness.rounds = value;
    else harness.roundMs = value;
  }
  return { suites, harness };
}

const { suites: selected, harness } = parseArguments(process.argv.slice(2));
const unknown = selected.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${available.join(', ')}`);
  process.exit(2);
}

console.log(
  `node ${process.version}, ${process.arch}; each comparison: a warm-up, then ${harness.rounds}` +
    ` interleaved rounds of >= ${harness.roundMs} ms per side; verdict on the median ratio\n`,
);
let missed = 0;
for (const name of selected.length > 0 ? selected : available) {
  const suite: Suite = await import(new URL(`${name}.ts`, suiteDir).href);
  for (const comparison of await suite.comparisons()) {
    const result = await compare(comparison, harness);
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
