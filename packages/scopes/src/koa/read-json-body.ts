import { decodeUtf8Strict, readContextBody } from '@gatehouse/internal';
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
  const body = await readContextBody(ctx, maxBytes);
  if (body.tooLarge) throw invalid('the request body is too large', 413);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8Strict(body.bytes));
  } catch {
    throw invalid('the request body is not valid JSON');
  }
  request.body = parsed;
  return parsed;
}
