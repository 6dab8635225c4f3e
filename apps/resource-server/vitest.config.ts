import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'resource-server', include: ['src/**/*.test.ts'] },
});
