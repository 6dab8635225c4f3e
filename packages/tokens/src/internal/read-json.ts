import { decodeUtf8Strict, isLoopbackHost, readCapped } from '@gatehouse/internal';

/**
 * Reads a response body as JSON (strict UTF-8), refusing bodies over `maxBytes` without reading them
 * whole. Throws a plain Error with the reason; callers wrap it in their coded error.
 */
export async function readJson(response: Response, maxBytes: number): Promise<unknown> {
  if (response.body === null) throw new Error('response has no body');
  const body = await readCapped(response.body, maxBytes, response.headers.get('content-length'));
  if (body.tooLarge) throw new Error(`response body over ${maxBytes} bytes`);
  return JSON.parse(decodeUtf8Strict(body.bytes));
}

/** Parses a configured endpoint URL: https, or http on a loopback host. Caller mistakes throw. */
export function endpointUrl(name: string, field: string, value: unknown): URL {
  let url: URL;
  try {
    url = new URL(value instanceof URL ? value.href : String(value));
  } catch {
    throw new TypeError(`${name}: ${field} must be an absolute URL`);
  }
  if (typeof value !== 'string' && !(value instanceof URL)) {
    throw new TypeError(`${name}: ${field} must be a string or URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new TypeError(`${name}: ${field} must use https (http only on a loopback host)`);
  }
  return url;
}
