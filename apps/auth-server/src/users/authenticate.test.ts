import { afterAll, describe, expect, it } from 'vitest';
import { sqliteMemoryDialect } from '../store/test-helpers.js';
import { addUser } from './add-user.js';
import { authenticateUser } from './authenticate.js';

const NOW = 1_800_000_000;
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const dialect = sqliteMemoryDialect();
afterAll(() => dialect.cleanup());

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
}

describe('users', () => {
  it('authenticates the right password and refuses a wrong one or an unknown user', async () => {
    const store = await dialect.open();
    const alice = await addUser(store.users, {
      username: 'alice',
      password: 'alice-password',
      now: NOW,
      cost: CHEAP,
    });
    expect(alice.passwordHash.startsWith('scrypt$')).toBe(true);
    expect(alice.passwordHash).not.toContain('alice-password');
    expect((await authenticateUser(store.users, 'alice', 'alice-password'))?.id).toBe(alice.id);
    expect(await authenticateUser(store.users, 'alice', 'wrong-password')).toBeUndefined();
    // An unknown name runs one default-cost scrypt against the dummy hash (authenticate-timing.test.ts).
    expect(await authenticateUser(store.users, 'ALICE', 'alice-password')).toBeUndefined();
  }, 30_000);

  it('refuses a taken username, an invalid username and a short password with codes', async () => {
    const store = await dialect.open();
    await addUser(store.users, {
      username: 'dave',
      password: 'dave-password',
      now: NOW,
      cost: CHEAP,
    });
    expect(
      await codeOf(
        addUser(store.users, { username: 'dave', password: 'another-one', now: NOW, cost: CHEAP }),
      ),
    ).toBe('ERR_USERS_USERNAME_TAKEN');
    for (const username of ['', 'has space', 'a'.repeat(65), 'e\u202Eve', 'x<script>']) {
      expect(
        await codeOf(addUser(store.users, { username, password: 'long-enough', now: NOW })),
      ).toBe('ERR_USERS_USERNAME_INVALID');
    }
    expect(
      await codeOf(addUser(store.users, { username: 'erin', password: 'short', now: NOW })),
    ).toBe('ERR_USERS_PASSWORD_LENGTH');
    expect(await store.users.count()).toBe(1);
  });
});
