import { GatehouseError } from '@gatehouse/errors';

/** The user claims copied into access tokens unless `userClaims` says otherwise. */
export const DEFAULT_USER_CLAIMS: readonly string[] = Object.freeze(['tenant']);

/**
 * Names a user claim can never have: the registered JWT claims (RFC 7519), the RFC 9068 access token
 * and RFC 8693 claims, the OpenID Connect claims a resource server may read as facts about the
 * authentication, this server's grant claim, and the RFC 7662 introspection fields (a user claim is
 * also shown by `/introspect`).
 */
const RESERVED: ReadonlySet<string> = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'scope',
  'scp',
  'client_id',
  'cnf',
  'act',
  'may_act',
  'azp',
  'auth_time',
  'acr',
  'amr',
  'nonce',
  'sid',
  'typ',
  'roles',
  'groups',
  'entitlements',
  'gid',
  'active',
  'token_type',
  'username',
]);
/** A claim name: a letter, then letters, digits or `_`; at most 64 characters. */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_VALUE_LENGTH = 256;
const MAX_CLAIMS = 20;

/** C0, DEL, C1, and the line and paragraph separators. */
function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      return true;
    }
  }
  return false;
}

/** Why `name` cannot be a user claim, or undefined when it can. */
export function userClaimNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !NAME.test(name)) {
    return 'a claim name is a letter, then letters, digits or _ (at most 64)';
  }
  if (RESERVED.has(name)) return `"${name}" is a registered claim and cannot be a user claim`;
  return undefined;
}

/**
 * Checks a user's claims: at most 20, each name allowed (in `allowed` and never a registered claim
 * such as `sub`, `aud` or `scope`) and each value a string of 1 to 256 characters without control
 * characters. Returns a plain copy. Throws `ERR_USERS_CLAIM_NOT_ALLOWED` or `ERR_USERS_CLAIM_INVALID`.
 *
 * @example
 * ```ts
 * checkUserClaims({ tenant: 'acme' }, ['tenant']); // { tenant: 'acme' }
 * checkUserClaims({ sub: 'admin' }, ['tenant']); // throws ERR_USERS_CLAIM_NOT_ALLOWED
 * ```
 */
export function checkUserClaims(
  claims: unknown,
  allowed: readonly string[],
): Record<string, string> {
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new GatehouseError('ERR_USERS_CLAIM_INVALID', 'claims must be an object of strings');
  }
  const entries = Object.entries(claims);
  if (entries.length > MAX_CLAIMS) {
    throw new GatehouseError('ERR_USERS_CLAIM_INVALID', `a user has at most ${MAX_CLAIMS} claims`);
  }
  const checked: Record<string, string> = {};
  for (const [name, value] of entries) {
    const problem = userClaimNameProblem(name);
    if (problem !== undefined || !allowed.includes(name)) {
      throw new GatehouseError(
        'ERR_USERS_CLAIM_NOT_ALLOWED',
        problem ?? `the claim ${name} is not configured in userClaims (${allowed.join(', ')})`,
      );
    }
    if (
      typeof value !== 'string' ||
      value === '' ||
      [...value].length > MAX_VALUE_LENGTH ||
      hasControlCharacter(value)
    ) {
      throw new GatehouseError(
        'ERR_USERS_CLAIM_INVALID',
        `the claim ${name} must be text of 1 to ${MAX_VALUE_LENGTH} characters`,
      );
    }
    checked[name] = value;
  }
  return checked;
}

/** The claims of `user` named in `allowed` (and never a registered one), for an access token. */
export function tokenUserClaims(
  claims: Readonly<Record<string, string>> | undefined,
  allowed: readonly string[],
): Record<string, string> {
  const picked: Record<string, string> = {};
  if (claims === undefined) return picked;
  for (const name of allowed) {
    const value = Object.hasOwn(claims, name) ? claims[name] : undefined;
    if (typeof value === 'string' && userClaimNameProblem(name) === undefined) picked[name] = value;
  }
  return picked;
}
