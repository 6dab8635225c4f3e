import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The path of an app's built CLI (the command users run), from the `bin` of its package as linked
 * into e2e's `node_modules`: read from disk, so that it does not depend on the app's `exports` map.
 */
export function appCli(packageName: string, command: string): string {
  const manifest = fileURLToPath(
    new URL(`../../node_modules/${packageName}/package.json`, import.meta.url),
  );
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: Record<string, string> };
  const script = bin?.[command];
  if (script === undefined) throw new Error(`${packageName} has no bin ${command}`);
  return join(dirname(manifest), script);
}
