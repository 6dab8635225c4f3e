import type { ComparisonResult } from '../harness/compare.js';
import type { ContenderSummary, HttpRatio } from '../harness/http-rounds.js';

/** A Markdown table; cells are escaped for `|`. */
export function table(header: string[], rows: string[][]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function int(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

export function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : 'n/a';
}

/**
 * Three decimals below 10x, cut rather than rounded: a verdict can turn on the fourth decimal, and
 * 0.8996x shown as 0.900x would read as meeting a 0.9 target it missed.
 */
export function ratio(value: number): string {
  const digits = value < 10 ? 3 : 2;
  const scale = 10 ** digits;
  return `${(Math.floor(value * scale) / scale).toFixed(digits)}x`;
}

export function verdict(meets: boolean | undefined): string {
  return meets === undefined ? 'reported' : meets ? '**met**' : '**not met**';
}

/**
 * Contender rows: requests/s, p50, p99, the slowest first answer on a connection (medians of the
 * rounds) and failed requests.
 */
export function contenderTable(contenders: readonly ContenderSummary[]): string {
  return table(
    [
      'server',
      'requests/s',
      'p50 ms',
      'p99 ms',
      'connection ramp-up ms',
      'server CPU µs/request',
      'failed',
    ],
    contenders.map((c) => [
      c.label,
      int(c.requestsPerSecond),
      ms(c.p50Ms),
      ms(c.p99Ms),
      c.rampUpMs === undefined ? 'n/a' : ms(c.rampUpMs),
      c.cpuMicrosPerRequest === undefined ? 'n/a' : int(c.cpuMicrosPerRequest),
      int(c.failed),
    ]),
  );
}

/** Ratio rows: median of per-round ratios, their range, the target and the verdict. */
export function ratioTable(ratios: readonly HttpRatio[]): string {
  return table(
    [
      'comparison',
      'subject / baseline',
      'requests/s ratio (median)',
      'range over rounds',
      'CPU/request ratio (baseline / subject)',
      'target',
      'verdict',
    ],
    ratios.map((r) => [
      r.name,
      `${r.subject} / ${r.baseline}`,
      ratio(r.ratio),
      `${r.ratioRange[0].toFixed(2)}-${r.ratioRange[1].toFixed(2)}`,
      r.cpuRatio === undefined || r.cpuRatioRange === undefined
        ? 'n/a'
        : `${ratio(r.cpuRatio)} (${r.cpuRatioRange[0].toFixed(2)}-${r.cpuRatioRange[1].toFixed(2)})`,
      r.minRatio === undefined ? '-' : `>= ${r.minRatio}`,
      verdict(r.meetsTarget),
    ]),
  );
}

/** How many events one timed operation stands for (audit suites time batches: "1 op = 1000 events"). */
export function eventsPerOp(name: string): number {
  const match = /1 op = (\d+) events/.exec(name);
  return match === null ? 1 : Number(match[1]);
}

function target(result: ComparisonResult): string {
  const parts = [
    result.minRatio === undefined ? '' : `ratio >= ${result.minRatio}`,
    result.minOpsPerSecond === undefined
      ? ''
      : `>= ${int(result.minOpsPerSecond * eventsPerOp(result.name))}/s`,
  ].filter(Boolean);
  return parts.length === 0 ? '-' : parts.join(', ');
}

/** Micro-benchmark rows (per second figures multiplied out for batched suites). */
export function microTable(results: readonly ComparisonResult[], unit = 'ops/s'): string {
  return table(
    [
      'comparison',
      `subject ${unit}`,
      `baseline ${unit}`,
      'ratio (median)',
      'range',
      'target',
      'verdict',
    ],
    results.map((r) => {
      const scale = eventsPerOp(r.name);
      return [
        `${r.name}<br>subject: ${r.subject.label}; baseline: ${r.baseline.label}`,
        int(r.subject.opsPerSecond * scale),
        int(r.baseline.opsPerSecond * scale),
        ratio(r.ratio),
        `${r.ratioRange[0].toFixed(2)}-${r.ratioRange[1].toFixed(2)}`,
        target(r),
        verdict(r.meetsTarget),
      ];
    }),
  );
}
