import { GatehouseError } from '@gatehouse/errors';
import type { AuthServerConfig } from '../context.js';
import { addUser } from '../users/index.js';
import { nowSeconds, withStore } from './with-store.js';

/** `--claim name=value` flags as a record; a flag without `=`, or a name given twice, is refused. */
export function parseClaimFlags(flags: readonly string[]): Record<string, string> | undefined {
  if (flags.length === 0) return undefined;
  const claims: Record<string, string> = {};
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    const name = flag.slice(0, Math.max(equals, 0));
    if (equals < 1 || Object.hasOwn(claims, name)) {
      throw new GatehouseError(
        'ERR_USERS_CLAIM_INVALID',
        `--claim takes name=value, each name once (got ${JSON.stringify(flag.slice(0, 80))})`,
      );
    }
    claims[name] = flag.slice(equals + 1);
  }
  return claims;
}

/**
 * `gatehouse-auth users add <name> [--claim name=value]...`: a user with a scrypt-hashed password and
 * claims; only names configured in `userClaims` are accepted, never a registered claim.
 */
export async function usersAdd(
  config: AuthServerConfig,
  input: { username: string; password: string; claimFlags: readonly string[] },
  out: (text: string) => void,
): Promise<number> {
  const claims = parseClaimFlags(input.claimFlags);
  return withStore(config, async (store) => {
    const user = await addUser(store.users, {
      username: input.username,
      password: input.password,
      now: nowSeconds(),
      allowedClaims: config.userClaims,
      ...(claims === undefined ? {} : { claims }),
    });
    const shown = Object.entries(user.claims ?? {}).map(([name, value]) => `${name}=${value}`);
    out(`added user ${user.username}${shown.length > 0 ? ` (${shown.join(', ')})` : ''}\n`);
  });
}
