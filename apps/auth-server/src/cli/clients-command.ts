import { GatehouseError } from '@gatehouse/errors';
import { generateClientSecret, hashClientSecret } from '@gatehouse/registration';
import { addClient } from '../clients/add-client.js';
import type { AuthServerConfig } from '../context.js';
import { preRegisteredClientPolicy } from '../oauth/registration-policy.js';
import { nowSeconds, withStore } from './with-store.js';

/** The flags of `gatehouse-auth clients add`. */
export interface ClientsAddFlags {
  name?: string | undefined;
  grant: readonly string[];
  scope: readonly string[];
  redirectUri: readonly string[];
  authMethod?: string | undefined;
  jwksUri?: string | undefined;
  clientId?: string | undefined;
}

/**
 * `gatehouse-auth clients add --name <n> --grant <g>... [--scope <s>]... [--redirect-uri <u>]...
 * [--auth-method <m>] [--jwks-uri <u>] [--client-id <id>]`: stores a pre-registered client (checked
 * with the registration package's rules, `client_credentials` allowed, no expiry) and prints its id
 * and, for `client_secret_*` methods, its secret: once, it is stored only hashed.
 */
export async function clientsAdd(
  config: AuthServerConfig,
  flags: ClientsAddFlags,
  out: (text: string) => void,
): Promise<number> {
  if (flags.name === undefined || flags.grant.length === 0) {
    throw new GatehouseError(
      'ERR_CLIENTS_FLAGS',
      'clients add needs --name and at least one --grant (client_credentials, authorization_code, refresh_token)',
    );
  }
  const metadata: Record<string, unknown> = {
    client_name: flags.name,
    grant_types: [...flags.grant],
    redirect_uris: [...flags.redirectUri],
    token_endpoint_auth_method: flags.authMethod ?? 'client_secret_basic',
  };
  if (flags.scope.length > 0) metadata.scope = flags.scope.join(' ');
  if (flags.jwksUri !== undefined) metadata.jwks_uri = flags.jwksUri;
  return withStore(config, async (store) => {
    const added = await addClient(store.clients, {
      metadata,
      policy: preRegisteredClientPolicy(config),
      now: nowSeconds(),
      ...(flags.clientId === undefined ? {} : { clientId: flags.clientId }),
    });
    const { metadata: stored } = added.record;
    const lines = [
      `added client ${stored.client_name ?? added.clientId}`,
      `  client_id      ${added.clientId}`,
      `  auth method    ${stored.token_endpoint_auth_method}`,
      `  grants         ${stored.grant_types.join(' ')}`,
    ];
    if (stored.scope !== undefined) lines.push(`  scope          ${stored.scope}`);
    if (added.clientSecret !== undefined) {
      lines.push(`  client_secret  ${added.clientSecret}`);
      lines.push('The secret is shown once and stored only hashed.');
    }
    out(`${lines.join('\n')}\n`);
  });
}

/**
 * `gatehouse-auth clients remove <client_id>`: deletes a stored client (any kind), revokes its grants
 * (their refresh and access tokens stop working at once) and deletes its consents, in one transaction,
 * so a client added again under the same id starts from nothing. An id with no client but with grants
 * left (a client removed by an older release) has those revoked; an id with neither is an error.
 */
export async function clientsRemove(
  config: AuthServerConfig,
  clientId: string,
  out: (text: string) => void,
): Promise<number> {
  return withStore(config, async (store) => {
    const { clientRemoved, grantsRevoked, consentsRemoved } = await store.removeClient(
      clientId,
      nowSeconds(),
    );
    if (!clientRemoved && grantsRevoked === 0 && consentsRemoved === 0) {
      throw new GatehouseError('ERR_CLIENTS_UNKNOWN', `no client ${clientId}`);
    }
    const what = clientRemoved ? `removed client ${clientId}` : `no client ${clientId} stored`;
    out(`${what}; revoked ${grantsRevoked} grant(s), deleted ${consentsRemoved} consent(s)\n`);
  });
}

/**
 * `gatehouse-auth clients new-secret`: a random client secret and its `client_secret_hash`, for a
 * client in the configuration file (the file gets the hash, the client the secret).
 */
export async function clientsNewSecret(out: (text: string) => void): Promise<number> {
  const secret = generateClientSecret();
  out(
    `client_secret       ${secret}\nclient_secret_hash  ${await hashClientSecret(secret)}\n` +
      'Give the secret to the client; put the hash in the configuration (client_secret_hash).\n',
  );
  return 0;
}
