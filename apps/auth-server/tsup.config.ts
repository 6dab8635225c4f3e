import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/cli.ts', 'src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  // declarations for the library entry: e2e and scripts import startAuthServer from it
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
});
