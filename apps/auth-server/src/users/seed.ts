import { randomBytes } from 'node:crypto';
import type { AuthStore } from '../store/types.js';
import { addUser } from './add-user.js';
import type { ScryptCost } from './password.js';

/** The demo user's name. */
export const DEMO_USERNAME = 'demo';
/** The demo user's claims: the sample resource server restricts `customer-data` by `tenant`. */
export const DEMO_USER_CLAIMS: Readonly<Record<string, string>> = Object.freeze({ tenant: 'acme' });

/** What {@link ensureDemoUser} made: show the password once, it is stored only hashed. */
export interface DemoUser {
  username: string;
  password: string;
}

/**
 * On first start (no users at all), creates the user `demo` (claim `tenant: acme`) with a random
 * password (128 bits) and resolves to it, so the CLI can print it once; resolves to undefined on every later start or when another
 * replica seeded first. The password is never logged and never fixed in code.
 *
 * @example
 * ```ts
 * const demo = await ensureDemoUser(store, log);
 * if (demo) console.log(`Demo login: ${demo.username} / ${demo.password}`);
 * ```
 */
export async function ensureDemoUser(
  store: Pick<AuthStore, 'users'>,
  log: { info(object: object, message: string): void },
  options: { now?: number; cost?: ScryptCost } = {},
): Promise<DemoUser | undefined> {
  if ((await store.users.count()) > 0) return undefined;
  const password = randomBytes(16).toString('base64url');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  try {
    await addUser(store.users, {
      username: DEMO_USERNAME,
      password,
      now,
      claims: { ...DEMO_USER_CLAIMS },
      allowedClaims: Object.keys(DEMO_USER_CLAIMS),
      ...(options.cost === undefined ? {} : { cost: options.cost }),
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_USERS_USERNAME_TAKEN') return undefined;
    throw error;
  }
  log.info({ username: DEMO_USERNAME }, 'created the demo user with a random password');
  return { username: DEMO_USERNAME, password };
}
