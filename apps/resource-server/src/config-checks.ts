import { canonicalResourceUri } from '@gatehouse/discovery';
import type { ConfigError } from './config-error.js';
import type { RawConfig } from './config-sources.js';
import { readSecretFile } from './config-sources.js';

/** How this server authenticates to the introspection endpoint. */
export interface IntrospectionConfig {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authMethod: 'client_secret_basic' | 'client_secret_post';
  /**
   * How long an active answer is reused, in seconds (never past the token's `exp`); 0: none, every
   * request asks the endpoint. A revoked token keeps working at most this long.
   */
  readonly cacheSeconds: number;
}

/** The default introspection cache lifetime: short, so a revoked opaque token stops working quickly. */
export const DEFAULT_INTROSPECTION_CACHE_SECONDS = 5;
/** The longest introspection cache lifetime accepted. */
export const MAX_INTROSPECTION_CACHE_SECONDS = 300;

/** The RFC 8707 canonical form of `uri`, or undefined when it has none. */
export function canonical(uri: string): string | undefined {
  try {
    return canonicalResourceUri(uri);
  } catch {
    return undefined;
  }
}

/** Whether `host` (a listen address or a URL hostname) is a loopback name or address. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === '[::1]' || host === 'localhost';
}

/** An absolute https URL without query or fragment (http on a loopback host with --dev). */
export function checkUrl(
  key: string,
  value: unknown,
  dev: boolean,
  problems: string[],
): string | undefined {
  if (value === undefined) {
    problems.push(`${key}: required (an https URL) unless --dev`);
    return undefined;
  }
  if (typeof value !== 'string' || !URL.canParse(value)) {
    problems.push(`${key}: must be an absolute URL`);
    return undefined;
  }
  const url = new URL(value);
  const loopbackHttp = url.protocol === 'http:' && isLoopback(url.hostname);
  if (url.protocol !== 'https:' && !(dev && loopbackHttp)) {
    problems.push(
      `${key}: must be https${loopbackHttp ? ' (http on loopback only with --dev)' : ''}`,
    );
  } else if (
    url.username !== '' ||
    url.password !== '' ||
    value.includes('?') ||
    value.includes('#')
  ) {
    problems.push(`${key}: must have no userinfo, query or fragment`);
  }
  return value;
}

export function checkIntrospection(
  raw: RawConfig,
  dev: boolean,
  problems: string[],
): IntrospectionConfig | undefined {
  const { introspectionUrl, introspectionClientId, introspectionClientSecretFile } = raw;
  let secret = raw.introspectionClientSecret;
  if (secret !== undefined && introspectionClientSecretFile !== undefined) {
    problems.push('introspectionClientSecret: give the secret or a secret file, not both');
  } else if (typeof introspectionClientSecretFile === 'string') {
    try {
      secret = readSecretFile(introspectionClientSecretFile);
    } catch (error) {
      problems.push(...(error as ConfigError).problems);
    }
  }
  const method = raw.introspectionAuthMethod ?? 'client_secret_basic';
  const cacheSeconds = raw.introspectionCacheSeconds ?? DEFAULT_INTROSPECTION_CACHE_SECONDS;
  if (introspectionUrl === undefined) {
    if (
      introspectionClientId !== undefined ||
      secret !== undefined ||
      raw.introspectionAuthMethod !== undefined ||
      raw.introspectionCacheSeconds !== undefined
    ) {
      problems.push('introspectionUrl: required with the introspection client settings');
    }
    return undefined;
  }
  const url = checkUrl('introspectionUrl', introspectionUrl, dev, problems);
  if (typeof introspectionClientId !== 'string' || introspectionClientId === '')
    problems.push('introspectionClientId: required with introspectionUrl');
  if (typeof secret !== 'string' || secret === '')
    problems.push(
      'introspectionClientSecret: required with introspectionUrl (environment or file)',
    );
  if (method !== 'client_secret_basic' && method !== 'client_secret_post')
    problems.push('introspectionAuthMethod: must be client_secret_basic or client_secret_post');
  if (
    !Number.isInteger(cacheSeconds) ||
    (cacheSeconds as number) < 0 ||
    (cacheSeconds as number) > MAX_INTROSPECTION_CACHE_SECONDS
  ) {
    problems.push(
      `introspectionCacheSeconds: must be a whole number of seconds from 0 (no cache) to ${MAX_INTROSPECTION_CACHE_SECONDS}`,
    );
  }
  return {
    url: url ?? '',
    clientId: String(introspectionClientId),
    clientSecret: String(secret),
    authMethod: method as IntrospectionConfig['authMethod'],
    cacheSeconds: cacheSeconds as number,
  };
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
