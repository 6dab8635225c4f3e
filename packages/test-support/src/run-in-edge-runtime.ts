import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';

/**
 * Bundles `entry` (a package's `src/index.ts`) for a browser-like platform and runs `script` against it
 * inside a fresh Edge runtime context: a separate V8 context with only Web-standard globals (no
 * `process`, no `Buffer`, no `require`). The module's exports are in scope as `lib`. `script` is the body
 * of an async function; what it returns comes back JSON-serialised, so no object crosses realms.
 *
 * Bundling fails if the code under `entry` imports a `node:` module, which is itself part of the check.
 */
export async function runInEdgeRuntime(entry: string, script: string): Promise<unknown> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'lib',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]?.text;
  if (code === undefined) throw new Error(`esbuild produced no output for ${entry}`);
  const vm = new EdgeVM();
  vm.evaluate(code);
  const json: string = await vm.evaluate(
    `(async () => { ${script} })().then((value) => JSON.stringify(value === undefined ? null : value))`,
  );
  return JSON.parse(json);
}
