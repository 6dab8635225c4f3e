import { decodeUtf8Strict, readCapped } from '@gatehouse/internal';
import { DiscoveryError } from '../errors.js';

/** Reads a response body as UTF-8 text, refusing more than `maxBytes` (declared or streamed). */
export async function readBody(response: Response, maxBytes: number): Promise<string> {
  const body = await readCapped(response.body, maxBytes, response.headers.get('content-length'));
  if (body.tooLarge) {
    throw new DiscoveryError(
      'ERR_DISCOVERY_RESPONSE_TOO_LARGE',
      `the response is larger than ${maxBytes} bytes`,
    );
  }
  try {
    return decodeUtf8Strict(body.bytes);
  } catch (cause) {
    throw new DiscoveryError('ERR_DISCOVERY_JSON_INVALID', 'the response is not UTF-8', { cause });
  }
}
