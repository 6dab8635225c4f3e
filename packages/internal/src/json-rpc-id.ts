/**
 * The id a JSON-RPC error about `body` must carry (JSON-RPC 2.0 section 5): the string or (finite)
 * number id of a single request; `null` for a batch, a notification, or a body whose id cannot be
 * read.
 *
 * @example
 * ```ts
 * jsonRpcRequestId({ jsonrpc: '2.0', id: 7, method: 'tools/call' }); // 7
 * jsonRpcRequestId([{ jsonrpc: '2.0', id: 7, method: 'ping' }]); // null
 * ```
 */
export function jsonRpcRequestId(body: unknown): string | number | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { id, method } = body as { id?: unknown; method?: unknown };
  if (typeof method !== 'string') return null;
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}
