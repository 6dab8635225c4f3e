import { fail } from './mcp-capable.js';

/** The client authentication methods that sign a JWT with JWS (RFC 7523 2.2, OIDC Core 9). */
const JWT_AUTH_METHODS: readonly string[] = ['private_key_jwt', 'client_secret_jwt'];

/** The endpoints whose client authentication RFC 8414 section 2 describes. */
const AUTHENTICATED_ENDPOINTS = ['token_endpoint', 'revocation_endpoint', 'introspection_endpoint'];

/**
 * Enforces RFC 8414 section 2 for the token, revocation and introspection endpoints: each
 * `<endpoint>_auth_signing_alg_values_supported` never lists `none`, and is present and non-empty when
 * `<endpoint>_auth_methods_supported` lists `private_key_jwt` or `client_secret_jwt` (no default
 * algorithms are implied, so a client could not know how to sign).
 */
export function assertAuthSigningAlgorithms(doc: Readonly<Record<string, unknown>>): void {
  for (const endpoint of AUTHENTICATED_ENDPOINTS) {
    const methodsField = `${endpoint}_auth_methods_supported`;
    const algorithmsField = `${endpoint}_auth_signing_alg_values_supported`;
    const methods = doc[methodsField] as readonly string[] | undefined;
    const algorithms = doc[algorithmsField] as readonly string[] | undefined;
    refuseNoneAlgorithm(algorithms, algorithmsField);
    if (!methods?.some((method) => JWT_AUTH_METHODS.includes(method))) continue;
    if (algorithms === undefined) {
      fail(
        'ERR_DISCOVERY_FIELD_MISSING',
        algorithmsField,
        `is required when ${methodsField} lists private_key_jwt or client_secret_jwt`,
      );
    }
    if (algorithms.length === 0) {
      fail('ERR_DISCOVERY_FIELD_EMPTY', algorithmsField, 'must name at least one algorithm');
    }
  }
}

/**
 * Throws `ERR_DISCOVERY_FIELD_VALUE` when a list of JWS algorithms names `none` (RFC 8414 2,
 * RFC 9728 2). Any spelling is refused: no registered algorithm is called so, and some JOSE
 * libraries have matched `none` without regard to case.
 */
export function refuseNoneAlgorithm(
  algorithms: readonly string[] | undefined,
  field: string,
): void {
  if (algorithms?.some((algorithm) => algorithm.toLowerCase() === 'none')) {
    fail('ERR_DISCOVERY_FIELD_VALUE', field, 'must not list none');
  }
}
