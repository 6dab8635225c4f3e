import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'pkce', include: ['src/**/*.test.ts'] },
});
