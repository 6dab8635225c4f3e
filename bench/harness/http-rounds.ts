import { median } from './compare.js';
import { type LoadRequest, type LoadResult, type LoadShape, runLoad } from './load.js';

/** One server-and-workload pair measured in an HTTP scenario. */
export interface HttpContender {
  id: string;
  label: string;
  /** The loopback origin the load goes to. */
  origin: string;
  /**
   * The requests of one run, made before it starts (outside the timing): for a run of `amount`
   * requests, the credentials it consumes; for a timed run, a source that cycles a pool.
   */
  requests(shape: LoadShape): Promise<LoadRequest>;
  /** CPU time the server's process has used so far, in µs (see {@link ContenderSummary}). */
  cpuMicros?: () => Promise<number>;
}

/** How an HTTP comparison is run: rounds, warm-up and the load of each run. */
export interface HttpPlan {
  rounds: number;
  /** One run per contender before the rounds, not recorded (JIT, caches, connections). */
  warmUp: LoadShape;
  shape: LoadShape;
}

/** What one contender did over the rounds: medians of the per-round values, and every run. */
export interface ContenderSummary {
  id: string;
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The slowest first answer on a connection (the connection ramp-up, see `LoadResult`). */
  rampUpMs?: number;
  /** Non-2xx answers, errors and timeouts over all recorded runs (0 for a valid result). */
  failed: number;
  /** Requests per second of each round, in round order. */
  perRound: number[];
  p99PerRound: number[];
  /**
   * Server CPU time (user + system) per answered request, µs, median of the rounds: what serving
   * one request costs, which other work sharing the cores disturbs far less than requests/s.
   */
  cpuMicrosPerRequest?: number;
  cpuPerRound?: number[];
}

/**
 * Measures every contender in the same run: a warm-up run each, then `rounds` rounds in which each
 * contender runs once, the order reversed from one round to the next so that drift (thermal, other
 * load on the machine) falls on every side alike. Per-round values are kept so that ratios can be
 * taken round by round (see {@link ratioBetween}).
 */
export async function measureContenders(
  contenders: readonly HttpContender[],
  plan: HttpPlan,
  log: (line: string) => void = () => undefined,
): Promise<Map<string, ContenderSummary>> {
  const runs = new Map<string, (LoadResult & { cpuMicros?: number })[]>(
    contenders.map((c) => [c.id, []]),
  );
  for (const contender of contenders) {
    const warm = await runLoad(
      contender.origin,
      await contender.requests(plan.warmUp),
      plan.warmUp,
    );
    if (warm.ok === 0) throw new Error(`${contender.label}: no successful answer while warming up`);
  }
  for (let round = 0; round < plan.rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const requests = await contender.requests(plan.shape);
      const cpuBefore = await contender.cpuMicros?.();
      const load = await runLoad(contender.origin, requests, plan.shape);
      const cpuAfter = await contender.cpuMicros?.();
      const result =
        cpuBefore === undefined || cpuAfter === undefined || load.ok === 0
          ? load
          : { ...load, cpuMicros: (cpuAfter - cpuBefore) / load.ok };
      if (result.failed > 0) {
        log(
          `  ${contender.label}: ${result.failed} failed request(s), first status ${result.firstBadStatus ?? 'none (transport)'}`,
        );
      }
      runs.get(contender.id)?.push(result);
    }
  }
  const summaries = new Map<string, ContenderSummary>();
  for (const contender of contenders) {
    const results = runs.get(contender.id) ?? [];
    summaries.set(contender.id, {
      id: contender.id,
      label: contender.label,
      requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
      p50Ms: median(results.map((r) => r.p50Ms)),
      p99Ms: median(results.map((r) => r.p99Ms)),
      rampUpMs: median(results.map((r) => r.rampUpMs)),
      failed: results.reduce((sum, r) => sum + r.failed, 0),
      perRound: results.map((r) => r.requestsPerSecond),
      p99PerRound: results.map((r) => r.p99Ms),
      ...(results.every((r) => r.cpuMicros !== undefined) && results.length > 0
        ? {
            cpuMicrosPerRequest: median(results.map((r) => r.cpuMicros as number)),
            cpuPerRound: results.map((r) => r.cpuMicros as number),
          }
        : {}),
    });
  }
  return summaries;
}

/** A subject/baseline throughput ratio over the rounds of one run. */
export interface HttpRatio {
  name: string;
  subject: string;
  baseline: string;
  /** Median of the per-round ratios. */
  ratio: number;
  ratioRange: [number, number];
  /**
   * Median over the rounds of baseline CPU per request / subject CPU per request: above 1, the
   * subject serves a request with less CPU. Present when both servers report their CPU time.
   */
  cpuRatio?: number;
  cpuRatioRange?: [number, number];
  minRatio?: number;
  /** Undefined when the comparison has no target (reported only). */
  meetsTarget?: boolean;
}

/**
 * The median over the rounds of `subject`'s requests/s divided by `baseline`'s in the same round,
 * judged against `minRatio` when given. A side with failed requests fails the target.
 */
export function ratioBetween(
  summaries: Map<string, ContenderSummary>,
  name: string,
  subjectId: string,
  baselineId: string,
  minRatio?: number,
): HttpRatio {
  const subject = summaries.get(subjectId);
  const baseline = summaries.get(baselineId);
  if (subject === undefined || baseline === undefined) {
    throw new Error(
      `ratio ${name}: unknown contender ${subject === undefined ? subjectId : baselineId}`,
    );
  }
  const ratios = subject.perRound.map((rps, round) => rps / (baseline.perRound[round] as number));
  const ratio = median(ratios);
  const valid = subject.failed === 0 && baseline.failed === 0;
  const subjectCpu = subject.cpuPerRound;
  const baselineCpu = baseline.cpuPerRound;
  const cpuRatios =
    subjectCpu === undefined || baselineCpu === undefined
      ? []
      : subjectCpu.map((cpu, round) => (baselineCpu[round] as number) / cpu);
  return {
    name,
    subject: subject.label,
    baseline: baseline.label,
    ratio,
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    ...(cpuRatios.length === 0
      ? {}
      : {
          cpuRatio: median(cpuRatios),
          cpuRatioRange: [Math.min(...cpuRatios), Math.max(...cpuRatios)] as [number, number],
        }),
    ...(minRatio === undefined ? {} : { minRatio, meetsTarget: valid && ratio >= minRatio }),
  };
}
