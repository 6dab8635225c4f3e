import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body of at most `maxBytes` (declared or streamed), or `undefined` when it is
 * larger. An oversized body is left unread and the request paused, never destroyed, so that the 413
 * still reaches the client. Rejects when the request fails or closes before its end.
 *
 * Listens to the stream's events instead of iterating it: an MCP message arrives in one chunk, and
 * the async iterator's promise machinery cost more than the rest of the read.
 */
export function readRequestBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? '') > maxBytes) return Promise.resolve(undefined);
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      total += bytes.length;
      if (total > maxBytes) {
        stop();
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
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
  });
}
