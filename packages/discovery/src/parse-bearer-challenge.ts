import { parseWwwAuthenticate } from './parse-www-authenticate.js';

/**
 * The `Bearer` challenge of a `WWW-Authenticate` header, with the RFC 6750 and RFC 9728 parameters
 * named. Values come from the server and are untrusted: `error` is whatever string it sent.
 */
export interface BearerChallenge {
  readonly realm?: string;
  readonly error?: string;
  readonly errorDescription?: string;
  /** The `scope` parameter split on spaces; empty entries dropped. */
  readonly scope?: readonly string[];
  /** The RFC 9728 `resource_metadata` URL, unvalidated. */
  readonly resourceMetadata?: string;
  /** Every auth-param by lowercased name, including the ones above. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses a `WWW-Authenticate` header (see {@link parseWwwAuthenticate}) and returns its first `Bearer`
 * challenge, or `undefined` when there is none. Throws the same coded errors as the full parser.
 *
 * @example
 * ```ts
 * import { parseBearerChallenge } from '@gatehouse/discovery';
 *
 * const challenge = parseBearerChallenge(response.headers.get('www-authenticate') ?? '');
 * challenge?.resourceMetadata; // 'https://mcp.example.com/.well-known/oauth-protected-resource'
 * challenge?.scope; // ['files:read']
 * ```
 */
export function parseBearerChallenge(
  header: string | readonly string[],
): BearerChallenge | undefined {
  const challenge = parseWwwAuthenticate(header).find(({ scheme }) => scheme === 'bearer');
  if (challenge === undefined) return undefined;
  const { params } = challenge;
  const out: {
    -readonly [K in keyof BearerChallenge]: BearerChallenge[K];
  } = { params };
  if (params.realm !== undefined) out.realm = params.realm;
  if (params.error !== undefined) out.error = params.error;
  if (params.error_description !== undefined) out.errorDescription = params.error_description;
  if (params.scope !== undefined) out.scope = params.scope.split(' ').filter(Boolean);
  if (params.resource_metadata !== undefined) out.resourceMetadata = params.resource_metadata;
  return out;
}
