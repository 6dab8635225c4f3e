/**
 * Where a body comes from: a fetch `Response#body`, or anything async-iterable over chunks, such as
 * a Node response. A request being served (`ctx.req` in Koa) goes through `readRequestBody`, which
 * leaves an oversized one paused for the 413 instead of destroying it.
 */
export type BodySource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

/** A body read within its cap, or the news that it is over it. */
export type CappedBody =
  | { readonly tooLarge: false; readonly bytes: Uint8Array }
  | { readonly tooLarge: true };

export const TOO_LARGE: CappedBody = Object.freeze({ tooLarge: true });
const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a body of at most `maxBytes` bytes. The declared length (a `Content-Length` value, when
 * given) is checked first, then the bytes are counted while streaming, and reading stops at the
 * first chunk past the cap: a `ReadableStream` is cancelled, an async iterable is returned (a Node
 * stream destroys itself then, unless it was iterated with `destroyOnReturn: false`). Nothing is
 * read when the declared length is over the cap. A `null` source is an empty body. Errors of the
 * source propagate; each caller turns "too large" into its own coded error.
 *
 * @example
 * ```ts
 * const body = await readCapped(response.body, 65_536, response.headers.get('content-length'));
 * if (body.tooLarge) throw new DiscoveryError('ERR_DISCOVERY_RESPONSE_TOO_LARGE', '…');
 * const text = decodeUtf8Strict(body.bytes);
 * ```
 */
export async function readCapped(
  source: BodySource | null | undefined,
  maxBytes: number,
  declaredLength?: string | null,
): Promise<CappedBody> {
  const declared = Number(declaredLength ?? '');
  if (declared > maxBytes) {
    if (isReadableStream(source)) await source.cancel().catch(() => undefined);
    return TOO_LARGE;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (isReadableStream(source)) {
    const reader = source.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return TOO_LARGE;
      }
      chunks.push(value);
    }
  } else if (source !== null && source !== undefined) {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > maxBytes) return TOO_LARGE; // leaving the loop returns the iterator
      chunks.push(bytes);
    }
  }
  return { tooLarge: false, bytes: concatChunks(chunks, total) };
}

/** Duck-typed, so that a stream from another realm (a VM context, a polyfill) counts too. */
function isReadableStream(
  source: BodySource | null | undefined,
): source is ReadableStream<Uint8Array> {
  return typeof (source as ReadableStream<Uint8Array> | null)?.getReader === 'function';
}

/** The chunks as one array; a single chunk is returned as it is, uncopied. */
export function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * `bytes` decoded as strict UTF-8; a `TypeError` on any malformed sequence (never a U+FFFD
 * replacement), for the caller to turn into its own coded error.
 *
 * @example
 * ```ts
 * decodeUtf8Strict(new Uint8Array([0x68, 0x69])); // 'hi'
 * ```
 */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}
