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
  /** Median over the rounds of each round's subject/baseline throughput ratio. */
  ratio: number;
  /** Lowest and highest per-round ratio: how much the rounds agree. */
  ratioRange: [number, number];
  rounds: number;
  minRatio: number | undefined;
  minOpsPerSecond: number | undefined;
  meetsTarget: boolean | undefined;
}

/** How long and how often a comparison is measured. */
export interface HarnessOptions {
  /** Measured rounds, after one warm-up; each round times both contenders. Default 7. */
  rounds: number;
  /** Minimum measured time of one contender in one round, in milliseconds. Default 150. */
  roundMs: number;
}

export const DEFAULT_HARNESS: HarnessOptions = { rounds: 7, roundMs: 150 };

/** Calls cheaper than this are timed in batches (mitata's threshold), for both sides alike. */
const BATCH_BELOW_NS = 50_000;
/** Target duration of one batched sample. */
const BATCH_SAMPLE_NS = 200_000;

/** The median of `values` (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Runs `contender` for `ms` milliseconds (JIT warm-up) and returns its mean time per call, in ns. */
async function warmUp(contender: Contender, ms: number): Promise<number> {
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < ms) {
    const result = contender.run();
    if (result instanceof Promise) await result;
    calls++;
  }
  return ((performance.now() - start) * 1e6) / calls;
}

/** The mitata options that fix how a contender is timed. */
interface TimingMode {
  min_cpu_time: number;
  warmup_threshold: number;
  batch_threshold: number;
  batch_samples?: number;
}

/**
 * mitata decides per function, from one warm-up call, whether to time calls one by one or in
 * batches; a call that happens to be slow once (load, GC) flips the mode and with it the result. The
 * harness decides once per comparison, from both contenders' warmed-up cost, so both sides are
 * always timed the same way.
 */
function timingMode(nsPerCall: number, roundMs: number): TimingMode {
  const common = { min_cpu_time: roundMs * 1e6, warmup_threshold: Number.POSITIVE_INFINITY };
  if (nsPerCall >= BATCH_BELOW_NS) return { ...common, batch_threshold: -1 };
  const perSample = Math.min(4096, Math.max(4, Math.round(BATCH_SAMPLE_NS / nsPerCall / 4) * 4));
  return { ...common, batch_threshold: Number.POSITIVE_INFINITY, batch_samples: perSample };
}

async function opsPerSecond(
  contender: Contender,
  mode: TimingMode,
): Promise<{ ops: number; p99: number }> {
  const stats = await measure(contender.run, mode);
  return { ops: 1e9 / stats.p50, p99: stats.p99 };
}

/**
 * Runs a comparison: a warm-up of both contenders, then `rounds` rounds, each timing both (the
 * order alternating from round to round, so that neither side always runs first). Each round gives
 * a subject/baseline ratio; the verdict is on the median ratio, and the throughputs reported are
 * the medians of the rounds.
 */
export async function compare(
  comparison: Comparison,
  options: HarnessOptions = DEFAULT_HARNESS,
): Promise<ComparisonResult> {
  const cost = Math.max(
    await warmUp(comparison.baseline, options.roundMs),
    await warmUp(comparison.subject, options.roundMs),
  );
  const mode = timingMode(cost, options.roundMs);
  const baseline: number[] = [];
  const subject: number[] = [];
  const subjectP99: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const subjectFirst = round % 2 === 1;
    const first = await opsPerSecond(subjectFirst ? comparison.subject : comparison.baseline, mode);
    const second = await opsPerSecond(
      subjectFirst ? comparison.baseline : comparison.subject,
      mode,
    );
    const [b, s] = subjectFirst ? [second, first] : [first, second];
    baseline.push(b.ops);
    subject.push(s.ops);
    subjectP99.push(s.p99);
    ratios.push(s.ops / b.ops);
  }
  await comparison.teardown?.();
  const ratio = median(ratios);
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
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    rounds: options.rounds,
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
    `  ratio ${result.ratio.toFixed(3)} (median of ${result.rounds} rounds,` +
    ` range ${result.ratioRange[0].toFixed(3)}-${result.ratioRange[1].toFixed(3)})${verdict}`
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
