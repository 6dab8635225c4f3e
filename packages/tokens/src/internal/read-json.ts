const decoder = new TextDecoder();

/**
 * Reads a response body as JSON, refusing bodies over `maxBytes` without reading them whole. Throws a
 * plain Error with the reason; callers wrap it in their coded error.
 */
export async function readJson(response: Response, maxBytes: number): Promise<unknown> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`response body over ${maxBytes} bytes`);
  }
  const reader = response.body?.getReader();
  if (reader === undefined) throw new Error('response has no body');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`response body over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return JSON.parse(decoder.decode(bytes));
}

/** Whether `url` may be fetched over plain http: loopback hosts only. */
export function isLoopback(url: URL): boolean {
  return ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
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
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new TypeError(`${name}: ${field} must use https (http only on a loopback host)`);
  }
  return url;
}
