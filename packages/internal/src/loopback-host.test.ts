import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './index.js';

describe('isLoopbackHost', () => {
  it('admits localhost, [::1] and 127.0.0.0/8', () => {
    for (const url of [
      'http://localhost/',
      'http://[::1]:8080/',
      'http://127.0.0.1/',
      'http://127.255.0.9/',
    ]) {
      expect(isLoopbackHost(new URL(url).hostname)).toBe(true);
    }
  });

  it('refuses every other host, including look-alikes', () => {
    for (const url of [
      'http://example.com/',
      'http://127.0.0.1.example.com/',
      'http://localhost.example.com/',
      'http://128.0.0.1/',
      'http://[::2]/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.0.0.1/',
    ]) {
      expect(isLoopbackHost(new URL(url).hostname)).toBe(false);
    }
  });
});
