import { GatehouseError } from '@gatehouse/errors';
import {
  type ClientMetadata,
  type RegistrationPolicy,
  validateClientMetadata,
} from '@gatehouse/registration';

/** A pre-registered client id: 1 to 128 of `A-Z a-z 0-9 . _ ~ -` (never an `https://` CIMD URL). */
export const CLIENT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * Checks the metadata of a client an administrator sets up: registration's `validateClientMetadata`
 * against `preRegisteredClientPolicy` (so the same rules as DCR, plus `client_credentials`), and a
 * `client_credentials` client must name its `scope`: no user consents to its tokens, so its
 * registered scope is their ceiling, and without one it would get everything a resource allows.
 * Throws the registration package's `RegistrationError`, or `ERR_CLIENTS_SCOPE_REQUIRED`.
 */
export function checkPreRegisteredMetadata(
  input: unknown,
  policy: RegistrationPolicy,
): ClientMetadata {
  const metadata = validateClientMetadata(input, policy);
  if (metadata.grant_types.includes('client_credentials') && (metadata.scope ?? '').trim() === '') {
    throw new GatehouseError(
      'ERR_CLIENTS_SCOPE_REQUIRED',
      'a client_credentials client needs a scope (the most its tokens may carry)',
    );
  }
  return metadata;
}
