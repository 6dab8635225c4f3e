import * as crypto from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sqliteMemoryDialect } from '../store/test-helpers.js';
import { addUser } from './add-user.js';
import { authenticateUser, dummyPasswordHash } from './authenticate.js';
import { DEFAULT_SCRYPT_COST, parsePasswordHash } from './password.js';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return {
    ...original,
    scrypt: vi.fn(original.scrypt),
    timingSafeEqual: vi.fn(original.timingSafeEqual),
  };
});

const dialect = sqliteMemoryDialect();
afterAll(() => dialect.cleanup());

/** The scrypt cost each call since the last reset used. */
function scryptCosts(): { N: number; r: number; p: number }[] {
  return vi.mocked(crypto.scrypt).mock.calls.map((call) => {
    const { N, r, p } = call[3] as { N: number; r: number; p: number };
    return { N, r, p };
  });
}

/* Each case runs default-cost scrypt (about 0.1 s alone, seconds on a loaded CI machine). */
const HEAVY = { timeout: 30_000 };

describe('login timing', () => {
  beforeEach(async () => {
    await dummyPasswordHash(); // made once per process; not part of a login
    vi.mocked(crypto.scrypt).mockClear();
    vi.mocked(crypto.timingSafeEqual).mockClear();
  }, 30_000);

  it('the dummy hash has the default cost and key length', HEAVY, async () => {
    const dummy = parsePasswordHash(await dummyPasswordHash());
    expect(dummy?.cost).toEqual(DEFAULT_SCRYPT_COST);
    expect(dummy?.hash.length).toBe(32);
    expect(dummy?.salt.length).toBe(16);
  });

  it(
    'an unknown username costs one default scrypt and one constant-time compare, like a wrong password',
    HEAVY,
    async () => {
      const store = await dialect.open();
      await addUser(store.users, { username: 'carol', password: 'carol-password', now: 1 });
      vi.mocked(crypto.scrypt).mockClear();
      vi.mocked(crypto.timingSafeEqual).mockClear();

      expect(await authenticateUser(store.users, 'carol', 'wrong-password')).toBeUndefined();
      const known = scryptCosts();
      expect(vi.mocked(crypto.timingSafeEqual)).toHaveBeenCalledTimes(1);
      vi.mocked(crypto.scrypt).mockClear();
      vi.mocked(crypto.timingSafeEqual).mockClear();

      expect(await authenticateUser(store.users, 'nobody', 'wrong-password')).toBeUndefined();
      const unknown = scryptCosts();
      expect(vi.mocked(crypto.timingSafeEqual)).toHaveBeenCalledTimes(1);

      expect(known).toEqual([DEFAULT_SCRYPT_COST]);
      expect(unknown).toEqual(known);
    },
  );

  it('the right password also costs exactly one scrypt', HEAVY, async () => {
    const store = await dialect.open();
    await addUser(store.users, { username: 'dan', password: 'dan-password', now: 1 });
    vi.mocked(crypto.scrypt).mockClear();
    expect((await authenticateUser(store.users, 'dan', 'dan-password'))?.username).toBe('dan');
    expect(scryptCosts()).toEqual([DEFAULT_SCRYPT_COST]);
  });
});
