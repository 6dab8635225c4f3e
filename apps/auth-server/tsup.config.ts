import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts', 'src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // declarations for both entries: e2e, scripts and benchmarks import the library entry
  dts: true,
  sourcemap: true,
  clean: true,
});
