import type { Context } from 'koa';
import { ScopeError } from '../index.js';

function invalid(description: string, status = 400): ScopeError {
  const error = new ScopeError('ERR_SCOPE_MCP_REQUEST', description, 'invalid_request');
  return status === 400 ? error : Object.assign(error, { status });
}

/**
 * The JSON-RPC body of the request: `ctx.request.body` if a body parser already set it, otherwise read
 * from the stream with a byte cap (declared `Content-Length` checked first, then counted while
 * reading), decoded as strict UTF-8 and parsed as JSON. The parsed body is stored on
 * `ctx.request.body` for the handlers after the guard, since the stream is consumed.
 */
export async function readJsonBody(ctx: Context, maxBytes: number): Promise<unknown> {
  const request = ctx.request as typeof ctx.request & { body?: unknown };
  if (request.body !== undefined) return request.body;
  if (!ctx.is('application/json')) {
    throw invalid('an MCP request body must be application/json', 415);
  }
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > maxBytes) throw invalid('the request body is too large', 413);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of ctx.req) {
    const bytes =
      typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    total += bytes.byteLength;
    if (total > maxBytes) {
      ctx.req.destroy();
      throw invalid('the request body is too large', 413);
    }
    chunks.push(bytes);
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(joined));
  } catch {
    throw invalid('the request body is not valid JSON');
  }
  request.body = parsed;
  return parsed;
}
