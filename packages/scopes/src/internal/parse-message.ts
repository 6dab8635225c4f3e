import { ScopeError } from '../errors.js';
import {
  builtInOperations,
  type McpMethodRule,
  type McpOperation,
  type McpSubjectResolvers,
} from '../mcp-operation.js';

/** `ERR_SCOPE_MCP_REQUEST` (`invalid_request`): a body that cannot be decided. */
export function invalid(description: string): ScopeError {
  return new ScopeError('ERR_SCOPE_MCP_REQUEST', description, 'invalid_request');
}

/** One JSON-RPC message: its method and id, and the checks it needs (`'deny'`: none can pass). */
export interface ParsedMessage {
  method: string | undefined;
  id: string | number | null | undefined;
  checks: McpOperation[] | 'deny';
}

/**
 * Validates one JSON-RPC message and maps it to its checks: `options.methods` first, then the built-in
 * mapping; an unknown method is `'deny'`. A client's JSON-RPC response needs no check.
 */
export function parseMessage(
  entry: unknown,
  methods: Readonly<Record<string, McpMethodRule>> | undefined,
  resolvers: McpSubjectResolvers,
): ParsedMessage {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw invalid('a JSON-RPC message must be an object');
  }
  const fields = entry as Record<string, unknown>;
  if (fields.jsonrpc !== '2.0') throw invalid('a JSON-RPC message must have jsonrpc "2.0"');
  const id = idOf(fields.id);
  if (!('method' in fields)) {
    if (('result' in fields || 'error' in fields) && 'id' in fields) {
      return { method: undefined, id, checks: [] };
    }
    throw invalid('a JSON-RPC message needs a method');
  }
  const { method } = fields;
  if (typeof method !== 'string') throw invalid('a JSON-RPC method must be a string');
  const rawParams = fields.params ?? {};
  if (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams)) {
    throw invalid('JSON-RPC params must be an object');
  }
  const params = rawParams as Readonly<Record<string, unknown>>;
  const configured =
    methods !== undefined && Object.hasOwn(methods, method) ? methods[method] : undefined;
  const decided =
    typeof configured === 'function'
      ? configured(params)
      : (configured ?? builtInOperations(method, params, resolvers) ?? 'deny');
  if (decided === 'allow') return { method, id, checks: [] };
  if (decided === 'deny') return { method, id, checks: 'deny' };
  return { method, id, checks: Array.isArray(decided) ? decided : [decided] };
}

function idOf(value: unknown): string | number | null | undefined {
  return typeof value === 'string' || typeof value === 'number' || value === null
    ? value
    : undefined;
}
