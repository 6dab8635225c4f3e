import { defineConfig } from 'tsup';

// `pnpm demo` runs src/demo/main.ts as one ESM file; every package stays external (node_modules).
export default defineConfig({
  entry: { main: 'src/demo/main.ts' },
  outDir: 'dist/demo',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  skipNodeModulesBundle: true,
  silent: true,
});
