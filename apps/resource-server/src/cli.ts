#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.js';
import { ConfigError } from './config-error.js';
import { helpText } from './help.js';
import { type RunningResourceServer, startResourceServer } from './server.js';

/**
 * Runs `gatehouse-mcp-server` with `argv` (without `node` and the script): starts the server and
 * resolves with the running server, or with an exit code (0 after `--help`, 2 for a bad
 * configuration).
 */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<RunningResourceServer | number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(helpText());
    return 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ argv, env });
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    process.stderr.write(`${error.message}\n\nRun with --help for every option.\n`);
    return 2;
  }
  return startResourceServer(config);
}

/** Stops `server` on SIGINT / SIGTERM (a second signal exits at once). */
function closeOnSignals(server: RunningResourceServer): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(1);
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).then(
    (outcome) => {
      if (typeof outcome === 'number') process.exitCode = outcome;
      else closeOnSignals(outcome);
    },
    (error: unknown) => {
      process.stderr.write(`gatehouse-mcp-server: ${(error as Error).message ?? error}\n`);
      process.exitCode = 1;
    },
  );
}
