import { narrowScopes, parseScope } from '@gatehouse/scopes';
import { RegistrationError } from '../errors.js';
import type { GrantType, RegistrationPolicy, TokenEndpointAuthMethod } from '../policy.js';
import {
  type ApplicationType,
  type RedirectUriKind,
  validateRedirectUri,
} from '../redirect-uri.js';
import { field, type Input, optionalStringArray } from './fields.js';

export function readAuthMethod(body: Input, rules: RegistrationPolicy): TokenEndpointAuthMethod {
  const value = field(body, 'token_endpoint_auth_method') ?? 'client_secret_basic';
  if (!rules.tokenEndpointAuthMethods.includes(value as TokenEndpointAuthMethod)) {
    throw new RegistrationError(
      'ERR_REGISTRATION_AUTH_METHOD',
      `token_endpoint_auth_method must be one of ${rules.tokenEndpointAuthMethods.join(', ')}`,
    );
  }
  return value as TokenEndpointAuthMethod;
}

export function readGrantTypes(body: Input, rules: RegistrationPolicy): GrantType[] {
  const values = optionalStringArray(body, 'grant_types', 10, 100) ?? ['authorization_code'];
  if (values.length === 0) {
    throw new RegistrationError('ERR_REGISTRATION_GRANT_TYPE', 'grant_types must not be empty');
  }
  for (const value of values) {
    if (!rules.grantTypes.includes(value as GrantType)) {
      throw new RegistrationError(
        'ERR_REGISTRATION_GRANT_TYPE',
        `grant type ${value.slice(0, 60)} is not supported; use ${rules.grantTypes.join(', ')}`,
      );
    }
  }
  if (values.includes('refresh_token') && !values.includes('authorization_code')) {
    throw new RegistrationError(
      'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH',
      'refresh_token is only issued with the authorization_code grant',
    );
  }
  return values as GrantType[];
}

export function readResponseTypes(body: Input, grantTypes: readonly GrantType[]): 'code'[] {
  const withCode = grantTypes.includes('authorization_code');
  const values = optionalStringArray(body, 'response_types', 10, 100) ?? (withCode ? ['code'] : []);
  for (const value of values) {
    if (value !== 'code') {
      throw new RegistrationError(
        'ERR_REGISTRATION_RESPONSE_TYPE',
        `response type ${value.slice(0, 60)} is not supported; only code is`,
      );
    }
  }
  if (withCode !== values.includes('code')) {
    throw new RegistrationError(
      'ERR_REGISTRATION_GRANT_RESPONSE_MISMATCH',
      'response_types code and grant_types authorization_code go together (RFC 7591 section 2.1)',
    );
  }
  return values as 'code'[];
}

export interface CheckedRedirect {
  uri: string;
  kind: RedirectUriKind;
}

export function readRedirectUris(body: Input, rules: RegistrationPolicy): CheckedRedirect[] {
  const value = field(body, 'redirect_uris');
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new RegistrationError(
      'ERR_REGISTRATION_REDIRECT_URI_TYPE',
      'redirect_uris must be an array',
    );
  }
  if (value.length > rules.maxRedirectUris) {
    throw new RegistrationError(
      'ERR_REGISTRATION_REDIRECT_URI_TOO_MANY',
      `redirect_uris has over ${rules.maxRedirectUris} values`,
    );
  }
  const options = { allowLocalhost: rules.allowLocalhostRedirects, maxLength: rules.maxUriLength };
  const checked: CheckedRedirect[] = [];
  for (const uri of new Set<unknown>(value)) {
    checked.push({ uri: uri as string, kind: validateRedirectUri(uri, options) });
  }
  return checked;
}

export function resolveApplicationType(
  body: Input,
  rules: RegistrationPolicy,
  redirects: readonly CheckedRedirect[],
): ApplicationType {
  const declared = field(body, 'application_type');
  if (declared !== undefined && declared !== 'web' && declared !== 'native') {
    throw new RegistrationError(
      'ERR_REGISTRATION_APPLICATION_TYPE',
      'application_type must be web or native',
    );
  }
  const anyHttps = redirects.some((redirect) => redirect.kind === 'https');
  const type: ApplicationType =
    declared ??
    (rules.inferApplicationType && redirects.length > 0 && !anyHttps ? 'native' : 'web');
  for (const redirect of redirects) {
    validateRedirectUri(redirect.uri, {
      applicationType: type,
      allowLocalhost: rules.allowLocalhostRedirects,
      maxLength: rules.maxUriLength,
    });
  }
  return type;
}

export function readScope(body: Input, rules: RegistrationPolicy): string | undefined {
  const value = field(body, 'scope');
  if (value === undefined) return undefined;
  let requested: string[];
  try {
    requested = parseScope(value, { maxLength: rules.maxScopeLength });
  } catch (cause) {
    throw new RegistrationError('ERR_REGISTRATION_SCOPE_INVALID', 'scope is malformed', { cause });
  }
  const { dropped } = narrowScopes(requested, rules.allowedScopeSet);
  if (dropped.length > 0) {
    throw new RegistrationError(
      'ERR_REGISTRATION_SCOPE_NOT_ALLOWED',
      `scope ${dropped.slice(0, 3).join(' ').slice(0, 200)} is not allowed for clients`,
    );
  }
  return requested.join(' ');
}
