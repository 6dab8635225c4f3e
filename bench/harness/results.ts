import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AuthServerResult } from '../scenarios/authorization-server.js';
import type { McpEndpointResult } from '../scenarios/mcp-endpoint.js';
import type { ScalingResult } from '../scenarios/scaling.js';
import type { ComparisonResult, Measurement } from './compare.js';
import type { Machine } from './machine.js';

/** What a micro suite (`suites/<name>.ts`) produced. */
export interface SuiteResult {
  comparisons: ComparisonResult[];
  measurements: Measurement[];
}

/** Everything one run measured: the JSON `BENCHMARKS.md` is rendered from. */
export interface BenchResults {
  profile: 'quick' | 'full';
  startedAt: string;
  durationSeconds: number;
  machine: Machine;
  versions: Record<string, string>;
  micro: Record<string, SuiteResult>;
  mcpEndpoint?: McpEndpointResult;
  scaling?: ScalingResult;
  authServer?: AuthServerResult;
  /** Targets missed over the whole run. */
  missed: number;
}

export const RESULTS_DIR = new URL('../results/', import.meta.url);

/** Writes `results/<name>.json` (`full`, `quick`, or `<profile>-partial` for a selection). */
export function saveResults(results: BenchResults, name: string): URL {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = new URL(`${name}.json`, RESULTS_DIR);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** The results a complete run of `profile` saved in `dir`, or `undefined` before there is one. */
export function loadResults(
  profile: 'quick' | 'full',
  dir: URL = RESULTS_DIR,
): BenchResults | undefined {
  const file = new URL(`${profile}.json`, dir);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
}
