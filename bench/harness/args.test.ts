import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.js';
import { FULL, QUICK } from './profile.js';

const RUN = fileURLToPath(new URL('../run.ts', import.meta.url));

/** `node --import tsx run.ts <args>`: its exit status and output (only for runs that measure nothing). */
function run(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', RUN, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('parseArgs', () => {
  it('reads the profile, the micro-suite options and the names', () => {
    expect(parseArgs([]).profile.name).toBe(QUICK.name);
    const args = parseArgs(['--full', '--rounds', '5', '--round-ms=90', 'pkce', 'scaling']);
    expect(args.profile.name).toBe(FULL.name);
    expect(args.profile.micro).toEqual({ rounds: 5, roundMs: 90 });
    expect(args.selected).toEqual(['pkce', 'scaling']);
    expect(parseArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--rounds', 'x'], '--rounds needs a positive integer'],
    [['--round-ms=0'], '--round-ms needs a positive integer'],
    [['--rounds'], '--rounds needs a positive integer'],
  ])('refuses %j with a UsageError', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('pnpm bench on the command line', () => {
  it('exits 2 with one line and the usage for a mistyped option, measuring nothing', () => {
    const { status, stdout, stderr } = run('--bogus');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^unknown option --bogus\nusage: pnpm bench /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for an unknown suite or scenario', () => {
    const { status, stderr } = run('nosuch');
    expect(status).toBe(2);
    expect(stderr).toContain('unknown suite or scenario: nosuch');
  });

  it('prints the options, suites and scenarios for --help and exits 0', () => {
    const { status, stdout } = run('--help');
    expect(status).toBe(0);
    expect(stdout).toContain('--full');
    expect(stdout).toMatch(/suites: .*tokens/);
    expect(stdout).toContain('scenarios: mcp-endpoint, scaling, authorization-server');
  });
});
