import { decodeUtf8Strict, readCapped } from '@gatehouse/internal';
import { GatehouseMcpError } from '../errors.js';

/** How one metadata document is fetched. */
export interface FetchJsonPolicy {
  readonly fetch: (input: string, init: RequestInit) => Promise<Response>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** A JSON document, or its absence at that URL (a 4xx answer: try the next URL). */
export type FetchJsonOutcome = { found: true; json: unknown } | { found: false; status: number };

/**
 * GETs `url` as JSON: no redirects (a redirect could leave https or the issuer's origin), a timeout
 * over the whole exchange, a size cap (declared and streamed), `application/json` required, strict
 * UTF-8. A 4xx is "not here"; any other non-200 status is a failure. Validation is the caller's.
 */
export async function fetchJson(url: string, policy: FetchJsonPolicy): Promise<FetchJsonOutcome> {
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let response: Response;
  try {
    response = await policy.fetch(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal,
    });
  } catch (cause) {
    throw failed(signal, cause);
  }
  const { status } = response;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
    discard(response);
    throw new GatehouseMcpError('ERR_MCP_METADATA_REDIRECT', `metadata at ${url} redirects`);
  }
  if (status >= 400 && status < 500) {
    discard(response);
    return { found: false, status };
  }
  if (status !== 200) {
    discard(response);
    throw new GatehouseMcpError(
      'ERR_MCP_METADATA_STATUS',
      `metadata at ${url} answered with status ${status}`,
    );
  }
  if (!isJson(response.headers.get('content-type'))) {
    discard(response);
    throw new GatehouseMcpError(
      'ERR_MCP_METADATA_CONTENT_TYPE',
      `metadata at ${url} is not served as application/json`,
    );
  }
  let body: Awaited<ReturnType<typeof readCapped>>;
  try {
    body = await readCapped(response.body, policy.maxBytes, response.headers.get('content-length'));
  } catch (cause) {
    throw failed(signal, cause);
  }
  if (body.tooLarge) {
    throw new GatehouseMcpError(
      'ERR_MCP_METADATA_TOO_LARGE',
      `metadata at ${url} is larger than ${policy.maxBytes} bytes`,
    );
  }
  try {
    return { found: true, json: JSON.parse(decodeUtf8Strict(body.bytes)) };
  } catch (cause) {
    throw new GatehouseMcpError('ERR_MCP_METADATA_INVALID', `metadata at ${url} is not JSON`, {
      cause,
    });
  }
}

function failed(signal: AbortSignal, cause: unknown): GatehouseMcpError {
  return signal.aborted
    ? new GatehouseMcpError('ERR_MCP_METADATA_TIMEOUT', 'the metadata request timed out', { cause })
    : new GatehouseMcpError('ERR_MCP_METADATA_FETCH_FAILED', 'the metadata request failed', {
        cause,
      });
}

/** Drops a body that will not be read, without waiting on it. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/** `application/json` in any case, parameters allowed. */
function isJson(contentType: string | null): boolean {
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}
