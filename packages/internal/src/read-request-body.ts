import { type CappedBody, concatChunks, TOO_LARGE } from './read-capped.js';

/**
 * The parts of a Node request (`IncomingMessage`, `ctx.req` in Koa) that reading its body uses,
 * typed structurally so that this package needs no Node types.
 */
export interface RequestStream {
  readonly readableEnded: boolean;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  off(event: 'end' | 'close', listener: () => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

const encoder = new TextEncoder();

/**
 * Reads a request body of at most `maxBytes` bytes: the declared length (its `Content-Length`) is
 * checked first, then the bytes are counted as they arrive. An oversized body is left unread and
 * the request paused, never destroyed, so that the caller's 413 still reaches the client (the
 * caller should answer with `Connection: close`, so the rest is dropped). Rejects when the request
 * fails or closes before its end.
 *
 * Listens to the stream's events instead of iterating it: a request body mostly arrives in one
 * chunk, and an async iterator's promise machinery cost more than the rest of the read.
 *
 * @example
 * ```ts
 * const body = await readRequestBody(ctx.req, 65_536, ctx.get('content-length'));
 * if (body.tooLarge) throw new RegistrationError('ERR_REGISTRATION_TOO_LARGE', '…');
 * const text = decodeUtf8Strict(body.bytes);
 * ```
 */
export function readRequestBody(
  req: RequestStream,
  maxBytes: number,
  declaredLength?: string | null,
): Promise<CappedBody> {
  if (Number(declaredLength ?? '') > maxBytes) return Promise.resolve(TOO_LARGE);
  if (req.readableEnded) return Promise.resolve({ tooLarge: false, bytes: new Uint8Array(0) });
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > maxBytes) {
        stop();
        req.pause();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve({ tooLarge: false, bytes: concatChunks(chunks, total) });
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      reject(new Error('the request closed before its body ended'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
    // a 'data' listener starts the flow only if nobody paused the request before
    req.resume();
  });
}
