import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  parsePasswordHash,
  verifyPassword,
} from './password.js';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('hashes with the default scrypt cost in the scrypt$N$r$p$salt$hash format, and verifies', {
    timeout: 30_000,
  }, async () => {
    const stored = await hashPassword('correct horse battery staple');
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '3']);
    expect(Buffer.from(parts[4] ?? '', 'base64url').length).toBe(16);
    expect(Buffer.from(parts[5] ?? '', 'base64url').length).toBe(32);
    expect(parsePasswordHash(stored)?.cost).toEqual(DEFAULT_SCRYPT_COST);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
  });

  it('refuses a wrong password, a case change and a truncation', async () => {
    const stored = await hashPassword('Tr0ub4dor&3', CHEAP);
    expect(await verifyPassword('Tr0ub4dor&3', stored)).toBe(true);
    expect(await verifyPassword('tr0ub4dor&3', stored)).toBe(false);
    expect(await verifyPassword('Tr0ub4dor&', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same', CHEAP), hashPassword('same', CHEAP)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('normalizes Unicode (NFKC), so a composed and a decomposed accent verify alike', async () => {
    const stored = await hashPassword('caf\u00e9-pass', CHEAP);
    expect(await verifyPassword('cafe\u0301-pass', stored)).toBe(true);
  });

  it('verifies nothing against a malformed, foreign or tampered stored value', async () => {
    const stored = await hashPassword('secret-password', CHEAP);
    const [, n, r, p, salt, hash] = stored.split('$') as string[];
    const tamperedHash = `${(hash ?? '').slice(0, -2)}${hash?.endsWith('AA') ? 'BA' : 'AA'}`;
    for (const bad of [
      '',
      'secret-password',
      `bcrypt$${n}$${r}$${p}$${salt}$${hash}`,
      `scrypt$${n}$${r}$${p}$${salt}`,
      `scrypt$1000$${r}$${p}$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 21}$${r}$${p}$${salt}$${hash}`, // beyond the cost bound
      `scrypt$${n}$${r}$${p}$${salt}$${(hash ?? '').slice(0, 10)}`, // truncated hash
      `scrypt$${n}$${r}$${p}$${salt}$${tamperedHash}`,
      `scrypt$0${n}$${r}$${p}$${salt}$${hash}`,
    ]) {
      expect(await verifyPassword('secret-password', bad)).toBe(false);
    }
  });

  it('refuses bad arguments at the call', async () => {
    await expect(hashPassword(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    await expect(hashPassword('x', { N: 1000, r: 8, p: 1 })).rejects.toBeInstanceOf(TypeError);
  });
});
