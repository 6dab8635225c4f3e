import { resolveOptions } from '@gatehouse/errors';
import { compileScopes, type ScopeSet } from '@gatehouse/scopes';

/** Client authentication methods at the token endpoint that Gatehouse supports. */
export type TokenEndpointAuthMethod =
  | 'none'
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt';

/** OAuth 2.1 grant types a client may register. Implicit and password do not exist in OAuth 2.1. */
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

/** Options of {@link createRegistrationPolicy}. Every limit is an upper bound on untrusted input. */
export interface RegistrationPolicyOptions {
  /** Scope patterns a client may register (wildcards as in `@gatehouse/scopes`). Required. */
  allowedScopes: readonly string[];
  /** Accepted `token_endpoint_auth_method` values. Default: all four. */
  tokenEndpointAuthMethods?: readonly TokenEndpointAuthMethod[];
  /**
   * Accepted `grant_types` values. Default: `authorization_code` and `refresh_token`.
   * `client_credentials` is opt-in: a self-registered client with it gets tokens with no user behind
   * them, so anyone who can reach the registration endpoint could mint machine tokens for every
   * allowed scope.
   */
  grantTypes?: readonly GrantType[];
  /**
   * When `application_type` is absent: true (default) infers `native` from loopback or private-use
   * redirect URIs and `web` from https ones (most MCP clients omit it); false applies the OpenID
   * default `web`, which refuses loopback redirects.
   */
  inferApplicationType?: boolean;
  /** Whether `http://localhost` redirect URIs count as loopback. Default true. */
  allowLocalhostRedirects?: boolean;
  /** Most redirect URIs per client. Default 10. */
  maxRedirectUris?: number;
  /** Longest URI (redirect and metadata URIs), in characters. Default 2000. */
  maxUriLength?: number;
  /** Longest free-text field (`client_name`, `software_id`, a contact...). Default 200. */
  maxStringLength?: number;
  /** Most `contacts`. Default 5. */
  maxContacts?: number;
  /** Most keys in `jwks`. Default 10. */
  maxJwksKeys?: number;
  /** Longest `scope` string. Default 1000. */
  maxScopeLength?: number;
  /** Lifetime of an issued `client_secret`, in seconds; 0 means it never expires. Default 90 days. */
  clientSecretTtlSeconds?: number;
  /**
   * Seconds a registered client may stay unused (no completed authorization, see `ClientStore.touch`)
   * before it expires; 0 disables the expiry. Default 1 day.
   */
  unusedClientTtlSeconds?: number;
  /** Most active (unexpired) clients; a registration beyond it is refused. 0 disables. Default 10,000. */
  maxActiveClients?: number;
  /**
   * Whether an identical registration (same validated metadata, hence same software) of a client that
   * needs no secret returns the existing active client instead of a new one. Default true.
   */
  deduplicate?: boolean;
}

/** A checked, frozen registration policy; build it once with {@link createRegistrationPolicy}. */
export interface RegistrationPolicy extends Readonly<Required<RegistrationPolicyOptions>> {
  /** `allowedScopes`, compiled for fast coverage checks. */
  readonly allowedScopeSet: ScopeSet;
}

const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'none',
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
];
const GRANT_TYPES: readonly GrantType[] = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
];
const DEFAULT_GRANT_TYPES: readonly GrantType[] = ['authorization_code', 'refresh_token'];
const policies = new WeakSet<object>();

/**
 * Checks and freezes the rules client registration applies: allowed scopes, methods and grants, caps on
 * every field, secret lifetime and abuse limits. Bad options throw `TypeError`.
 *
 * @example
 * ```ts
 * import { createRegistrationPolicy } from '@gatehouse/registration';
 *
 * const policy = createRegistrationPolicy({
 *   allowedScopes: ['mcp:tools:*', 'mcp:prompts:read', 'offline_access'],
 *   tokenEndpointAuthMethods: ['none', 'private_key_jwt'],
 *   maxActiveClients: 5000,
 * });
 * ```
 */
