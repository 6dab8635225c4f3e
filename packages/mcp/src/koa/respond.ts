import { jsonRpcRequestId } from '@gatehouse/internal';
import type { Context } from 'koa';
import type { GatehouseMcpErrorCode } from '../errors.js';
import { auditRefusal } from './audit-events.js';

/** JSON-RPC error codes (JSON-RPC 2.0 section 5.1, and the MCP SDK's server errors). */
export const JSON_RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  invalidParams: -32602,
  internalError: -32603,
  serverError: -32000,
  sessionNotFound: -32001,
} as const;

/** What each refusal of the endpoint answers: HTTP status, JSON-RPC code and message. */
const REFUSALS: Readonly<
  Partial<Record<GatehouseMcpErrorCode, readonly [status: number, code: number, message: string]>>
> = {
  ERR_MCP_ORIGIN_REFUSED: [403, JSON_RPC.serverError, 'Forbidden: this Origin is not allowed'],
  ERR_MCP_BODY_TOO_LARGE: [
    413,
    JSON_RPC.serverError,
    'Payload Too Large: the request body is too large',
  ],
  ERR_MCP_CONTENT_TYPE: [
    415,
    JSON_RPC.serverError,
    'Unsupported Media Type: Content-Type must be application/json',
  ],
  ERR_MCP_PARSE_ERROR: [400, JSON_RPC.parseError, 'Parse error: the body is not valid JSON'],
  ERR_MCP_INVALID_PARAMS: [400, JSON_RPC.invalidParams, 'Invalid params'],
  ERR_MCP_INVALID_REQUEST: [
    400,
    JSON_RPC.invalidRequest,
    'Invalid Request: not a JSON-RPC 2.0 message or batch',
  ],
  ERR_MCP_SESSION_REQUIRED: [
    400,
    JSON_RPC.serverError,
    'Bad Request: Mcp-Session-Id header is required',
  ],
  ERR_MCP_SESSION_NOT_FOUND: [404, JSON_RPC.sessionNotFound, 'Session not found'],
  ERR_MCP_SESSION_MISMATCH: [404, JSON_RPC.sessionNotFound, 'Session not found'],
  ERR_MCP_SESSION_LIMIT: [503, JSON_RPC.serverError, 'Service Unavailable: too many sessions'],
  ERR_MCP_METHOD_NOT_ALLOWED: [405, JSON_RPC.serverError, 'Method not allowed.'],
  ERR_MCP_INTERNAL: [500, JSON_RPC.internalError, 'Internal error'],
  ERR_MCP_LIST_PENDING_LIMIT: [
    429,
    JSON_RPC.serverError,
    'Too Many Requests: too many requests in flight',
  ],
};

/** How {@link refuse} answers and records a refusal. */
export interface RefuseOptions {
  /**
   * The JSON-RPC body the refusal is about, when it is about the messages read rather than the HTTP
   * request as a whole: a single request's id is answered (JSON-RPC 2.0 section 5: `id` is null only
   * when it cannot be determined). A batch, a notification or no body answers `id: null`.
   */
  about?: unknown;
  /**
   * `false` only when there is nothing to record here: the guard recorded the decision already (its
   * answer is restated), or the answer is the protocol's normal reply and no decision (the stateless
   * 405 to the GET with which every client asks for an optional SSE stream). Default `true`.
   */
  record?: boolean;
}

/**
 * Refuses the request: records it as `access.denied` with its code (see `auditRefusal`) unless
 * `record` is `false`, and answers its JSON-RPC error with `Cache-Control: no-store`. Every refusal of the
 * endpoint goes through here, so none goes unrecorded. A session mismatch answers exactly as an
 * unknown session (it is recorded as a mismatch).
 */
export function refuse(
  ctx: Context,
  code: GatehouseMcpErrorCode,
  options: RefuseOptions = {},
): void {
  if (options.record !== false) auditRefusal(ctx, code);
  const [status, rpcCode, message] = REFUSALS[code] ?? [
    500,
    JSON_RPC.internalError,
    'Internal error',
  ];
  const wire = code === 'ERR_MCP_SESSION_MISMATCH' ? 'ERR_MCP_SESSION_NOT_FOUND' : code;
  jsonRpcError(ctx, status, rpcCode, message, wire, jsonRpcRequestId(options.about));
}

/**
 * Answers `{ jsonrpc: '2.0', id, error: { code, message, data: { code: <ERR_* code> } } }` with
 * `status` and `Cache-Control: no-store`.
 */
export function jsonRpcError(
  ctx: Context,
  status: number,
  code: number,
  message: string,
  errorCode: string,
  id: string | number | null = null,
): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { jsonrpc: '2.0', id, error: { code, message, data: { code: errorCode } } };
}
