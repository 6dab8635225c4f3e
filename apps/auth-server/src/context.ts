import type { AuditLogger } from '@gatehouse/audit';
import type { ClientMetadata, ClientRecord } from '@gatehouse/registration';
import type { KeySet } from '@gatehouse/tokens';
import type { Logger } from 'pino';
import type { AuthStore } from './store/types.js';

/** A resource server this authorization server issues tokens for (RFC 8707). */
export interface ResourceServerConfig {
  /** Canonical resource URI, the tokens' `aud`. */
  uri: string;
  /** Scope patterns (wildcards allowed) a token for this resource may carry. */
  scopes: string[];
  /** Shown on the consent page. */
  name?: string;
  accessTokenTtlSeconds: number;
}

/**
 * Where a configured client's secret hash comes from; the secret itself never sits in the
 * configuration: a `sha256:` hash (`hashClientSecret`), or an environment variable or file whose
 * content is hashed at start.
 */
export type ClientSecretSource = { hash: string } | { env: string } | { file: string };

/** A client set up by the administrator in the configuration (`clients`), stored at start. */
export interface ConfiguredClient {
  clientId: string;
  /** Validated RFC 7591 metadata (registration's `validateClientMetadata`). */
  metadata: ClientMetadata;
  /** Present exactly for `client_secret_basic` / `client_secret_post` clients. */
  secret?: ClientSecretSource;
}

/** The endpoints with a per-address rate limit. */
export type RateLimitName =
  | 'token'
  | 'register'
  | 'authorize'
  | 'documents'
  | 'introspect'
  | 'revoke';

/** One rate-limit budget: `points` requests per `durationSeconds` per client address. */
export interface RateLimitSetting {
  points: number;
  durationSeconds: number;
}

/** The validated, frozen configuration (see `config.ts`). */
export interface AuthServerConfig {
  issuer: string;
  host: string;
  port: number;
  /** Loopback http issuer and test conveniences allowed. */
  dev: boolean;
  dataDir: string;
  /** PostgreSQL when set; SQLite in `dataDir` otherwise. */
  databaseUrl?: string;
  resources: ResourceServerConfig[];
  /** Used when a request names no `resource`. */
  defaultResource: string;
  codeTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** A DCR or CIMD client's registered `scope` limits what it may ask for (off by default: MCP step-up). */
  registeredScopeIsCeiling: boolean;
  /** Plain-words descriptions per scope pattern, for the consent page. */
  scopeDescriptions: Record<string, string>;
  /** Honour `X-Forwarded-For` for rate limits and audit (only behind a proxy you control). */
  trustProxy: boolean;
  /** Exact https origins whose metadata documents may be fetched from private addresses (tests only). */
  cimdAllowPrivateOrigins: string[];
  /** When set, `jwks_uri` and CIMD fetches trust only these PEM roots (tests only). */
  cimdCaCertificates?: string[];
  /** A new signing key is published this long before it signs. */
  keyPublishSeconds: number;
  auditFile: string;
  /** Signs session cookies and forms (base64url or hex, >= 32 bytes); default: generated in `dataDir`. */
  sessionSecret?: string;
  /** Per-address budgets (`http/rate-limit.ts`). */
  rateLimits: Record<RateLimitName, RateLimitSetting>;
  /** User claim names copied into access tokens and shown by `/introspect` (default `['tenant']`). */
  userClaims: string[];
  /** Pre-registered clients (confidential, `client_credentials`), stored (created or updated) at start. */
  clients: ConfiguredClient[];
  /** Client ids allowed to call `/introspect` (the resource servers'); absent or empty: none. */
  introspectionClients?: string[];
}

/** A client as the endpoints see it: a registered (DCR) client or one resolved from a metadata document. */
export interface ResolvedClient {
  clientId: string;
  metadata: ClientMetadata;
  kind: 'registered' | 'metadata-document';
  /** The stored record, for registered clients (secret hash and expiry). */
  record?: ClientRecord;
}

/**
 * Called before a lookup fetches a metadata document that is not cached, with the requester's
 * budget (`documentFetchBudget`); rejects to refuse the fetch.
 */
export type FetchBudget = () => Promise<void>;

/** Looks clients up by id: the store for DCR ids, the CIMD resolver for https ids. */
export interface ClientResolver {
  /**
   * Undefined when unknown; rejects with a coded error when a metadata document cannot be used.
   * `budget` is spent only when the lookup has to fetch a document.
   */
  resolve(clientId: string, now: number, budget?: FetchBudget): Promise<ResolvedClient | undefined>;
}

/** The signing keys, loaded from the store and kept current (rotation publishes before it signs). */
export interface SigningKeys {
  /** The key set to sign with and to publish. */
  current(): KeySet;
  /** Creates the next key: published now, signing after `keyPublishSeconds`. */
  rotate(now: number): Promise<{ kid: string; activatesAt: number }>;
  /** Re-reads the store (activations that came due, keys retired by another replica). */
  refresh(now: number): Promise<void>;
}

/** What every route module receives. */
export interface ServerContext {
  config: AuthServerConfig;
  store: AuthStore;
  keys: SigningKeys;
  clients: ClientResolver;
  audit: AuditLogger;
  log: Logger;
  /** Seconds since the epoch; injectable for tests. */
  now(): number;
}
