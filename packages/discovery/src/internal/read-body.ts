import { DiscoveryError } from '../errors.js';

/** Reads a response body as UTF-8 text, refusing more than `maxBytes` (declared or streamed). */
export async function readBody(response: Response, maxBytes: number): Promise<string> {
  const declared = response.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body !== null) {
    const reader = response.body.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new DiscoveryError('ERR_DISCOVERY_JSON_INVALID', 'the response is not UTF-8', { cause });
  }
}

function tooLarge(maxBytes: number): DiscoveryError {
  return new DiscoveryError(
    'ERR_DISCOVERY_RESPONSE_TOO_LARGE',
    `the response is larger than ${maxBytes} bytes`,
  );
}
