import type { Context } from 'koa';
import { RegistrationError } from '../errors.js';

const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * Reads the request body as JSON, refusing more than `limit` bytes (from `Content-Length` and while
 * streaming). Uses `ctx.request.body` instead when a body parser already ran.
 */
export async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (parsed !== undefined) return parsed;
  if (!JSON_TYPE.test(ctx.get('content-type'))) {
    throw new RegistrationError(
      'ERR_REGISTRATION_REQUEST_TYPE',
      'the request body must be application/json',
    );
  }
  const declared = Number(ctx.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    throw new RegistrationError(
      'ERR_REGISTRATION_TOO_LARGE',
      `the request body is over ${limit} bytes`,
    );
  }
  const chunks = await readCapped(ctx, limit);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(concat(chunks)));
  } catch (cause) {
    throw new RegistrationError(
      'ERR_REGISTRATION_REQUEST_TYPE',
      'the request body is not valid JSON',
      {
        cause,
      },
    );
  }
}

/**
 * The raw body, at most `limit` bytes. Past the limit it stops reading without destroying the socket,
 * so the 413 still reaches the client; `Connection: close` makes the server drop the rest.
 */
function readCapped(ctx: Context, limit: number): Promise<Uint8Array[]> {
  const stream = ctx.req;
  if (stream.readableEnded) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Uint8Array): void => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        ctx.set('Connection', 'close');
        reject(
          new RegistrationError(
            'ERR_REGISTRATION_TOO_LARGE',
            `the request body is over ${limit} bytes`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
