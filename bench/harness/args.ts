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
  /** Print {@link HELP} and measure nothing. */
  help: boolean;
}

export const USAGE =
  'usage: pnpm bench [--full] [--render] [--cpu-prof] [--rounds n] [--round-ms ms] [suite or scenario ...]';

/** What `--help` prints (the names of the suites and scenarios follow it). */
export const HELP = `${USAGE}

  (no option)     the quick profile, under 3 minutes; results in bench/results/quick.json
  --full          the complete run BENCHMARKS.md is made from (about 12 minutes); rewrites
                  BENCHMARKS.md, bench/charts/ and bench/results/full.json
  --render        re-render BENCHMARKS.md and the charts from bench/results/full.json, measuring
                  nothing (after editing bench/notes.md)
  --cpu-prof      a V8 CPU profile of every HTTP server's timed runs, in bench/profiles/
  --rounds n      rounds per micro-suite comparison
  --round-ms ms   least time per side and round in the micro suites
  names           only these suites and scenarios; results in bench/results/<profile>-partial.json

Exits 1 when a target is missed, 2 on a command-line error. See bench/README.md.`;

/** A command-line mistake: `run.ts` prints it with the usage line and exits 2. */
export class UsageError extends Error {}

/**
 * `--full` (the profile BENCHMARKS.md is made from; default quick), `--render`, `--cpu-prof`,
 * `--help`, and for the micro suites `--rounds <n>` and `--round-ms <ms>`; other words name suites
 * or scenarios. Throws {@link UsageError}.
 */
export function parseArgs(args: readonly string[]): BenchArgs {
  let profile = QUICK;
  const micro: Partial<HarnessOptions> = {};
  const selected: string[] = [];
  let renderOnly = false;
  let cpuProfile = false;
  let help = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    if (flag === '--full') profile = FULL;
    else if (flag === '--quick') profile = QUICK;
    else if (flag === '--render') renderOnly = true;
    else if (flag === '--cpu-prof') cpuProfile = true;
    else if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--rounds' || flag === '--round-ms') {
      const value = Number(inline ?? args[++index]);
      if (!Number.isSafeInteger(value) || value < 1)
        throw new UsageError(`${flag} needs a positive integer`);
      micro[flag === '--rounds' ? 'rounds' : 'roundMs'] = value;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else selected.push(arg);
  }
  return {
    profile: { ...profile, micro: { ...profile.micro, ...micro } },
    selected,
    renderOnly,
    cpuProfile,
    help,
  };
}
