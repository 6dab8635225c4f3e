import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from './secret-hash.js';

describe('newSecret', () => {
  it('gives 256 bits as base64url, never the same twice across many pool refills', () => {
    const secrets = Array.from({ length: 2_000 }, () => newSecret());
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('hands out random bytes, not the zeroes left where the pool was used', () => {
    const bytes = Buffer.concat(
      Array.from({ length: 1_024 }, () => Buffer.from(newSecret(), 'base64url')),
    );
    expect(bytes).toHaveLength(32 * 1_024);
    // 32,768 uniform bytes: each value about 128 times; zeroes left in the pool would stand out
    const counts = new Array<number>(256).fill(0);
    for (const byte of bytes) counts[byte] = (counts[byte] ?? 0) + 1;
    expect(Math.max(...counts)).toBeLessThan(200);
    expect(Math.min(...counts)).toBeGreaterThan(70);
    // no two secrets share a 32-byte window
    const halves = new Set<string>();
    for (let at = 0; at < bytes.length; at += 16) {
      halves.add(bytes.subarray(at, at + 16).toString('hex'));
    }
    expect(halves.size).toBe(bytes.length / 16);
  });
});

describe('hashSecret', () => {
  it('is the base64url SHA-256 of the value', () => {
    const value = newSecret();
    expect(hashSecret(value)).toBe(createHash('sha256').update(value).digest('base64url'));
  });
});
