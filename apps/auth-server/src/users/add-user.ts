import { randomUUID } from 'node:crypto';
import { GatehouseError } from '@gatehouse/errors';
import type { UserRecord, UserStore } from '../store/types.js';
import { hashPassword, type ScryptCost } from './password.js';

/** Letters, digits and `._@-`, 1 to 64 characters. */
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
/** NIST SP 800-63B: at least 8 characters; at most 1024 so hashing stays bounded. */
const PASSWORD_LENGTH = { min: 8, max: 1024 };

/**
 * Adds a user with a scrypt-hashed password. Rejects with `ERR_USERS_USERNAME_INVALID`,
 * `ERR_USERS_PASSWORD_LENGTH` or `ERR_USERS_USERNAME_TAKEN` (a `GatehouseError`).
 *
 * @example
 * ```ts
 * const user = await addUser(store.users, { username: 'alice', password, now: nowSeconds() });
 * ```
 */
export async function addUser(
  users: UserStore,
  input: { username: string; password: string; now: number; cost?: ScryptCost },
): Promise<UserRecord> {
  const { username, password, now } = input;
  if (typeof username !== 'string' || !USERNAME.test(username)) {
    throw new GatehouseError(
      'ERR_USERS_USERNAME_INVALID',
      'a username is 1 to 64 letters, digits or . _ @ -',
    );
  }
  const length = typeof password === 'string' ? [...password].length : 0;
  if (length < PASSWORD_LENGTH.min || length > PASSWORD_LENGTH.max) {
    throw new GatehouseError(
      'ERR_USERS_PASSWORD_LENGTH',
      `a password has ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters`,
    );
  }
  const user: UserRecord = {
    id: randomUUID(),
    username,
    passwordHash: await hashPassword(password, input.cost),
    createdAt: now,
  };
  if (!(await users.create(user))) {
    throw new GatehouseError('ERR_USERS_USERNAME_TAKEN', `the username ${username} is taken`);
  }
  return user;
}
