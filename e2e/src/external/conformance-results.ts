import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One check of a conformance scenario, as written to `checks.json`. */
export interface ConformanceCheck {
  id: string;
  name: string;
  description?: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
  errorMessage?: string;
}

/**
 * Reads the conformance suite's output directory: one `<prefix>-<scenario>-<timestamp>/checks.json`
 * per scenario. Returns the checks keyed by scenario name.
 */
export function readConformanceResults(
  outputDir: string,
  prefix = '',
): Map<string, ConformanceCheck[]> {
  const results = new Map<string, ConformanceCheck[]>();
  if (!existsSync(outputDir)) return results;
  for (const entry of readdirSync(outputDir, { withFileTypes: true })) {
    const file = join(outputDir, entry.name, 'checks.json');
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const scenario = entry.name
      .replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '')
      .replace(prefix === '' ? /^$/ : new RegExp(`^${prefix}-`), '');
    results.set(scenario, JSON.parse(readFileSync(file, 'utf8')) as ConformanceCheck[]);
  }
  return results;
}

/** Every check that is not SUCCESS, one line each (`scenario / id: STATUS message`). */
export function describeNonSuccess(results: Map<string, ConformanceCheck[]>): string[] {
  const lines: string[] = [];
  for (const [scenario, checks] of results) {
    for (const check of checks) {
      if (check.status !== 'SUCCESS') {
        lines.push(
          `${scenario} / ${check.id}: ${check.status}${check.errorMessage ? ` ${check.errorMessage}` : ''}`,
        );
      }
    }
  }
  return lines;
}
