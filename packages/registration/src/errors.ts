import { GatehouseError, type OAuthErrorCode } from '@gatehouse/errors';

/**
 * Every code a {@link RegistrationError} can carry. Codes are public API: assert on them, not on
 * messages.
 */
export type RegistrationErrorCode =
  // redirect URIs (invalid_redirect_uri)
  | 'ERR_REGISTRATION_REDIRECT_URI_MISSING'
  | 'ERR_REGISTRATION_REDIRECT_URI_TYPE'
  | 'ERR_REGISTRATION_REDIRECT_URI_TOO_LONG'
  | 'ERR_REGISTRATION_REDIRECT_URI_TOO_MANY'
  | 'ERR_REGISTRATION_REDIRECT_URI_CHARSET'
  | 'ERR_REGISTRATION_REDIRECT_URI_MALFORMED'
  | 'ERR_REGISTRATION_REDIRECT_URI_RELATIVE'
  | 'ERR_REGISTRATION_REDIRECT_URI_FRAGMENT'
  | 'ERR_REGISTRATION_REDIRECT_URI_USERINFO'
  | 'ERR_REGISTRATION_REDIRECT_URI_WILDCARD'
  | 'ERR_REGISTRATION_REDIRECT_URI_DANGEROUS_SCHEME'
  | 'ERR_REGISTRATION_REDIRECT_URI_INSECURE_HTTP'
  | 'ERR_REGISTRATION_REDIRECT_URI_SCHEME'
  | 'ERR_REGISTRATION_REDIRECT_URI_APPLICATION_TYPE'
  // client metadata (invalid_client_metadata)
  | 'ERR_REGISTRATION_METADATA_TYPE'
  | 'ERR_REGISTRATION_FIELD_TYPE'
  | 'ERR_REGISTRATION_FIELD_TOO_LONG'
  | 'ERR_REGISTRATION_FIELD_TOO_MANY'
  | 'ERR_REGISTRATION_URI_INVALID'
  | 'ERR_REGISTRATION_APPLICATION_TYPE'
  | 'ERR_REGISTRATION_AUTH_METHOD'
  | 'ERR_REGISTRATION_GRANT_TYPE'
  | 'ERR_REGISTRATION_RESPONSE_TYPE'
  | 'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH'
  | 'ERR_REGISTRATION_SCOPE_INVALID'
  | 'ERR_REGISTRATION_SCOPE_NOT_ALLOWED'
  | 'ERR_REGISTRATION_JWKS_INVALID'
  | 'ERR_REGISTRATION_JWKS_CONFLICT'
  | 'ERR_REGISTRATION_JWKS_MISSING'
  // registration endpoint and store
  | 'ERR_REGISTRATION_REQUEST_TYPE'
  | 'ERR_REGISTRATION_TOO_LARGE'
  | 'ERR_REGISTRATION_RATE_LIMITED'
  | 'ERR_REGISTRATION_CLIENT_LIMIT'
  | 'ERR_REGISTRATION_CLIENT_EXISTS'
  // client authentication with a registered secret (invalid_client)
  | 'ERR_REGISTRATION_CLIENT_UNKNOWN'
  | 'ERR_REGISTRATION_CLIENT_SECRET_MISMATCH'
  | 'ERR_REGISTRATION_CLIENT_SECRET_EXPIRED';

const OAUTH_ERROR: Readonly<Record<string, OAuthErrorCode>> = {
  REDIRECT_URI: 'invalid_redirect_uri',
  REQUEST_TYPE: 'invalid_request',
  TOO_LARGE: 'invalid_request',
  RATE_LIMITED: 'temporarily_unavailable',
  CLIENT_LIMIT: 'temporarily_unavailable',
  CLIENT_EXISTS: 'server_error',
  CLIENT_UNKNOWN: 'invalid_client',
  CLIENT_SECRET: 'invalid_client',
};

const STATUS: Readonly<Record<string, number>> = {
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

function oauthErrorOf(code: RegistrationErrorCode): OAuthErrorCode {
  const reason = code.slice('ERR_REGISTRATION_'.length);
  for (const [prefix, error] of Object.entries(OAUTH_ERROR)) {
    if (reason.startsWith(prefix)) return error;
  }
  return 'invalid_client_metadata';
}

function statusOf(code: RegistrationErrorCode): number | undefined {
  return STATUS[code.slice('ERR_REGISTRATION_'.length)];
}

/**
 * A registration failure caused by untrusted input: a refused redirect URI (`invalid_redirect_uri`),
 * refused client metadata (`invalid_client_metadata`), a malformed or oversized registration request,
 * a rate or client limit (`temporarily_unavailable`), or a client secret that does not verify
 * (`invalid_client`). `description` says precisely what was refused and is safe to send to the client.
 *
 * @example
 * ```ts
 * import { RegistrationError, validateRedirectUri } from '@gatehouse/registration';
 *
 * try {
 *   validateRedirectUri('https://app.example/cb#frag');
 * } catch (error) {
 *   if (RegistrationError.isInstance(error)) error.code; // 'ERR_REGISTRATION_REDIRECT_URI_FRAGMENT'
 * }
 * ```
 */
export class RegistrationError extends GatehouseError {
  declare readonly code: RegistrationErrorCode;

  constructor(code: RegistrationErrorCode, description: string, options: { cause?: unknown } = {}) {
    const oauthError = oauthErrorOf(code);
    const status = statusOf(code);
    super(code, description, {
      ...options,
      oauthError,
      description,
      ...(status === undefined ? {} : { status }),
      ...(oauthError === 'server_error' ? { expose: false } : {}),
    });
    this.name = 'RegistrationError';
  }

  /**
   * Whether `value` is a registration error (from any copy of this package).
   *
   * @example
   * ```ts
   * import { RegistrationError } from '@gatehouse/registration';
   * RegistrationError.isInstance(new Error('x')); // false
   * ```
   */
  static override isInstance(value: unknown): value is RegistrationError {
    return GatehouseError.isInstance(value) && value.code.startsWith('ERR_REGISTRATION_');
  }
}
