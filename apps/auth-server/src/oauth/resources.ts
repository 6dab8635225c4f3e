import { canonicalResourceUri } from '@gatehouse/discovery';
import { narrowScopes, parseScope } from '@gatehouse/scopes';
import type { AuthServerConfig, ResolvedClient, ResourceServerConfig } from '../context.js';
import { oauthError } from './errors.js';

/** Canonical forms already computed (a pure function of the string); cleared when it grows past this. */
const MEMO_LIMIT = 256;
const canonicalMemo = new Map<string, string | null>();

function canonicalOrUndefined(uri: string): string | undefined {
  let canonical = canonicalMemo.get(uri);
  if (canonical === undefined) {
    try {
      canonical = canonicalResourceUri(uri);
    } catch {
      canonical = null;
    }
    if (canonicalMemo.size >= MEMO_LIMIT) canonicalMemo.clear();
    canonicalMemo.set(uri, canonical);
  }
  return canonical ?? undefined;
}

/** The configured resources by canonical URI, kept once per frozen configuration (it cannot change). */
const byCanonical = new WeakMap<
  readonly ResourceServerConfig[],
  Map<string, ResourceServerConfig>
>();

function resourceIndex(resources: readonly ResourceServerConfig[]) {
  let index = byCanonical.get(resources);
  if (index === undefined) {
    index = new Map();
    for (const entry of resources) {
      const canonical = canonicalOrUndefined(entry.uri);
      // the first entry wins, as a linear search would find it
      if (canonical !== undefined && !index.has(canonical)) index.set(canonical, entry);
    }
    if (Object.isFrozen(resources)) byCanonical.set(resources, index);
  }
  return index;
}

/**
 * The resource server a request is for (RFC 8707). No `resource` gets the configured default; a
 * `resource` is compared with the configured ones in canonical form (case of scheme and host, default
 * port, trailing slash, percent-encoding of unreserved characters). Anything else is `invalid_target`
 * (`ERR_AS_RESOURCE_UNKNOWN`, or `ERR_AS_RESOURCE_INVALID` for a value that is not an absolute URI
 * without a fragment).
 */
export function selectResource(
  config: Pick<AuthServerConfig, 'resources' | 'defaultResource'>,
  requested?: string,
): ResourceServerConfig {
  const wanted = requested ?? config.defaultResource;
  const canonical = canonicalOrUndefined(wanted);
  if (canonical === undefined) {
    throw oauthError(
      'ERR_AS_RESOURCE_INVALID',
      'invalid_target',
      'resource must be an absolute URI without a fragment',
    );
  }
  const found = resourceIndex(config.resources).get(canonical);
  if (found === undefined) {
    throw oauthError(
      'ERR_AS_RESOURCE_UNKNOWN',
      'invalid_target',
      'resource is not a resource server this authorization server issues tokens for',
    );
  }
  return found;
}

/** A `scope` request parameter as a list; `invalid_scope` (`ERR_AS_SCOPE_MALFORMED`) if malformed. */
export function parseRequestedScope(scope: string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  try {
    return parseScope(scope);
  } catch (cause) {
    throw oauthError('ERR_AS_SCOPE_MALFORMED', 'invalid_scope', 'scope is malformed', { cause });
  }
}

/** What {@link grantableScopes} decided. */
export interface GrantableScopes {
  /** What may be granted, in request order. */
  scopes: string[];
  /** Requested scopes that were left out (no single allowed pattern covers them). */
  dropped: string[];
}

/**
 * The scopes a client may get for a resource: each requested scope is kept when one of the
 * resource's allowed patterns covers it (`@gatehouse/scopes` containment, so `mcp:tools:weather` is
 * within `mcp:tools:*`, and a requested wildcard broader than the allowed one is dropped, never
 * shrunk) and, only with `registeredScopeIsCeiling`, when the client's registered `scope` covers it
 * too. Uncovered scopes are dropped (RFC 6749 3.3: the response's `scope` says what was granted);
 * when nothing is left of a non-empty request, `invalid_scope` (`ERR_AS_SCOPE_NOT_ALLOWED`).
 *
 * A request without `scope` asks for the client's registered `scope` when it has one, else for
 * everything the resource allows; either way narrowed as above, and the user consents to that list.
 */
export function grantableScopes(
  config: Pick<AuthServerConfig, 'registeredScopeIsCeiling'>,
  resource: ResourceServerConfig,
  client: Pick<ResolvedClient, 'metadata'>,
  requested: readonly string[] | undefined,
): GrantableScopes {
  const registered = registeredScopes(client);
  const wanted = requested ?? registered ?? resource.scopes;
  let { kept, dropped } = narrowScopes(wanted, resource.scopes);
  if (config.registeredScopeIsCeiling && registered !== undefined) {
    const ceiling = narrowScopes(kept, registered);
    kept = ceiling.kept;
    dropped = [...dropped, ...ceiling.dropped];
  }
  if (kept.length === 0 && wanted.length > 0) {
    throw oauthError(
      'ERR_AS_SCOPE_NOT_ALLOWED',
      'invalid_scope',
      `none of the requested scopes is allowed for ${resource.uri}`,
    );
  }
  return { scopes: kept, dropped };
}

/**
 * Refresh may only narrow (RFC 6749 6, MCP A13): every requested scope must be covered by the
 * grant's scopes, else `invalid_scope` (`ERR_AS_SCOPE_WIDENED`). No `scope` keeps the grant's.
 */
export function narrowToGrant(
  granted: readonly string[],
  requested: readonly string[] | undefined,
): string[] {
  if (requested === undefined) return [...granted];
  const { kept, dropped } = narrowScopes(requested, granted);
  if (dropped.length > 0) {
    throw oauthError(
      'ERR_AS_SCOPE_WIDENED',
      'invalid_scope',
      'a refresh may only narrow the scope of the grant',
    );
  }
  return kept;
}

function registeredScopes(client: Pick<ResolvedClient, 'metadata'>): string[] | undefined {
  const scope = client.metadata.scope;
  if (scope === undefined || scope.trim() === '') return undefined;
  try {
    return parseScope(scope);
  } catch {
    return undefined;
  }
}
