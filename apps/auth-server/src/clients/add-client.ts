import { randomBytes } from 'node:crypto';
import { GatehouseError } from '@gatehouse/errors';
import {
  type ClientRecord,
  type ClientStore,
  generateClientSecret,
  hashClientSecret,
  RegistrationError,
  type RegistrationPolicy,
} from '@gatehouse/registration';
import { CLIENT_ID, checkPreRegisteredMetadata } from './pre-registered-metadata.js';

const SECRET_METHODS: ReadonlySet<string> = new Set(['client_secret_basic', 'client_secret_post']);

/** What {@link addClient} takes. */
export interface AddClientInput {
  /** RFC 7591 metadata (`client_name`, `grant_types`, `scope`, `redirect_uris`, ...), unchecked. */
  metadata: unknown;
  /** The rules: `preRegisteredClientPolicy(config)`. */
  policy: RegistrationPolicy;
  /** Seconds since the epoch. */
  now: number;
  /** A chosen client id; default 128 random bits, base64url. */
  clientId?: string;
}

/** The client {@link addClient} stored, and its secret: show it once, it is stored only hashed. */
export interface AddedClient {
  clientId: string;
  /** For `client_secret_basic` / `client_secret_post` clients: 256 random bits, base64url. */
  clientSecret?: string;
  record: ClientRecord;
}

/**
 * Stores a client set up by an administrator (`gatehouse-auth clients add`): confidential clients and
 * `client_credentials` clients, which DCR refuses. The metadata is checked with the registration
 * package's policy functions (`checkPreRegisteredMetadata`); the client never expires and its secret
 * (for `client_secret_*` methods) never expires either. Rejects with a `RegistrationError`,
 * `ERR_CLIENTS_SCOPE_REQUIRED`, `ERR_CLIENTS_ID_INVALID` or `ERR_CLIENTS_ID_TAKEN`.
 *
 * @example
 * ```ts
 * const { clientId, clientSecret } = await addClient(store.clients, {
 *   metadata: {
 *     client_name: 'Example MCP resource server',
 *     grant_types: ['client_credentials'],
 *     scope: 'mcp:tools:*',
 *     token_endpoint_auth_method: 'client_secret_basic',
 *   },
 *   policy: preRegisteredClientPolicy(config),
 *   now: nowSeconds(),
 * });
 * ```
 */
export async function addClient(store: ClientStore, input: AddClientInput): Promise<AddedClient> {
  const metadata = checkPreRegisteredMetadata(input.metadata, input.policy);
  const clientId = input.clientId ?? randomBytes(16).toString('base64url');
  if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) {
    throw new GatehouseError(
      'ERR_CLIENTS_ID_INVALID',
      'a client id is 1 to 128 letters, digits or . _ ~ -',
    );
  }
  const record: ClientRecord = { clientId, metadata, clientIdIssuedAt: input.now };
  let clientSecret: string | undefined;
  if (SECRET_METHODS.has(metadata.token_endpoint_auth_method)) {
    clientSecret = generateClientSecret();
    record.clientSecretHash = await hashClientSecret(clientSecret);
    record.clientSecretExpiresAt = 0;
  }
  try {
    await store.create(record, { now: input.now, maxActive: 0 });
  } catch (error) {
    if (RegistrationError.isInstance(error) && error.code === 'ERR_REGISTRATION_CLIENT_EXISTS') {
      throw new GatehouseError('ERR_CLIENTS_ID_TAKEN', `the client id ${clientId} is taken`);
    }
    throw error;
  }
  return { clientId, ...(clientSecret === undefined ? {} : { clientSecret }), record };
}
