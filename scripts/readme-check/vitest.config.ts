import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'readme-check',
    include: ['*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 600_000,
  },
});
