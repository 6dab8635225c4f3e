import { describe, expect, it } from 'vitest';
import { consentCovers, mergeScopes } from './consent-decision.js';

describe('consentCovers', () => {
  it('needs a consent, and every requested scope covered (wildcards included)', () => {
    expect(consentCovers(undefined, [])).toBe(false);
    expect(consentCovers([], [])).toBe(true);
    expect(consentCovers(['mcp:tools:*'], ['mcp:tools:weather'])).toBe(true);
    expect(consentCovers(['mcp:tools:weather'], ['mcp:tools:*'])).toBe(false);
    expect(consentCovers(['mcp:tools:weather'], ['mcp:tools:weather', 'mcp:prompts:x'])).toBe(
      false,
    );
  });
});

describe('mergeScopes', () => {
  it('keeps the requested scopes first and the earlier ones after, once each', () => {
    expect(mergeScopes(['b', 'a'], ['a', 'c'])).toEqual(['b', 'a', 'c']);
    expect(mergeScopes(['a'], undefined)).toEqual(['a']);
  });
});
