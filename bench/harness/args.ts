import type { HarnessOptions } from './compare.js';
import { FULL, type Profile, QUICK } from './profile.js';

/** The HTTP scenarios, by the name that selects them on the command line. */
export const SCENARIOS = ['mcp-endpoint', 'scaling', 'authorization-server'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchArgs {
  profile: Profile;
  /** Micro suites and scenarios named on the command line; empty: everything. */
  selected: string[];
  /** Re-render `BENCHMARKS.md` and the charts from `results/full.json`, measuring nothing. */
  renderOnly: boolean;
  /** Write V8 CPU profiles of the HTTP servers under load into `bench/profiles/`. */
  cpuProfile: boolean;
}

const USAGE =
  'usage: pnpm bench [--full] [--render] [--cpu-prof] [--rounds n] [--round-ms ms] [suite or scenario ...]';

/**
 * `--full` (the profile BENCHMARKS.md is made from; default quick), `--render`, `--cpu-prof`, and
 * for the micro suites `--rounds <n>` and `--round-ms <ms>`; other words name suites or scenarios.
 */
export function parseArgs(args: readonly string[]): BenchArgs {
  let profile = QUICK;
  const micro: Partial<HarnessOptions> = {};
  const selected: string[] = [];
  let renderOnly = false;
  let cpuProfile = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--full') profile = FULL;
    else if (flag === '--quick') profile = QUICK;
    else if (flag === '--render') renderOnly = true;
    else if (flag === '--cpu-prof') cpuProfile = true;
    else if (flag === '--rounds' || flag === '--round-ms') {
      const value = Number(inline ?? args[++index]);
      if (!Number.isSafeInteger(value) || value < 1)
        throw new Error(`${flag} needs a positive integer`);
      micro[flag === '--rounds' ? 'rounds' : 'roundMs'] = value;
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else selected.push(arg);
  }
  return {
    profile: { ...profile, micro: { ...profile.micro, ...micro } },
    selected,
    renderOnly,
    cpuProfile,
  };
}
