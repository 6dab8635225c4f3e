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

/** The parts of a Koa context (`ctx`) that {@link readContextBody} uses, typed structurally. */
export interface RequestContext {
  readonly req: RequestStream;
  get(field: string): string;
  set(field: string, value: string): void;
}

const encoder = new TextEncoder();

/**
 * Reads the body of the request a Koa context serves, at most `maxBytes` bytes (its
 * `Content-Length` checked first; see {@link readRequestBody}). When it is too large, the answer is
 * marked `Connection: close`: the rest of the body stays unread, and closing the connection after
 * the caller's 413 drops it.
 *
 * @example
 * ```ts
 * const body = await readContextBody(ctx, 65_536);
 * if (body.tooLarge) throw new RegistrationError('ERR_REGISTRATION_TOO_LARGE', '…');
 * const text = decodeUtf8Strict(body.bytes);
 * ```
 */
export async function readContextBody(ctx: RequestContext, maxBytes: number): Promise<CappedBody> {
  const body = await readRequestBody(ctx.req, maxBytes, ctx.get('content-length'));
  if (body.tooLarge) ctx.set('Connection', 'close');
  return body;
}

/**
 * Reads a request body of at most `maxBytes` bytes: the declared length (its `Content-Length`) is
 * checked first, then the bytes are counted as they arrive. An oversized body is left unread and
 * the request paused, never destroyed, so that the caller's 413 still reaches the client (the
 * caller should answer with `Connection: close`, so the rest is dropped: {@link readContextBody}
 * does that for a Koa context). Rejects when the request fails or closes before its end.
 *
 * Listens to the stream's events instead of iterating it: a request body mostly arrives in one
 * chunk, and an async iterator's promise machinery cost more than the rest of the read.
 *
 * @example
 * ```ts
 * const body = await readRequestBody(req, 65_536, req.headers['content-length']);
 * if (body.tooLarge) res.writeHead(413, { connection: 'close' }).end();
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
