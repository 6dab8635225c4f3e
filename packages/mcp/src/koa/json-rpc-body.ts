import { decodeUtf8Strict, readContextBody } from '@gatehouse/internal';
import type { Context } from 'koa';
import type { GatehouseMcpErrorCode } from '../errors.js';

/** A parsed JSON-RPC body: its messages (one, or a batch) and the value to hand on as it was. */
export interface JsonRpcBody {
  readonly value: unknown;
  readonly messages: readonly Record<string, unknown>[];
}

/**
 * Reads and checks the JSON-RPC body of a POST: `application/json` (else `ERR_MCP_CONTENT_TYPE`, 415),
 * at most `maxBytes` bytes declared or streamed (else `ERR_MCP_BODY_TOO_LARGE`, 413, and the
 * connection is closed after the answer, the rest unread), strict UTF-8 JSON (else
 * `ERR_MCP_PARSE_ERROR`, -32700), and a JSON-RPC 2.0 message or a non-empty batch of at most
 * `maxBatch` of them (else `ERR_MCP_INVALID_REQUEST`, -32600). A body a body parser already put on
 * `ctx.request.body` is checked as it is. The value is left on `ctx.request.body`, so `mcpGuard`
 * decides exactly what the SDK will receive.
 */
export async function readJsonRpcBody(
  ctx: Context,
  maxBytes: number,
  maxBatch: number,
): Promise<JsonRpcBody | GatehouseMcpErrorCode> {
  if (!ctx.is('application/json')) return 'ERR_MCP_CONTENT_TYPE';
  let value = (ctx.request as { body?: unknown }).body;
  if (value === undefined) {
    const body = await readContextBody(ctx, maxBytes);
    if (body.tooLarge) return 'ERR_MCP_BODY_TOO_LARGE';
    try {
      value = JSON.parse(decodeUtf8Strict(body.bytes));
    } catch {
      return 'ERR_MCP_PARSE_ERROR';
    }
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.length > maxBatch || !list.every(isJsonRpcMessage)) {
    return 'ERR_MCP_INVALID_REQUEST';
  }
  (ctx.request as { body?: unknown }).body = value;
  return { value, messages: list };
}

/** A request, a notification or a response, as JSON-RPC 2.0 section 4 and 5 shape them. */
function isJsonRpcMessage(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') return false;
  const hasId = 'id' in message;
  if (hasId && !isId(message.id)) return false;
  if ('method' in message) {
    const { params } = message;
    return (
      typeof message.method === 'string' &&
      message.method !== '' &&
      (params === undefined ||
        (typeof params === 'object' && params !== null && !Array.isArray(params))) &&
      !('result' in message) &&
      !('error' in message)
    );
  }
  // a response to a server-initiated request (sampling, elicitation, roots)
  return hasId && 'result' in message !== 'error' in message;
}

function isId(value: unknown): boolean {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}
