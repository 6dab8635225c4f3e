import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'koa/index': 'src/koa/index.ts' },
  format: ['esm'],
  platform: 'neutral',
  target: 'es2022',
  external: [/^node:/],
  dts: true,
  sourcemap: true,
  clean: true,
});
