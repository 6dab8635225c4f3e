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

/**
 * Whether `name` is an HTTP header whose whole value is a credential, whatever its scheme or shape
 * (`Authorization: Token …`, `Cookie: a=…; b=…`): such a value is redacted to the end of its line,
 * and in a flat list of header names and values (Node's `rawHeaders`) the item after the name.
 */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(normalizeKey(name));
}
