import { resolveOptions } from '@gatehouse/errors';
import { base64url } from '@gatehouse/internal';
import type { ClientMetadata } from './client-metadata.js';
import { generateClientSecret, hashClientSecret } from './client-secret.js';
import type { ClientRecord, ClientStore } from './client-store.js';
import { RegistrationError } from './errors.js';
import { fingerprintMetadata } from './internal/fingerprint.js';
import { type RegistrationPolicy, requirePolicy } from './policy.js';
import { validateClientMetadata } from './validate-client-metadata.js';

/** The RFC 7591 section 3.2.1 response body: the client's identity and its accepted metadata. */
export interface RegistrationResponse extends ClientMetadata {
  client_id: string;
  client_id_issued_at: number;
  /** Only for `client_secret_basic` and `client_secret_post` clients, and only in this response. */
  client_secret?: string;
  /** Present with `client_secret`: when it expires, 0 for never. */
  client_secret_expires_at?: number;
}

/** Options of {@link registerClient}. */
export interface RegisterClientOptions {
  store: ClientStore;
  policy: RegistrationPolicy;
  /** Milliseconds since the epoch; default `Date.now`. */
  clock?: (() => number) | undefined;
}

const SECRET_METHODS: ReadonlySet<string> = new Set(['client_secret_basic', 'client_secret_post']);

/**
 * RFC 7591 Dynamic Client Registration: validates the request body (see
 * {@link validateClientMetadata}), then returns the body of the 201 response. The `client_id` is 128
 * random bits in base64url (never an `https://` URL, which would be taken for a metadata document).
 * Clients using `client_secret_basic` or `client_secret_post` get a 256-bit `client_secret`, stored
 * only as a hash, and `client_secret_expires_at`.
 *
 * Abuse limits from the policy: a client that never completes an authorization expires after
 * `unusedClientTtlSeconds`; beyond `maxActiveClients` registration is refused
 * (`ERR_REGISTRATION_CLIENT_LIMIT`); an identical registration of a client without a secret (MCP
 * clients re-register on every start) returns the existing client, and pushes back its unused expiry.
 *
 * @example
 * ```ts
 * import { createMemoryClientStore, createRegistrationPolicy, registerClient } from '@gatehouse/registration';
 *
 * const store = createMemoryClientStore();
 * const policy = createRegistrationPolicy({ allowedScopes: ['mcp:tools:*'] });
 * const body = await registerClient(
 *   { redirect_uris: ['http://127.0.0.1:33418/callback'], token_endpoint_auth_method: 'none' },
 *   { store, policy },
 * );
 * // answer 201 with `body`
 * ```
 */
export async function registerClient(
  request: unknown,
  options: RegisterClientOptions,
): Promise<RegistrationResponse> {
  const { store, policy, clock } = resolveOptions<RegisterClientOptions>(
    'registerClient',
    options,
    {
      defaults: { store: undefined, policy: undefined, clock: () => Date.now() },
      required: ['store', 'policy'],
    },
  );
  const rules = requirePolicy('registerClient', policy);
  const metadata = validateClientMetadata(request, rules);
  const now = Math.floor((clock ?? (() => Date.now()))() / 1000);
  const withSecret = SECRET_METHODS.has(metadata.token_endpoint_auth_method);
  const expiresAt =
    rules.unusedClientTtlSeconds > 0 ? now + rules.unusedClientTtlSeconds : undefined;

  let fingerprint: string | undefined;
  if (rules.deduplicate && !withSecret) {
    fingerprint = await fingerprintMetadata(metadata);
    const existing = await store.findByFingerprint(fingerprint, now);
    if (existing !== undefined) {
      if (existing.expiresAt !== undefined && expiresAt !== undefined) {
        await store.update({ ...existing, expiresAt: Math.max(existing.expiresAt, expiresAt) });
      }
      return toResponse(existing, undefined);
    }
  }

  const secret = withSecret ? generateClientSecret() : undefined;
  const record: ClientRecord = {
    clientId: base64url(crypto.getRandomValues(new Uint8Array(16))),
    metadata,
    clientIdIssuedAt: now,
  };
  if (secret !== undefined) {
    record.clientSecretHash = await hashClientSecret(secret);
    record.clientSecretExpiresAt =
      rules.clientSecretTtlSeconds > 0 ? now + rules.clientSecretTtlSeconds : 0;
  }
  if (expiresAt !== undefined) record.expiresAt = expiresAt;
  if (fingerprint !== undefined) record.fingerprint = fingerprint;
  const outcome = await store.create(record, { now, maxActive: rules.maxActiveClients });
  if (outcome !== 'created') {
    throw new RegistrationError(
      'ERR_REGISTRATION_CLIENT_LIMIT',
      'the server is not accepting new client registrations',
    );
  }
  return toResponse(record, secret);
}

function toResponse(record: ClientRecord, secret: string | undefined): RegistrationResponse {
  const body: RegistrationResponse = {
    client_id: record.clientId,
    client_id_issued_at: record.clientIdIssuedAt,
    ...structuredClone(record.metadata),
  };
  if (secret !== undefined) {
    body.client_secret = secret;
    body.client_secret_expires_at = record.clientSecretExpiresAt ?? 0;
  }
  return body;
}
