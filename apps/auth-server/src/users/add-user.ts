import { randomUUID } from 'node:crypto';
import { GatehouseError } from '@gatehouse/errors';
import type { UserRecord, UserStore } from '../store/types.js';
import { checkUserClaims, DEFAULT_USER_CLAIMS } from './claims.js';
import { hashPassword, type ScryptCost } from './password.js';

/** Letters, digits and `._@-`, 1 to 64 characters. */
const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;
/** NIST SP 800-63B: at least 8 characters; at most 1024 so hashing stays bounded. */
const PASSWORD_LENGTH = { min: 8, max: 1024 };

/** What {@link addUser} takes. */
export interface AddUserInput {
  username: string;
  password: string;
  /** Seconds since the epoch. */
  now: number;
  /** The user's attributes (`{ tenant: 'acme' }`), copied into their access tokens. */
  claims?: Record<string, string>;
  /** The claim names `claims` may use (the configured `userClaims`); default `['tenant']`. */
  allowedClaims?: readonly string[];
  cost?: ScryptCost;
}

/**
 * Adds a user with a scrypt-hashed password and optional claims. Rejects with
 * `ERR_USERS_USERNAME_INVALID`, `ERR_USERS_PASSWORD_LENGTH`, `ERR_USERS_CLAIM_NOT_ALLOWED` (a name
 * outside `allowedClaims`, or a registered claim such as `sub`), `ERR_USERS_CLAIM_INVALID` or
 * `ERR_USERS_USERNAME_TAKEN` (a `GatehouseError`).
 *
 * @example
 * ```ts
 * const user = await addUser(store.users, {
 *   username: 'alice',
 *   password,
 *   claims: { tenant: 'acme' },
 *   now: nowSeconds(),
 * });
 * ```
 */
export async function addUser(users: UserStore, input: AddUserInput): Promise<UserRecord> {
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
  const claims =
    input.claims === undefined
      ? {}
      : checkUserClaims(input.claims, input.allowedClaims ?? DEFAULT_USER_CLAIMS);
  const user: UserRecord = {
    id: randomUUID(),
    username,
    passwordHash: await hashPassword(password, input.cost),
    createdAt: now,
  };
  if (Object.keys(claims).length > 0) user.claims = claims;
  if (!(await users.create(user))) {
    throw new GatehouseError('ERR_USERS_USERNAME_TAKEN', `the username ${username} is taken`);
  }
  return user;
}
