import { base64url, constantTimeEqual } from '@gatehouse/internal';
import type { ClientRecord } from './client-store.js';
import { RegistrationError } from './errors.js';

const encoder = new TextEncoder();
const PREFIX = 'sha256:';

/**
 * A new client secret: 32 random bytes, base64url (43 characters, 256 bits of entropy).
 *
 * @example
 * ```ts
 * import { generateClientSecret } from '@gatehouse/registration';
 * const secret = generateClientSecret();
 * ```
 */
export function generateClientSecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * The stored form of a client secret: `sha256:<base64url digest>`. A single unsalted SHA-256 is
 * enough because Gatehouse secrets carry 256 bits of entropy (nothing to brute-force or precompute);
 * it is not a password hash and must not be used for human-chosen secrets.
 *
 * @example
 * ```ts
 * import { generateClientSecret, hashClientSecret } from '@gatehouse/registration';
 * const hash = await hashClientSecret(generateClientSecret()); // 'sha256:...'
 * ```
 */
export async function hashClientSecret(secret: string): Promise<string> {
  if (typeof secret !== 'string') throw new TypeError('hashClientSecret: secret must be a string');
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(secret));
  return PREFIX + base64url(new Uint8Array(digest));
}

/**
 * Checks a presented client secret against a registered client, for `client_secret_basic` and
 * `client_secret_post`. Resolves when it matches and has not expired; otherwise rejects with a
 * {@link RegistrationError} (`invalid_client`). The comparison of digests takes the same time wherever
 * they differ. `now` is in seconds.
 *
 * @example
 * ```ts
 * import { verifyClientSecret } from '@gatehouse/registration';
 *
 * const client = await store.get(clientId, now);
 * await verifyClientSecret(client, presentedSecret, now);
 * ```
 */
export async function verifyClientSecret(
  client: ClientRecord | undefined,
  presented: unknown,
  now: number,
): Promise<void> {
  const stored = client?.clientSecretHash;
  const computed = await hashClientSecret(typeof presented === 'string' ? presented : '');
  if (client === undefined || stored === undefined) {
    throw new RegistrationError('ERR_REGISTRATION_CLIENT_UNKNOWN', 'client authentication failed');
  }
  if (typeof presented !== 'string' || !constantTimeEqual(computed, stored)) {
    throw new RegistrationError(
      'ERR_REGISTRATION_CLIENT_SECRET_MISMATCH',
      'client authentication failed',
    );
  }
  const expiresAt = client.clientSecretExpiresAt ?? 0;
  if (expiresAt !== 0 && expiresAt <= now) {
    throw new RegistrationError(
      'ERR_REGISTRATION_CLIENT_SECRET_EXPIRED',
      'client secret has expired',
    );
  }
}