export function createRegistrationPolicy(options: RegistrationPolicyOptions): RegistrationPolicy {
  const resolved = resolveOptions<Required<RegistrationPolicyOptions>>(
    'createRegistrationPolicy',
    options,
    {
      defaults: {
        allowedScopes: undefined,
        tokenEndpointAuthMethods: AUTH_METHODS,
        grantTypes: DEFAULT_GRANT_TYPES,
        inferApplicationType: true,
        allowLocalhostRedirects: true,
        maxRedirectUris: 10,
        maxUriLength: 2000,
        maxStringLength: 200,
        maxContacts: 5,
        maxJwksKeys: 10,
        maxScopeLength: 1000,
        clientSecretTtlSeconds: 90 * 86_400,
        unusedClientTtlSeconds: 86_400,
        maxActiveClients: 10_000,
        deduplicate: true,
      },
      required: ['allowedScopes'],
    },
  );
  assertSubset('tokenEndpointAuthMethods', resolved.tokenEndpointAuthMethods, AUTH_METHODS);
  assertSubset('grantTypes', resolved.grantTypes, GRANT_TYPES);
  for (const key of ['inferApplicationType', 'allowLocalhostRedirects', 'deduplicate'] as const) {
    if (typeof resolved[key] !== 'boolean') {
      throw new TypeError(`createRegistrationPolicy: ${key} must be a boolean`);
    }
  }
  for (const key of [
    'maxRedirectUris',
    'maxUriLength',
    'maxStringLength',
    'maxContacts',
    'maxJwksKeys',
    'maxScopeLength',
  ] as const) {
    assertInteger(key, resolved[key], 1);
  }
  for (const key of [
    'clientSecretTtlSeconds',
    'unusedClientTtlSeconds',
    'maxActiveClients',
  ] as const) {
    assertInteger(key, resolved[key], 0);
  }
  if (!Array.isArray(resolved.allowedScopes)) {
    throw new TypeError(
      'createRegistrationPolicy: allowedScopes must be an array of scope patterns',
    );
  }
  let allowedScopeSet: ScopeSet;
  try {
    allowedScopeSet = compileScopes([...resolved.allowedScopes]);
  } catch (cause) {
    throw new TypeError('createRegistrationPolicy: allowedScopes has a malformed scope pattern', {
      cause,
    });
  }
  const policy: RegistrationPolicy = Object.freeze({
    ...resolved,
    allowedScopes: Object.freeze([...resolved.allowedScopes]),
    tokenEndpointAuthMethods: Object.freeze([...resolved.tokenEndpointAuthMethods]),
    grantTypes: Object.freeze([...resolved.grantTypes]),
    allowedScopeSet,
  });
  policies.add(policy);
  return policy;
}

/**
 * Whether `value` was made by {@link createRegistrationPolicy} (only such policies are accepted, so
 * their options are known to be checked).
 *
 * @example
 * ```ts
 * import { createRegistrationPolicy, isRegistrationPolicy } from '@gatehouse/registration';
 * isRegistrationPolicy(createRegistrationPolicy({ allowedScopes: [] })); // true
 * isRegistrationPolicy({ allowedScopes: [] }); // false
 * ```
 */
export function isRegistrationPolicy(value: unknown): value is RegistrationPolicy {
  return typeof value === 'object' && value !== null && policies.has(value);
}

/** `value` if it is a policy, else a TypeError naming the function that needed one. */
export function requirePolicy(name: string, value: unknown): RegistrationPolicy {
  if (!isRegistrationPolicy(value)) {
    throw new TypeError(`${name}: policy must come from createRegistrationPolicy()`);
  }
  return value;
}

function assertSubset(key: string, value: unknown, known: readonly string[]): void {
  if (!Array.isArray(value) || value.some((item) => !known.includes(item))) {
    throw new TypeError(`createRegistrationPolicy: ${key} must be a subset of ${known.join(', ')}`);
  }
}

function assertInteger(key: string, value: unknown, min: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new TypeError(`createRegistrationPolicy: ${key} must be an integer >= ${min}`);
  }
}
