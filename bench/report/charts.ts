import { mkdirSync, writeFileSync } from 'node:fs';
import type { BenchResults } from '../harness/results.js';
import { eventsPerOp } from './format.js';
import { type Bar, barChart } from './svg-bar.js';
import { lineChart } from './svg-line.js';

export const CHARTS_DIR = new URL('../charts/', import.meta.url);

const isGatehouse = (id: string) => id.startsWith('gatehouse');

/** The bars of every distinct label in a micro suite (subjects and baselines, first seen wins). */
function microBars(results: BenchResults, suite: string, pick: (name: string) => boolean): Bar[] {
  const bars = new Map<string, Bar>();
  for (const r of results.micro[suite]?.comparisons ?? []) {
    if (!pick(r.name)) continue;
    const scale = eventsPerOp(r.name);
    if (!bars.has(r.subject.label)) {
      bars.set(r.subject.label, {
        label: r.subject.label,
        value: r.subject.opsPerSecond * scale,
        gatehouse: true,
      });
    }
    if (!bars.has(r.baseline.label)) {
      bars.set(r.baseline.label, {
        label: r.baseline.label,
        value: r.baseline.opsPerSecond * scale,
      });
    }
  }
  return [...bars.values()];
}

/**
 * Writes one SVG per scenario into `bench/charts/` from a run's results; returns the file names
 * written, by scenario.
 */
export function writeCharts(results: BenchResults): Record<string, string> {
  mkdirSync(CHARTS_DIR, { recursive: true });
  const written: Record<string, string> = {};
  const write = (name: string, svg: string) => {
    writeFileSync(new URL(`${name}.svg`, CHARTS_DIR), svg);
    written[name] = `bench/charts/${name}.svg`;
  };
  if (results.mcpEndpoint !== undefined) {
    write(
      'mcp-endpoint',
      barChart({
        title: 'Scenario 2: tools/call through a protected MCP endpoint (median of rounds)',
        unit: 'requests/s',
        bars: results.mcpEndpoint.contenders.map((c) => ({
          label: c.label,
          value: c.requestsPerSecond,
          gatehouse: isGatehouse(c.id),
          note: `p99 ${c.p99Ms.toFixed(1)} ms`,
        })),
      }),
    );
  }
  const scopeBars = microBars(
    results,
    'scopes',
    (name) => !name.includes('cold compile') && !name.includes('scopeSatisfies'),
  );
  if (scopeBars.length > 0) {
    write(
      'scope-decisions',
      barChart({
        title: 'Scenario 3: scope decisions per second',
        unit: 'decisions/s',
        bars: scopeBars,
        log: true,
      }),
    );
  }
  if (results.authServer !== undefined) {
    const bars = results.authServer.workloads.flatMap((w) =>
      w.contenders.map((c) => ({
        label: `${w.workload === 'codes' ? 'code exchange' : 'refresh'}: ${c.label}`,
        value: c.requestsPerSecond,
        gatehouse: isGatehouse(c.id),
        note: `p99 ${c.p99Ms.toFixed(1)} ms`,
      })),
    );
    write(
      'authorization-server',
      barChart({
        title: 'Scenario 4: token endpoint requests per second',
        unit: 'requests/s',
        bars,
      }),
    );
  }
  const auditBars = microBars(results, 'audit', () => true);
  if (auditBars.length > 0) {
    write(
      'audit',
      barChart({
        title: 'Scenario 5: audit events per second, per sink',
        unit: 'events/s',
        bars: auditBars,
      }),
    );
  }
  if (results.scaling !== undefined) {
    const ids = results.scaling.steps[0]?.contenders.map((c) => c.id) ?? [];
    const series = (value: (c: { requestsPerSecond: number; p99Ms: number }) => number) =>
      ids.map((id) => ({
        name: results.scaling?.steps[0]?.contenders.find((c) => c.id === id)?.label ?? id,
        points: (results.scaling?.steps ?? []).flatMap((step) => {
          const c = step.contenders.find((x) => x.id === id);
          return c === undefined ? [] : [[step.connections, value(c)] as [number, number]];
        }),
      }));
    write(
      'scaling',
      lineChart({
        title: 'Scenario 6: tools/call as concurrent connections grow',
        xLabel: 'concurrent connections',
        panels: [
          { yLabel: 'requests/s', series: series((c) => c.requestsPerSecond) },
          { yLabel: 'p99 latency, ms', series: series((c) => c.p99Ms), logY: true },
        ],
      }),
    );
  }
  return written;
}
