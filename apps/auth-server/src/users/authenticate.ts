import type { UserRecord, UserStore } from '../store/types.js';
import { hashPassword, verifyPassword } from './password.js';

let dummyHash: Promise<string> | undefined;

/**
 * A hash of a random password with the default cost, made once per process: unknown usernames are
 * checked against it, so they take as long as a wrong password for a real user.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}

/**
 * The user whose username and password these are, or undefined. Takes the same time whether the username
 * exists or not (an unknown name still runs one scrypt against a dummy hash), so a login form does not
 * reveal which usernames exist.
 *
 * @example
 * ```ts
 * const user = await authenticateUser(store.users, form.username, form.password);
 * if (user === undefined) return showLoginError();
 * ```
 */
export async function authenticateUser(
  users: UserStore,
  username: string,
  password: string,
): Promise<UserRecord | undefined> {
  const user = typeof username === 'string' ? await users.findByUsername(username) : undefined;
  const stored = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(password, stored);
  return matches && user !== undefined ? user : undefined;
}
