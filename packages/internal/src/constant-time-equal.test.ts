import { describe, expect, it } from 'vitest';
import { type CharCodes, constantTimeEqual } from './index.js';

function countingReads(text: string): CharCodes & { reads: number } {
  return {
    reads: 0,
    length: text.length,
    charCodeAt(index: number): number {
      this.reads++;
      return text.charCodeAt(index);
    },
  };
}

describe('constantTimeEqual', () => {
  it('compares correctly', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'xbc')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });

  it('reads every character wherever the first difference is (no early exit)', () => {
    const reference = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    for (const position of [0, 1, 20, 42]) {
      const differing = `${reference.slice(0, position)}#${reference.slice(position + 1)}`;
      const a = countingReads(differing);
      const b = countingReads(reference);
      expect(constantTimeEqual(a, b)).toBe(false);
      expect(a.reads).toBe(reference.length);
      expect(b.reads).toBe(reference.length);
    }
  });
});
