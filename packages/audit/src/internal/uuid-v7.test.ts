import { describe, expect, it } from 'vitest';
import { uuidV7 } from './uuid-v7.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7: the random part', () => {
  // 8 random bytes per id from a 4 KiB pool: 5,000 ids draw the pool about ten times
  const ids = Array.from({ length: 5_000 }, () => uuidV7(1_800_000_000_000));
  const tails = ids.map((id) => id.slice(19));

  it('has the v7 layout and the RFC 9562 variant bits in every id', () => {
    for (const id of ids) expect(id).toMatch(V7);
  });

  it('never repeats, across pool draws', () => {
    expect(new Set(tails).size).toBe(tails.length);
  });

  it('spreads evenly: every hex digit of the 62 random bits about as often as the others', () => {
    const counts = new Map<string, number>();
    for (const tail of tails) {
      for (const digit of tail.slice(1).replace('-', '')) {
        counts.set(digit, (counts.get(digit) ?? 0) + 1);
      }
    }
    // 75,000 digits: 4,687.5 each expected, standard deviation about 66
    expect(counts.size).toBe(16);
    for (const count of counts.values()) expect(Math.abs(count - 4_687.5)).toBeLessThan(470);
    const variants = new Map<string, number>();
    for (const tail of tails)
      variants.set(tail[0] as string, (variants.get(tail[0] as string) ?? 0) + 1);
    expect([...variants.keys()].sort()).toEqual(['8', '9', 'a', 'b']);
    for (const count of variants.values()) expect(Math.abs(count - 1_250)).toBeLessThan(200);
  });
});
