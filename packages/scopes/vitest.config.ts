import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'scopes', include: ['src/**/*.test.ts'] },
});
