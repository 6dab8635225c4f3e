import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'registration', include: ['src/**/*.test.ts'] },
});
