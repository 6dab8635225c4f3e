import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The path of an app's built CLI, from its package's `bin` (the command users run). */
export function appCli(packageName: string, command: string): string {
  const manifest = require.resolve(`${packageName}/package.json`);
  const { bin } = require(manifest) as { bin?: Record<string, string> };
  const script = bin?.[command];
  if (script === undefined) throw new Error(`${packageName} has no bin ${command}`);
  return join(dirname(manifest), script);
}
