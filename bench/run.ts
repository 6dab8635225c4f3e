import { writeFileSync } from 'node:fs';
import { type BenchArgs, HELP, parseArgs, SCENARIOS, USAGE, UsageError } from './harness/args.js';
import type { ChildOptions } from './harness/child.js';
import { describeMachine, installedVersions } from './harness/machine.js';
import { microSuites, missedIn, runSuite } from './harness/micro.js';
import { type BenchResults, loadResults, saveResults } from './harness/results.js';
import { writeCharts } from './report/charts.js';
import { renderBenchmarks } from './report/render.js';
import { runAuthorizationServers } from './scenarios/authorization-server.js';
import { runMcpEndpoint } from './scenarios/mcp-endpoint.js';
import { type McpFleet, startMcpFleet } from './scenarios/mcp-fleet.js';
import { runScaling } from './scenarios/scaling.js';

/**
 * `pnpm bench [--full] [names...]`: the micro suites (`suites/`), then the HTTP scenarios; results
 * go to `results/<profile>.json`, and a complete `--full` run rewrites `BENCHMARKS.md` and
 * `charts/`. See README.md.
 */
const BENCHMARKS = new URL('../BENCHMARKS.md', import.meta.url);
const PROFILES = new URL('./profiles/', import.meta.url);

function render(results: BenchResults): void {
  writeFileSync(BENCHMARKS, renderBenchmarks(results, writeCharts(results)));
  console.log('wrote BENCHMARKS.md and bench/charts/');
}

let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n${USAGE}\n(pnpm bench --help for more)`);
  process.exit(2);
}
const suites = await microSuites();
if (args.help) {
  console.log(`${HELP}\n\nsuites: ${suites.join(', ')}\nscenarios: ${SCENARIOS.join(', ')}`);
  process.exit(0);
}
if (args.renderOnly) {
  const published = loadResults('full');
  if (published === undefined) {
    console.error('--render: there is no bench/results/full.json yet; pnpm bench --full makes it');
    process.exit(2);
  }
  render(published);
  process.exit(0);
}
const known = [...suites, ...SCENARIOS];
const unknown = args.selected.filter((name) => !known.includes(name));
if (unknown.length > 0) {
  console.error(`unknown suite or scenario: ${unknown.join(', ')}; known: ${known.join(', ')}`);
  process.exit(2);
}
const wants = (name: string) => args.selected.length === 0 || args.selected.includes(name);
const { profile } = args;
const started = performance.now();
const results: BenchResults = {
  profile: profile.name,
  startedAt: new Date().toISOString(),
  durationSeconds: 0,
  machine: describeMachine(),
  versions: installedVersions(),
  micro: {},
  missed: 0,
};
const log = (line: string) => console.log(line);
/** A section's heading, with the time since the run started: progress for a run of minutes. */
const heading = (title: string) =>
  console.log(`[${Math.round((performance.now() - started) / 1000)} s] ${title}`);
const childOptions = (kind: string): ChildOptions =>
  args.cpuProfile ? { cpuProfileDir: new URL(kind, PROFILES).pathname } : {};

console.log(
  `${profile.name} profile; node ${process.version}, ${results.machine.cores} cores, load average ${results.machine.loadAverage}\n` +
    `micro suites: a warm-up, then ${profile.micro.rounds} interleaved rounds of >= ${profile.micro.roundMs} ms per side; verdict on the median ratio\n`,
);
for (const name of suites.filter(wants)) {
  heading(`suite ${name}`);
  const result = await runSuite(name, profile.micro);
  results.micro[name] = result;
  results.missed += missedIn(result);
}

let fleet: McpFleet | undefined;
try {
  if (wants('mcp-endpoint') || wants('scaling')) {
    heading('HTTP: starting the MCP servers and minting tokens');
    fleet = await startMcpFleet(profile.tokenPool, childOptions);
  }
  if (fleet !== undefined && wants('mcp-endpoint')) {
    heading('scenario 2: protected MCP endpoint (and the audit cost of scenario 5)');
    results.mcpEndpoint = await runMcpEndpoint(fleet, profile.mcp, log);
    for (const c of results.mcpEndpoint.contenders) {
      console.log(
        `  ${c.label}: ${Math.round(c.requestsPerSecond)}/s, p50 ${c.p50Ms.toFixed(1)} ms, p99 ${c.p99Ms.toFixed(1)} ms, ${Math.round(c.cpuMicrosPerRequest ?? Number.NaN)} µs CPU/request`,
      );
    }
    for (const r of results.mcpEndpoint.ratios) {
      const cpu = r.cpuRatio === undefined ? '' : `; CPU/request ratio ${r.cpuRatio.toFixed(3)}`;
      console.log(
        `  ${r.name}: ${r.ratio.toFixed(3)} (range ${r.ratioRange[0].toFixed(2)}-${r.ratioRange[1].toFixed(2)})${cpu}${r.meetsTarget === undefined ? '' : r.meetsTarget ? ' met' : ' NOT MET'}`,
      );
      if (r.meetsTarget === false) results.missed++;
    }
  }
  if (fleet !== undefined && wants('scaling')) {
    heading('scenario 6: scaling curve');
    results.scaling = await runScaling(fleet, profile.scaling, log);
    for (const step of results.scaling.steps) {
      const line = step.contenders.map(
        (c) =>
          `${c.label} ${Math.round(c.requestsPerSecond)}/s p99 ${c.p99Ms.toFixed(1)} ms, ramp-up ${Math.round(c.rampUpMs ?? Number.NaN)} ms`,
      );
      console.log(`  ${step.connections}: ${line.join('; ')}`);
    }
  }
} finally {
  await fleet?.close();
}
if (wants('authorization-server')) {
  heading('scenario 4: authorization server');
  results.authServer = await runAuthorizationServers(profile.authServer, childOptions, log);
  for (const w of results.authServer.workloads) {
    for (const c of w.contenders)
      console.log(
        `  ${w.workload}: ${c.label} ${Math.round(c.requestsPerSecond)}/s p99 ${c.p99Ms.toFixed(1)} ms`,
      );
    for (const r of w.ratios) {
      console.log(
        `  ${w.workload}: ${r.name}: ${r.ratio.toFixed(3)}${r.meetsTarget === undefined ? '' : r.meetsTarget ? ' met' : ' NOT MET'}`,
      );
      if (r.meetsTarget === false) results.missed++;
    }
  }
}

results.durationSeconds = (performance.now() - started) / 1000;
const complete = args.selected.length === 0;
const file = saveResults(results, complete ? profile.name : `${profile.name}-partial`);
console.log(`\nresults: ${file.pathname} (${Math.round(results.durationSeconds)} s)`);
if (complete && profile.name === 'full') render(results);
console.log(results.missed === 0 ? 'all targets met' : `${results.missed} target(s) not met`);
process.exitCode = results.missed === 0 ? 0 : 1;
