import type { Options } from 'tsup';

/**
 * The build every published package shares: ESM with declarations, runtime-neutral output, `node:`
 * imports left to the runtime. A package's tsup.config.ts names only its entry points.
 */
export function packageBuild(entry: Record<string, string>): Options {
  return {
    entry,
    format: ['esm'],
    platform: 'neutral',
    target: 'es2022',
    external: [/^node:/],
    dts: true,
    sourcemap: true,
    clean: true,
  };
}
