import { isLoopbackHost } from '@gatehouse/internal';
import { DiscoveryError } from '../errors.js';
import { parseUrl } from './parse-url.js';

/** Which URLs a document or a fetch may use. */
export interface UrlPolicy {
  /** Allow `http:` for loopback hosts (development only). */
  readonly allowLoopbackHttp: boolean;
}

/**
 * Parses `value` as an absolute https URL (or loopback http when the policy allows it) without
 * userinfo or fragment, and, when `noQuery` is set, without a query (an issuer identifier).
 */
export function checkUrl(value: unknown, field: string, policy: UrlPolicy, noQuery = false): URL {
  const url = typeof value === 'string' ? parseUrl(value) : undefined;
  if (url === undefined) {
    throw new DiscoveryError('ERR_DISCOVERY_URL_INVALID', `${field} must be an absolute URL`, {
      field,
    });
  }
  const loopbackHttp =
    url.protocol === 'http:' && policy.allowLoopbackHttp && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw new DiscoveryError(
      'ERR_DISCOVERY_URL_INSECURE',
      `${field} must use https (http only for loopback hosts, with allowLoopbackHttp)`,
      { field },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new DiscoveryError('ERR_DISCOVERY_URL_INVALID', `${field} must not carry userinfo`, {
      field,
    });
  }
  if (url.hash !== '' || (value as string).includes('#')) {
    throw new DiscoveryError('ERR_DISCOVERY_URL_FRAGMENT', `${field} must not have a fragment`, {
      field,
    });
  }
  if (noQuery && (url.search !== '' || (value as string).includes('?'))) {
    throw new DiscoveryError('ERR_DISCOVERY_URL_QUERY', `${field} must not have a query`, {
      field,
    });
  }
  return url;
}
