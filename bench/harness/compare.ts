import { measure } from 'mitata';

/** One side of a comparison: what is timed, and what it is called in the report. */
export interface Contender {
  label: string;
  run: () => unknown;
}

/**
 * A measurement of `subject` against `baseline`, both timed in the same process, interleaved in
 * rounds so that drift (thermal, other load) falls on both sides alike.
 */
export interface Comparison {
  name: string;
  baseline: Contender;
  subject: Contender;
  /** Lowest acceptable subject/baseline throughput ratio, from the issue that set the target. */
  minRatio?: number;
  /** Lowest acceptable absolute subject throughput, for targets an issue sets in operations per second. */
  minOpsPerSecond?: number;
  /** Releases what the contenders hold open (files, loggers), once both are measured. */
  teardown?: () => Promise<void>;
}

export interface ComparisonResult {
  name: string;
  baseline: { label: string; opsPerSecond: number };
  subject: { label: string; opsPerSecond: number; p99Microseconds: number };
  ratio: number;
  minRatio: number | undefined;
  minOpsPerSecond: number | undefined;
  meetsTarget: boolean | undefined;
}

const ROUNDS = 3;
const CPU_TIME_PER_ROUND_NS = 400e6;

async function opsPerSecond(contender: Contender): Promise<{ ops: number; p99: number }> {
  const stats = await measure(contender.run, { min_cpu_time: CPU_TIME_PER_ROUND_NS });
  return { ops: 1e9 / stats.p50, p99: stats.p99 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Runs a comparison: {@link ROUNDS} interleaved rounds, median of the per-round medians. */
export async function compare(comparison: Comparison): Promise<ComparisonResult> {
  const baseline: number[] = [];
  const subject: number[] = [];
  const subjectP99: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push((await opsPerSecond(comparison.baseline)).ops);
    const measured = await opsPerSecond(comparison.subject);
    subject.push(measured.ops);
    subjectP99.push(measured.p99);
  }
  await comparison.teardown?.();
  const ratio = median(subject) / median(baseline);
  const { minRatio, minOpsPerSecond } = comparison;
  const targets = [
    minRatio === undefined ? undefined : ratio >= minRatio,
    minOpsPerSecond === undefined ? undefined : median(subject) >= minOpsPerSecond,
  ].filter((verdict) => verdict !== undefined);
  return {
    name: comparison.name,
    baseline: { label: comparison.baseline.label, opsPerSecond: median(baseline) },
    subject: {
      label: comparison.subject.label,
      opsPerSecond: median(subject),
      p99Microseconds: median(subjectP99) / 1e3,
    },
    ratio,
    minRatio,
    minOpsPerSecond,
    meetsTarget: targets.length === 0 ? undefined : targets.every(Boolean),
  };
}

function formatOps(ops: number): string {
  return Math.round(ops).toLocaleString('en-US');
}

/** One report line a comparison, readable in a terminal and pasteable into a note. */
export function formatResult(result: ComparisonResult): string {
  const targets = [
    result.minRatio === undefined ? '' : `ratio >= ${result.minRatio}`,
    result.minOpsPerSecond === undefined ? '' : `>= ${formatOps(result.minOpsPerSecond)} ops/s`,
  ].filter(Boolean);
  const verdict =
    result.meetsTarget === undefined
      ? ''
      : `; target ${targets.join(' and ')}: ${result.meetsTarget ? 'met' : 'NOT MET'}`;
  return (
    `${result.name}\n` +
    `  ${result.subject.label}: ${formatOps(result.subject.opsPerSecond)} ops/s` +
    ` (p99 ${result.subject.p99Microseconds.toFixed(2)} µs)\n` +
    `  ${result.baseline.label}: ${formatOps(result.baseline.opsPerSecond)} ops/s\n` +
    `  ratio ${result.ratio.toFixed(3)}${verdict}`
  );
}

/**
 * A measurement that is not a timed function pair (a latency under a fixed arrival rate, a
 * multi-process run): the suite measures it itself and reports lines and a verdict.
 */
export interface Measurement {
  name: string;
  lines: string[];
  meetsTarget?: boolean;
}
