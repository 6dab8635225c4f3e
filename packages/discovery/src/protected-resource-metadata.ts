import { resolveOptions } from '@gatehouse/errors';
import { DiscoveryError } from './errors.js';
import { checkFields, omitEmptyLists, requireField } from './internal/fields.js';
import { isScopeToken } from './internal/http-chars.js';
import { PROTECTED_RESOURCE_FIELDS } from './internal/protected-resource-fields.js';
import { refuseNoneAlgorithm } from './internal/signing-algorithms.js';
import type {
  ProtectedResourceMetadata,
  ProtectedResourceMetadataFields,
} from './protected-resource-metadata-fields.js';

/**
 * Options of {@link defineProtectedResourceMetadata}.
 */
export interface DefineProtectedResourceMetadataOptions {
  /** Development only: allow `http:` URLs for loopback hosts (127.0.0.0/8, `[::1]`, `localhost`). */
  allowLoopbackHttp?: boolean;
}

/**
 * Options of {@link parseProtectedResourceMetadata}.
 */
export interface ParseProtectedResourceMetadataOptions {
  /** The resource identifier the document must name, compared as an exact string (RFC 9728 3.3). */
  expectedResource: string;
  /** Development only: accept `http:` URLs for loopback hosts. */
  allowLoopbackHttp?: boolean;
}

/**
 * Validates and freezes the Protected Resource Metadata (RFC 9728) a protected MCP server publishes,
 * enforcing what MCP needs (R1): `resource` an https URL without fragment or userinfo;
 * `authorization_servers` non-empty, each an https issuer without query or fragment; every URL field
 * https; `bearer_methods_supported` only `header` (R8; it defaults to `["header"]`); `scopes_supported`
 * valid scope-tokens, without `offline_access` (R3); `resource_signing_alg_values_supported` without
 * `none` (RFC 9728 2). Extension fields are kept; a list with no element is left out (RFC 9728 3.2:
 * such claims MUST be omitted).
 *
 * Throws a {@link DiscoveryError} naming the `field`; `allowLoopbackHttp` admits `http://127.0.0.1…`
 * for development.
 *
 * @example
 * ```ts
 * import { defineProtectedResourceMetadata } from '@gatehouse/discovery';
 *
 * const metadata = defineProtectedResourceMetadata({
 *   resource: 'https://mcp.example.com/mcp',
 *   authorization_servers: ['https://auth.example.com'],
 *   scopes_supported: ['mcp:tools'],
 *   resource_name: 'Example MCP server',
 * });
 * metadata.bearer_methods_supported; // ['header']
 * ```
 */
export function defineProtectedResourceMetadata(
  input: ProtectedResourceMetadataFields & {
    readonly authorization_servers: readonly string[];
  },
  options?: DefineProtectedResourceMetadataOptions,
): ProtectedResourceMetadata {
  const { allowLoopbackHttp = false } = resolveOptions<DefineProtectedResourceMetadataOptions>(
    'defineProtectedResourceMetadata',
    options,
    { defaults: { allowLoopbackHttp: false } },
  );
  const withDefaults =
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    input.bearer_methods_supported === undefined
      ? { ...input, bearer_methods_supported: ['header'] }
      : input;
  const doc = checkFields(withDefaults, PROTECTED_RESOURCE_FIELDS, { allowLoopbackHttp });
  requireField(doc, 'resource');
  requireField(doc, 'authorization_servers');
  const servers = doc.authorization_servers as readonly string[];
  if (servers.length === 0) {
    throw new DiscoveryError(
      'ERR_DISCOVERY_FIELD_EMPTY',
      'authorization_servers must name at least one issuer',
      { field: 'authorization_servers' },
    );
  }
  for (const method of doc.bearer_methods_supported as readonly string[]) {
    if (method !== 'header') {
      throw new DiscoveryError(
        'ERR_DISCOVERY_BEARER_METHOD_UNSUPPORTED',
        'bearer_methods_supported may only list "header": tokens are read from the Authorization header',
        { field: 'bearer_methods_supported' },
      );
    }
  }
  for (const scope of (doc.scopes_supported as readonly string[] | undefined) ?? []) {
    if (!isScopeToken(scope) || scope === 'offline_access') {
      throw new DiscoveryError(
        'ERR_DISCOVERY_FIELD_VALUE',
        'scopes_supported must hold scope-tokens, and not offline_access',
        { field: 'scopes_supported' },
      );
    }
  }
  refuseNoneAlgorithm(
    doc.resource_signing_alg_values_supported as readonly string[] | undefined,
    'resource_signing_alg_values_supported',
  );
  return omitEmptyLists(doc) as ProtectedResourceMetadata;
}

/**
 * Validates an untrusted Protected Resource Metadata document fetched from the network (the parsed
 * JSON body): a JSON object; `resource` exactly equal, as a string, to `expectedResource`; every
 * registered field of the right type; URL fields https (loopback http with `allowLoopbackHttp`);
 * `authorization_servers` entries valid issuer identifiers. Unknown fields are kept. Returns a
 * deep-frozen copy; throws a {@link DiscoveryError} naming the `field`.
 *
 * @example
 * ```ts
 * import { parseProtectedResourceMetadata } from '@gatehouse/discovery';
 *
 * const metadata = parseProtectedResourceMetadata(await response.json(), {
 *   expectedResource: 'https://mcp.example.com/mcp',
 * });
 * metadata.authorization_servers; // ['https://auth.example.com']
 * ```
 */
export function parseProtectedResourceMetadata(
  json: unknown,
  options: ParseProtectedResourceMetadataOptions,
): ProtectedResourceMetadata {
  const { expectedResource, allowLoopbackHttp = false } =
    resolveOptions<ParseProtectedResourceMetadataOptions>(
      'parseProtectedResourceMetadata',
      options,
      {
        defaults: { expectedResource: undefined, allowLoopbackHttp: false },
        required: ['expectedResource'],
      },
    );
  if (typeof expectedResource !== 'string') {
    throw new TypeError('parseProtectedResourceMetadata: expectedResource must be a string');
  }
  const doc = checkFields(json, PROTECTED_RESOURCE_FIELDS, { allowLoopbackHttp });
  requireField(doc, 'resource');
  if (doc.resource !== expectedResource) {
    throw new DiscoveryError(
      'ERR_DISCOVERY_RESOURCE_MISMATCH',
      'the metadata describes another resource than the one requested',
      { field: 'resource' },
    );
  }
  return doc as ProtectedResourceMetadata;
}
