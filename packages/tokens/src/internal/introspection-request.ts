import { TokenError } from '../errors.js';
import { readJson } from './read-json.js';

const MAX_RESPONSE_BYTES = 65_536;

/** What {@link introspectionRequest} needs: where, as whom, with which fetch, for how long. */
export interface IntrospectionRequestOptions {
  endpoint: string;
  authorize: (headers: Record<string, string>, body: URLSearchParams) => void;
  fetch: typeof fetch;
  timeoutMs: number;
}

/**
 * The RFC 7662 request: an authenticated form POST of the token; resolves with the answer (a JSON
 * object) or rejects with `ERR_TOKEN_INTROSPECTION_FAILED` (network, timeout, redirect, a status
 * other than 200, a body over 64 KiB, not a JSON object).
 */
export function introspectionRequest({
  endpoint,
  authorize,
  fetch: fetchImpl,
  timeoutMs,
}: IntrospectionRequestOptions): (token: string) => Promise<Record<string, unknown>> {
  return async function introspect(token: string): Promise<Record<string, unknown>> {
    const body = new URLSearchParams({ token, token_type_hint: 'access_token' });
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    authorize(headers, body);
    let value: unknown;
    try {
      const response = await fetchImpl(endpoint, {
        method: 'POST',
        headers,
        body: body.toString(),
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new Error(`the introspection endpoint answered ${response.status}`);
      }
      value = await readJson(response, MAX_RESPONSE_BYTES);
    } catch (cause) {
      throw new TokenError('ERR_TOKEN_INTROSPECTION_FAILED', 'token introspection failed', {
        cause,
      });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new TokenError(
        'ERR_TOKEN_INTROSPECTION_FAILED',
        'the introspection response is not an object',
      );
    }
    return value as Record<string, unknown>;
  };
}
