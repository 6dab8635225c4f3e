import type { HarnessOptions } from './compare.js';
import type { HttpPlan } from './http-rounds.js';
import type { LoadShape } from './load.js';

/** How long and how hard everything is measured; `quick` for `pnpm bench`, `full` for `--full`. */
export interface Profile {
  name: 'quick' | 'full';
  /** The package micro-benchmarks (`suites/`). */
  micro: HarnessOptions;
  /**
   * Scenario 2 (and the audit cost of scenario 5): every contender, same rounds. The warm-up is long
   * enough for the JIT to settle: after 2 s, CPU per request still fell by a fifth to a third over
   * the next 15 s, more for the servers that run more code per request.
   */
  mcp: HttpPlan;
  /** Distinct tokens minted for scenario 2: more than the verifier's cache (10,000) when cycling. */
  tokenPool: number;
  /**
   * Scenario 6: one step per connection count. At 1,000 connections one cycle of requests takes
   * seconds on a small machine, so that step must last a few cycles; it is the only long one.
   */
  scaling: { rounds: number; steps: LoadShape[]; warmUpSeconds: number };
  /**
   * Scenario 4: a fixed `amount` of token requests per run (each consumes one code or refresh
   * token). The warm-up is long enough for every server's JIT to settle: a server runs for days, and
   * over the first few thousand token requests both Gatehouse and oidc-provider still get faster
   * (CPU per request halves).
   */
  authServer: { rounds: number; connections: number; amount: number; warmUpAmount: number };
}

const SCALING_CONNECTIONS = [1, 10, 100, 1000];

export const QUICK: Profile = {
  name: 'quick',
  micro: { rounds: 3, roundMs: 80 },
  mcp: {
    rounds: 3,
    warmUp: { connections: 16, durationSeconds: 2 },
    shape: { connections: 16, durationSeconds: 1 },
  },
  tokenPool: 12_000,
  scaling: {
    rounds: 1,
    warmUpSeconds: 0.5,
    steps: SCALING_CONNECTIONS.map((connections) => ({
      connections,
      durationSeconds: connections >= 1000 ? 3 : 1,
    })),
  },
  authServer: { rounds: 3, connections: 8, amount: 400, warmUpAmount: 1500 },
};

export const FULL: Profile = {
  name: 'full',
  micro: { rounds: 7, roundMs: 150 },
  mcp: {
    rounds: 9,
    warmUp: { connections: 16, durationSeconds: 8 },
    shape: { connections: 16, durationSeconds: 3 },
  },
  tokenPool: 20_000,
  scaling: {
    rounds: 3,
    warmUpSeconds: 1,
    steps: SCALING_CONNECTIONS.map((connections) => ({
      connections,
      durationSeconds: connections >= 1000 ? 6 : 3,
    })),
  },
  authServer: { rounds: 7, connections: 8, amount: 2000, warmUpAmount: 4000 },
};
