import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { SecureContextOptions } from 'node:tls';
import { type CappedBody, readCapped } from '@gatehouse/internal';
import { MetadataDocumentError } from '../cimd-errors.js';
import type { PinnedFetch, PinnedFetchRequest, PinnedFetchResponse } from '../pinned-fetch.js';

/** Options of {@link createPinnedFetch}. */
export interface PinnedFetchOptions {
  /**
   * Trusted certificate authorities (PEM). Like Node's own `ca` option, it *replaces* the default
   * roots: meant for tests against a local server with a self-signed certificate, which is then the
   * only certificate trusted. Certificate checks are never turned off.
   */
  ca?: SecureContextOptions['ca'];
  /** `User-Agent` sent with each request. Default `gatehouse-cimd`. */
  userAgent?: string;
}

/** A lookup that answers every query with the one address that was checked. */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function failure(
  code: 'ERR_CIMD_TIMEOUT' | 'ERR_CIMD_TOO_LARGE' | 'ERR_CIMD_FETCH_FAILED',
  message: string,
  cause?: unknown,
): MetadataDocumentError {
  return new MetadataDocumentError(code, message, cause === undefined ? {} : { cause });
}

/**
 * The Node pinned fetch for `resolveClientIdMetadataDocument`: an HTTPS GET over `node:https` that
 * connects only to `request.address` (its `lookup` returns that address and nothing else), sends the
 * URL's host name for SNI and checks the certificate against it, uses no connection pool, follows no
 * redirect (a 3xx is returned as is), aborts as soon as the body passes `maxBytes` while streaming,
 * and aborts when connecting, the response head and the body together take longer than `timeoutMs`.
 *
 * @example
 * ```ts
 * import { createPinnedFetch, resolveHost } from '@gatehouse/registration/node';
 * import { resolveClientIdMetadataDocument } from '@gatehouse/registration';
 *
 * const client = await resolveClientIdMetadataDocument(clientId, {
 *   fetch: createPinnedFetch(),
 *   resolveHost,
 *   policy,
 * });
 * ```
 */
export function createPinnedFetch(options: PinnedFetchOptions = {}): PinnedFetch {
  for (const key of Object.keys(options)) {
    if (key !== 'ca' && key !== 'userAgent')
      throw new TypeError(`createPinnedFetch: unknown option "${key}"`);
  }
  const userAgent = options.userAgent ?? 'gatehouse-cimd';
  return (input) => fetchPinned(input, options.ca, userAgent);
}

function fetchPinned(
  input: PinnedFetchRequest,
  ca: SecureContextOptions['ca'],
  userAgent: string,
): Promise<PinnedFetchResponse> {
  const url = new URL(input.url);
  if (url.protocol !== 'https:')
    return Promise.reject(failure('ERR_CIMD_FETCH_FAILED', 'only https is fetched'));
  if (isIP(input.address) === 0) {
    return Promise.reject(
      failure('ERR_CIMD_FETCH_FAILED', 'the pinned address must be an IP address'),
    );
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (
      error: MetadataDocumentError | undefined,
      response?: PinnedFetchResponse,
    ): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== undefined) {
        req.destroy();
        reject(error);
      } else if (response !== undefined) resolve(response);
    };
    const req = request({
      protocol: 'https:',
      hostname,
      port: url.port === '' ? 443 : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': userAgent, host: url.host },
      lookup: pinnedLookup(input.address),
      ...(isIP(hostname) === 0 ? { servername: hostname } : {}),
      ...(ca === undefined ? {} : { ca }),
      agent: false,
    });
    const timer = setTimeout(
      () =>
        finish(failure('ERR_CIMD_TIMEOUT', `no complete response within ${input.timeoutMs} ms`)),
      input.timeoutMs,
    );
    req.on('error', (cause) =>
      finish(failure('ERR_CIMD_FETCH_FAILED', `request failed: ${cause.message}`, cause)),
    );
    req.on('response', (res: IncomingMessage) => void readBody(res, input.maxBytes, finish));
    req.end();
  });
}

async function readBody(
  res: IncomingMessage,
  maxBytes: number,
  finish: (error: MetadataDocumentError | undefined, response?: PinnedFetchResponse) => void,
): Promise<void> {
  // kept for the life of the response: an error after reading must not go unhandled
  res.on('error', (cause) =>
    finish(failure('ERR_CIMD_FETCH_FAILED', 'reading the response failed', cause)),
  );
  let body: CappedBody;
  try {
    body = await readCapped(res, maxBytes, res.headers['content-length']);
  } catch (cause) {
    finish(failure('ERR_CIMD_FETCH_FAILED', 'reading the response failed', cause));
    return;
  }
  if (body.tooLarge) {
    finish(failure('ERR_CIMD_TOO_LARGE', `the response is over ${maxBytes} bytes`));
    return;
  }
  if (!res.complete) {
    finish(failure('ERR_CIMD_FETCH_FAILED', 'the response was cut short'));
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  finish(undefined, { status: res.statusCode ?? 0, headers, body: body.bytes });
}
