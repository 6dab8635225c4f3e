import { classifyAddress } from '../address-policy.js';
import { MetadataDocumentError } from '../cimd-errors.js';
import type { PinnedFetch, PinnedFetchResponse, ResolveHost } from '../pinned-fetch.js';
import { withTimeout } from './with-timeout.js';

/** Most addresses tried, in resolver order, when connecting to the first ones fails. */
const MAX_ATTEMPTS = 3;

/**
 * The response from the first checked address that can be reached. Only a failure to connect or
 * exchange (`ERR_CIMD_FETCH_FAILED`) moves on to the next address; a timeout, an oversized body or
 * any answer ends the attempt. All attempts share one time budget.
 */
export async function fetchFirstReachable(
  fetch: PinnedFetch,
  url: string,
  addresses: readonly string[],
  maxBytes: number,
  remaining: () => number,
  subject?: string,
): Promise<PinnedFetchResponse> {
  let failure: MetadataDocumentError | undefined;
  for (const address of addresses.slice(0, MAX_ATTEMPTS)) {
    try {
      return await fetch({ url, address, timeoutMs: remaining(), maxBytes });
    } catch (cause) {
      failure = MetadataDocumentError.isInstance(cause)
        ? withSubject(cause, subject)
        : new MetadataDocumentError(
            'ERR_CIMD_FETCH_FAILED',
            `fetching ${new URL(url).host} failed`,
            { cause, subject },
          );
      if (failure.code !== 'ERR_CIMD_FETCH_FAILED' || remaining() <= 1) break;
    }
  }
  throw (
    failure ??
    new MetadataDocumentError('ERR_CIMD_FETCH_FAILED', 'no address to fetch', { subject })
  );
}

/** A pinned fetch's error, re-described for `subject` (the fetch itself knows no subject). */
function withSubject(error: MetadataDocumentError, subject: string | undefined) {
  if (subject === undefined) return error;
  return new MetadataDocumentError(error.code, error.message, { cause: error.cause, subject });
}

/**
 * Every address of the URL's host (the host itself for an IP literal), each checked: one address
 * outside the public ranges refuses the host, unless its origin is in `exempt` (test mode).
 */
export async function checkedAddresses(
  url: URL,
  resolveHost: ResolveHost | undefined,
  exempt: readonly string[],
  timeoutMs: number,
  subject?: string,
): Promise<readonly string[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = classifyAddress(host) !== 'invalid';
  let addresses: readonly string[];
  try {
    if (literal) addresses = [host];
    else if (resolveHost === undefined) throw new Error('no resolveHost');
    else
      addresses = await withTimeout(resolveHost(host), timeoutMs, () => new Error('DNS timeout'));
  } catch (cause) {
    throw new MetadataDocumentError('ERR_CIMD_DNS_FAILED', `resolving ${host} failed`, {
      cause,
      subject,
    });
  }
  if (!Array.isArray(addresses) || addresses.length === 0) {
    throw new MetadataDocumentError('ERR_CIMD_DNS_FAILED', `${host} has no address`, { subject });
  }
  const allowed = exempt.includes(url.origin);
  for (const address of addresses) {
    const range = classifyAddress(address);
    if (range === 'invalid' || (range !== 'public' && !allowed)) {
      throw new MetadataDocumentError(
        'ERR_CIMD_ADDRESS_BLOCKED',
        `${host} resolves to ${String(address).slice(0, 64)} (${range}), which may not be fetched`,
        { subject },
      );
    }
  }
  return addresses;
}

/** The JSON body of a 200 `application/json` response within the size cap. */
export function readJson(
  response: PinnedFetchResponse,
  maxBytes: number,
  subject?: string,
): unknown {
  if (response.status >= 300 && response.status < 400) {
    throw new MetadataDocumentError(
      'ERR_CIMD_REDIRECT',
      `the document URL redirects (${response.status}); redirects are not followed`,
      { subject },
    );
  }
  if (response.status !== 200) {
    throw new MetadataDocumentError(
      'ERR_CIMD_STATUS',
      `the document URL answered ${response.status}`,
      { subject },
    );
  }
  if (response.body.byteLength > maxBytes) {
    throw new MetadataDocumentError(
      'ERR_CIMD_TOO_LARGE',
      `the document is over ${maxBytes} bytes`,
      { subject },
    );
  }
  const type =
    (response.headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new MetadataDocumentError(
      'ERR_CIMD_CONTENT_TYPE',
      'the document must be served as application/json',
      { subject },
    );
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(response.body));
  } catch (cause) {
    throw new MetadataDocumentError('ERR_CIMD_JSON', 'the document is not valid JSON', {
      cause,
      subject,
    });
  }
}
