import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'discovery', include: ['src/**/*.test.ts'] },
});
