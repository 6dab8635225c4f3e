/**
 * Which property names hold secrets. Names are compared normalised: lower-case, with everything but
 * letters and digits removed, so `access_token`, `accessToken` and `Access-Token` are one name.
 * Over-redaction is cheap; a leaked token is not. The exceptions below are OAuth vocabulary that
 * contains a secret-sounding word but never holds a secret.
 */

const FRAGMENTS = [
  'token',
  'secret',
  'password',
  'passwd',
  'passphrase',
  'verifier',
  'assertion',
  'cookie',
  'apikey',
  'privatekey',
  'credential',
  'sessionid',
  'signature',
  'signingkey',
  'encryptionkey',
  'hmackey',
  'masterkey',
  'sharedkey',
  // credential headers: X-Auth-Key, Ocp-Apim-Subscription-Key, X-Functions-Key, X-Access-Key
  'authkey',
  'subscriptionkey',
  'functionskey',
  'accesskey',
  'sessionkey',
];

const EXACT = new Set([
  'authorization',
  'proxyauthorization',
  'bearer',
  'pwd',
  'pin',
  'otp',
  'jwt',
  'dpop',
]);

const NOT_SECRET = new Set([
  'tokentype',
  'tokentypehint',
  'tokenendpoint',
  'tokenendpointauthmethod',
  'tokenendpointauthsigningalg',
  'clientsecretexpiresat',
]);

const NOT_SECRET_CODES = new Set([
  'statuscode',
  'httpstatuscode',
  'errorcode',
  'reasoncode',
  'responsecode',
  'resultcode',
  'returncode',
  'exitcode',
  'countrycode',
  'languagecode',
  'currencycode',
  'postalcode',
  'zipcode',
]);

/** Lower-case letters and digits only. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether a property (or query parameter) named `key` holds a secret by Gatehouse's rules. */
export function isSecretKey(key: string): boolean {
  const name = normalizeKey(key);
  if (NOT_SECRET.has(name)) return false;
  if (EXACT.has(name)) return true;
  const singular = name.endsWith('codes') ? name.slice(0, -1) : name;
  if (singular.endsWith('code') && !NOT_SECRET_CODES.has(singular)) return true;
  for (const fragment of FRAGMENTS) if (name.includes(fragment)) return true;
  return false;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie']);
// an HTTP field name (RFC 9110 token), or an HTTP/2 pseudo-header (`:authority`) as Node lists them
const HEADER_NAME = /^:?[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
// registered OAuth values (grant and response types, client authentication methods, token types):
// public vocabulary, never a credential, so that `grant_types: ['authorization_code',
// 'refresh_token']` is not read as a header named `authorization_code` with a secret value
const OAUTH_VOCABULARY = new Set([
  'authorization_code',
  'refresh_token',
  'client_credentials',
  'implicit',
  'code',
  'token',
  'id_token',
  'access_token',
  'none',
  'client_secret_basic',
  'client_secret_post',
  'client_secret_jwt',
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:saml2-bearer',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:ietf:params:oauth:token-type:access_token',
  'urn:ietf:params:oauth:token-type:refresh_token',
  'urn:ietf:params:oauth:token-type:id_token',
  'urn:ietf:params:oauth:token-type:jwt',
]);

/**
 * Whether `name` is an HTTP header whose whole value is a credential, whatever its scheme or shape
 * (`Authorization: Token …`, `Cookie: a=…; b=…`): such a value is redacted to the end of its line.
 */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(normalizeKey(name));
}

/**
 * Whether `value`, the item after `name` in a list, is the value of a secret header in a flat list
 * of header names and values (Node's `rawHeaders`, `[name, value, name, value, …]`). The same rule
 * as for property names (`isSecretName`, user rules included), so `X-Api-Key`, `X-Auth-Token` or
 * `Mcp-Session-Id` hide their value in a list as they do as object keys; `name` must be spelled as a
 * header name can be, and a registered OAuth value (`refresh_token` after `authorization_code` in
 * `grant_types`) is vocabulary, not a secret.
 */
export function isSecretHeaderValue(
  name: unknown,
  value: unknown,
  isSecretName: (name: string) => boolean,
): boolean {
  if (typeof name !== 'string' || !HEADER_NAME.test(name)) return false;
  if (typeof value === 'string' && OAUTH_VOCABULARY.has(value)) return false;
  return isCredentialHeader(name) || isSecretName(name);
}
