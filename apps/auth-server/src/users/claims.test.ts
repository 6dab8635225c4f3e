import { describe, expect, it } from 'vitest';
import { sqliteMemoryDialect } from '../store/test-helpers.js';
import { addUser } from './add-user.js';
import { checkUserClaims, tokenUserClaims } from './claims.js';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

function codeOf(run: () => unknown): unknown {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
}

describe('user claims', () => {
  it('accepts configured names with text values', () => {
    expect(checkUserClaims({ tenant: 'acme', region: 'eu' }, ['tenant', 'region'])).toEqual({
      tenant: 'acme',
      region: 'eu',
    });
  });

  it('refuses registered claims even when configured, and names not configured', () => {
    for (const name of ['sub', 'aud', 'scope', 'iss', 'exp', 'client_id', 'gid', 'active']) {
      expect(codeOf(() => checkUserClaims({ [name]: 'x' }, [name]))).toBe(
        'ERR_USERS_CLAIM_NOT_ALLOWED',
      );
    }
    expect(codeOf(() => checkUserClaims({ region: 'eu' }, ['tenant']))).toBe(
      'ERR_USERS_CLAIM_NOT_ALLOWED',
    );
    expect(codeOf(() => checkUserClaims(JSON.parse('{"__proto__":"x"}'), ['__proto__']))).toBe(
      'ERR_USERS_CLAIM_NOT_ALLOWED',
    );
  });

  it('refuses values that are not short text, and too many claims', () => {
    for (const value of ['', 'a'.repeat(257), 'line\nbreak', 'nul\u0000', 42, null]) {
      expect(codeOf(() => checkUserClaims({ tenant: value }, ['tenant']))).toBe(
        'ERR_USERS_CLAIM_INVALID',
      );
    }
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`c${i}`, 'x']));
    expect(codeOf(() => checkUserClaims(many, Object.keys(many)))).toBe('ERR_USERS_CLAIM_INVALID');
    expect(codeOf(() => checkUserClaims(['tenant'], ['tenant']))).toBe('ERR_USERS_CLAIM_INVALID');
  });

  it('picks only configured, unreserved claims for a token', () => {
    const claims = { tenant: 'acme', region: 'eu', sub: 'admin' };
    expect(tokenUserClaims(claims, ['tenant', 'sub'])).toEqual({ tenant: 'acme' });
    expect(tokenUserClaims(claims, [])).toEqual({});
    expect(tokenUserClaims(undefined, ['tenant'])).toEqual({});
  });

  it('addUser stores checked claims and refuses a registered one', async () => {
    const dialect = sqliteMemoryDialect();
    try {
      const store = await dialect.open();
      const user = await addUser(store.users, {
        username: 'erin',
        password: 'erin-password',
        now: 1,
        cost: CHEAP,
        claims: { tenant: 'acme' },
      });
      expect((await store.users.get(user.id))?.claims).toEqual({ tenant: 'acme' });
      await expect(
        addUser(store.users, {
          username: 'mallory',
          password: 'mallory-password',
          now: 1,
          cost: CHEAP,
          claims: { sub: 'erin' },
          allowedClaims: ['tenant', 'sub'],
        }),
      ).rejects.toMatchObject({ code: 'ERR_USERS_CLAIM_NOT_ALLOWED' });
      expect(await store.users.findByUsername('mallory')).toBeUndefined();
    } finally {
      await dialect.cleanup();
    }
  });
});
