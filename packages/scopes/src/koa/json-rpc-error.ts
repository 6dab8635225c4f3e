import { jsonRpcRequestId } from '@gatehouse/internal';
import type { Context } from 'koa';
import type { ScopeError } from '../index.js';

/**
 * JSON-RPC `Invalid params`: a resource URI that is not an absolute URL in canonical form, or tool
 * arguments a per-tool rule cannot read.
 */
export const JSON_RPC_INVALID_PARAMS = -32602;
/**
 * A JSON-RPC server error (the implementation-defined range), as the MCP SDK's transport uses with
 * 403 for requests it refuses: a denial no scope can fix.
 */
export const JSON_RPC_FORBIDDEN = -32000;

/**
 * Answers with a JSON-RPC error response: `{ jsonrpc: '2.0', id, error: { code, message, data: {
 * code: <ERR_* code> } } }`, `Cache-Control: no-store`, and no `WWW-Authenticate` (no scope would
 * help, so a client must not re-authorize).
 */
export function jsonRpcError(
  ctx: Context,
  status: number,
  code: number,
  error: ScopeError,
  body: unknown,
): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = {
    jsonrpc: '2.0',
    id: jsonRpcRequestId(body),
    error: { code, message: error.description ?? error.message, data: { code: error.code } },
  };
}
