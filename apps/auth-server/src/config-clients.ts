import { GatehouseError } from '@gatehouse/errors';
import type { RegistrationPolicy } from '@gatehouse/registration';
import { CLIENT_ID, checkPreRegisteredMetadata } from './clients/pre-registered-metadata.js';
import type { ClientSecretSource, ConfiguredClient, ResourceServerConfig } from './context.js';
import { preRegisteredClientPolicy } from './oauth/registration-policy.js';
import { userClaimNameProblem } from './users/claims.js';

const SECRET_KEYS = ['client_secret_hash', 'client_secret_env', 'client_secret_file'] as const;
const SECRET_METHODS: ReadonlySet<string> = new Set(['client_secret_basic', 'client_secret_post']);
/** What `hashClientSecret` writes: `sha256:` and 43 base64url characters. */
const SECRET_HASH = /^sha256:[A-Za-z0-9_-]{43}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * The configuration's `clients`: each entry is RFC 7591 metadata plus `client_id` and, for
 * `client_secret_*` clients, exactly one of `client_secret_hash`, `client_secret_env` or
 * `client_secret_file` (never the secret itself). Metadata is checked with the registration
 * package's rules for pre-registered clients (scopes within the resources'). Each problem is pushed
 * naming its field; with invalid resources (reported already) the metadata cannot be checked.
 */
export function checkClients(
  value: unknown,
  resources: readonly ResourceServerConfig[],
  problems: string[],
): ConfiguredClient[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push('clients: must be a list of client metadata objects with a client_id');
    return [];
  }
  let policy: RegistrationPolicy;
  try {
    policy = preRegisteredClientPolicy({ resources: [...resources] });
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const clients: ConfiguredClient[] = [];
  for (const [index, entry] of value.entries()) {
    const field = `clients[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${field}: must be an object`);
      continue;
    }
    const { client_id: clientId, ...rest } = entry as Record<string, unknown>;
    if (typeof clientId !== 'string' || !CLIENT_ID.test(clientId)) {
      problems.push(`${field}.client_id: must be 1 to 128 letters, digits or . _ ~ -`);
      continue;
    }
    if (seen.has(clientId)) problems.push(`${field}.client_id: ${clientId} is listed twice`);
    seen.add(clientId);
    if (rest.client_secret !== undefined) {
      problems.push(
        `${field}.client_secret: never put a secret in the configuration; use client_secret_hash, client_secret_env or client_secret_file`,
      );
      continue;
    }
    const sources = SECRET_KEYS.filter((key) => rest[key] !== undefined);
    const metadataInput = { ...rest };
    for (const key of SECRET_KEYS) delete metadataInput[key];
    let client: ConfiguredClient;
    try {
      client = { clientId, metadata: checkPreRegisteredMetadata(metadataInput, policy) };
    } catch (error) {
      const coded = GatehouseError.isInstance(error);
      const reason = coded ? (error.description ?? error.message) : String(error);
      problems.push(`${field}: ${reason}${coded ? ` (${error.code})` : ''}`);
      continue;
    }
    const needsSecret = SECRET_METHODS.has(client.metadata.token_endpoint_auth_method);
    if (!needsSecret && sources.length > 0) {
      problems.push(
        `${field}.${sources[0]}: only client_secret_basic and client_secret_post clients have a secret`,
      );
      continue;
    }
    if (needsSecret) {
      const secret = secretSource(rest, sources, field, problems);
      if (secret === undefined) continue;
      client.secret = secret;
    }
    clients.push(client);
  }
  return clients;
}

function secretSource(
  entry: Record<string, unknown>,
  sources: readonly (typeof SECRET_KEYS)[number][],
  field: string,
  problems: string[],
): ClientSecretSource | undefined {
  if (sources.length !== 1) {
    problems.push(
      `${field}: needs exactly one of client_secret_hash, client_secret_env, client_secret_file`,
    );
    return undefined;
  }
  const key = sources[0] as (typeof SECRET_KEYS)[number];
  const value = entry[key];
  if (key === 'client_secret_hash') {
    if (typeof value === 'string' && SECRET_HASH.test(value)) return { hash: value };
    problems.push(
      `${field}.client_secret_hash: must be sha256:<43 base64url characters> (gatehouse-auth clients new-secret)`,
    );
  } else if (key === 'client_secret_env') {
    if (typeof value === 'string' && ENV_NAME.test(value)) return { env: value };
    problems.push(`${field}.client_secret_env: must be an environment variable name`);
  } else {
    if (typeof value === 'string' && value !== '') return { file: value };
    problems.push(`${field}.client_secret_file: must be a file path`);
  }
  return undefined;
}

/** The configuration's `userClaims`: claim names, never a registered claim (`sub`, `aud`, `scope`...). */
export function checkUserClaimNames(
  value: unknown,
  fallback: readonly string[],
  problems: string[],
): string[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) {
    problems.push('userClaims: must be a list of claim names');
    return [...fallback];
  }
  const names: string[] = [];
  for (const name of value) {
    const problem = userClaimNameProblem(name);
    if (problem !== undefined) problems.push(`userClaims: ${problem}`);
    else if (!names.includes(name)) names.push(name);
  }
  return names;
}
