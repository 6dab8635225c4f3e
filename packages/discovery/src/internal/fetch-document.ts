import type { UrlGuard } from '../discover.js';
import { DiscoveryError } from '../errors.js';
import { maxAgeSeconds } from './cache-control.js';
import { readBody } from './read-body.js';
import { checkUrl } from './url-policy.js';

/** How metadata documents are fetched. */
export interface FetchPolicy {
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly allowLoopbackHttp: boolean;
  readonly urlGuard: UrlGuard | undefined;
}

/** A fetched JSON document, or the absence of one at that URL (a 4xx answer). */
export type FetchOutcome =
  | { readonly found: true; readonly json: unknown; readonly maxAgeSeconds: number | undefined }
  | { readonly found: false; readonly status: number };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs `url` as JSON under the hardening of `policy`: https only, the URL guard on every hop,
 * redirects only within the same origin, a timeout, a size cap and `application/json` required.
 * Only fetches; validating the document is the caller's job.
 */
export async function fetchDocument(url: string, policy: FetchPolicy): Promise<FetchOutcome> {
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let current = checkUrl(url, 'url', policy);
  const origin = current.origin;
  for (let hop = 0; ; hop++) {
    await guard(current, policy, signal);
    const response = await send(current, policy, signal);
    if (response.type === 'opaqueredirect' || REDIRECTS.has(response.status)) {
      discard(response);
      const location = response.headers.get('location');
      const next = location === null ? undefined : parseRelative(location, current);
      if (next === undefined || next.origin !== origin || hop >= policy.maxRedirects) {
        throw new DiscoveryError(
          'ERR_DISCOVERY_REDIRECT_REFUSED',
          'metadata redirects are followed only within the same origin, a few hops deep',
        );
      }
      current = checkUrl(next.href, 'url', policy);
      continue;
    }
    if (response.status >= 400 && response.status < 500) {
      discard(response);
      return { found: false, status: response.status };
    }
    if (response.status !== 200) {
      discard(response);
      throw new DiscoveryError(
        'ERR_DISCOVERY_FETCH_STATUS',
        `metadata request answered with status ${response.status}`,
      );
    }
    if (!isJson(response.headers.get('content-type'))) {
      discard(response);
      throw new DiscoveryError(
        'ERR_DISCOVERY_CONTENT_TYPE',
        'metadata must be served as application/json',
      );
    }
    const text = await withTimeout(() => readBody(response, policy.maxBytes), signal);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new DiscoveryError('ERR_DISCOVERY_JSON_INVALID', 'metadata is not valid JSON', {
        cause,
      });
    }
    return {
      found: true,
      json,
      maxAgeSeconds: maxAgeSeconds(response.headers.get('cache-control')),
    };
  }
}

/**
 * Applies the URL rules and the URL guard to `url` without fetching it, under the same timeout, so a
 * document reused from a cache (shared, perhaps, with a laxer caller) is admitted only where a fetch
 * would have been.
 */
export async function admitUrl(url: string, policy: FetchPolicy): Promise<void> {
  await guard(checkUrl(url, 'url', policy), policy, AbortSignal.timeout(policy.timeoutMs));
}

async function guard(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<void> {
  const { urlGuard } = policy;
  if (urlGuard === undefined) return;
  let allowed: boolean | undefined;
  try {
    allowed = await untilAborted(
      Promise.resolve().then(() => urlGuard(new URL(url.href))),
      signal,
    );
  } catch (cause) {
    if (signal.aborted) throw failure(signal, cause);
    throw new DiscoveryError('ERR_DISCOVERY_URL_REFUSED', 'the URL guard refused the URL', {
      cause,
    });
  }
  if (allowed === false) {
    throw new DiscoveryError('ERR_DISCOVERY_URL_REFUSED', 'the URL guard refused the URL');
  }
}

async function send(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<Response> {
  try {
    return await untilAborted(
      policy.fetch(url.href, {
        method: 'GET',
        headers: { accept: 'application/json' },
        redirect: 'manual',
        signal,
      }),
      signal,
    );
  } catch (cause) {
    throw failure(signal, cause);
  }
}

async function withTimeout<T>(read: () => Promise<T>, signal: AbortSignal): Promise<T> {
  try {
    return await untilAborted(read(), signal);
  } catch (cause) {
    if (DiscoveryError.isInstance(cause)) throw cause;
    throw failure(signal, cause);
  }
}

/** Settles with `promise`, or rejects when `signal` aborts first (a fetch that ignores its signal). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function failure(signal: AbortSignal, cause: unknown): DiscoveryError {
  return signal.aborted
    ? new DiscoveryError('ERR_DISCOVERY_FETCH_TIMEOUT', 'metadata request timed out', { cause })
    : new DiscoveryError('ERR_DISCOVERY_FETCH_FAILED', 'metadata request failed', { cause });
}

/** Drops a body we will not read; never waits on it. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function parseRelative(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

/** `application/json`, any case, parameters (charset) allowed. */
function isJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim();
  return mediaType.toLowerCase() === 'application/json';
}
