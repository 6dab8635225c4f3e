import { readdir } from 'node:fs/promises';
import {
  type Comparison,
  compare,
  formatResult,
  type HarnessOptions,
  type Measurement,
} from './compare.js';
import type { SuiteResult } from './results.js';

/**
 * A micro suite: a file in `suites/` exporting `comparisons()` (timed against a baseline by the
 * harness) and optionally `measurements()` (measured by the suite itself).
 */
interface Suite {
  comparisons: () => Promise<Comparison[]>;
  measurements?: () => Promise<Measurement[]>;
}

const SUITE_DIR = new URL('../suites/', import.meta.url);

/** The suite names: the files of `suites/`, without `.ts`. */
export async function microSuites(): Promise<string[]> {
  return (await readdir(SUITE_DIR))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

/** Runs one suite, printing each result as it comes. */
export async function runSuite(name: string, harness: HarnessOptions): Promise<SuiteResult> {
  const suite: Suite = await import(new URL(`${name}.ts`, SUITE_DIR).href);
  const result: SuiteResult = { comparisons: [], measurements: [] };
  for (const comparison of await suite.comparisons()) {
    const measured = await compare(comparison, harness);
    console.log(`${formatResult(measured)}\n`);
    result.comparisons.push(measured);
  }
  for (const measurement of (await suite.measurements?.()) ?? []) {
    const verdict =
      measurement.meetsTarget === undefined
        ? ''
        : measurement.meetsTarget
          ? ' (target met)'
          : ' (target NOT MET)';
    console.log(
      `${measurement.name}${verdict}\n${measurement.lines.map((l) => `  ${l}`).join('\n')}\n`,
    );
    result.measurements.push(measurement);
  }
  return result;
}

/** Targets missed in a suite's results. */
export function missedIn(result: SuiteResult): number {
  return (
    result.comparisons.filter((c) => c.meetsTarget === false).length +
    result.measurements.filter((m) => m.meetsTarget === false).length
  );
}
