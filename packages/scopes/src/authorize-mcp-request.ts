import { detectSubjectType, ForbiddenError } from '@casl/ability';
import { ScopeError } from './errors.js';
import { originOf } from './internal/ability-origin.js';
import {
  builtInOperations,
  type McpMethodRule,
  type McpOperation,
  type ResolveResource,
} from './mcp-operation.js';
import type { ScopeAbility } from './policy-types.js';
import { ScopeDeniedError } from './scope-denied-error.js';

/** Options of {@link authorizeMcpRequest}. */
export interface AuthorizeMcpRequestOptions {
  /**
   * Decisions for methods by name, taking precedence over the built-in mapping: `'allow'`, `'deny'` or a
   * function returning the operations to check. Methods neither built in nor listed here are denied.
   */
  methods?: Readonly<Record<string, McpMethodRule>>;
  /** Fills in a Resource's `name` / `uriTemplate` from its URI (needed for name-based resource scopes). */
  resolveResource?: ResolveResource;
  /** Most messages in one batch. Default 64. */
  maxBatch?: number;
}

/** The outcome of {@link authorizeMcpRequest}. */
export type McpDecision =
  | { allowed: true; operations: McpOperation[] }
  | { allowed: false; operations: McpOperation[]; error: ScopeDeniedError };

const DEFAULT_MAX_BATCH = 64;

function invalid(description: string): ScopeError {
  return new ScopeError('ERR_SCOPE_MCP_REQUEST', description, 'invalid_request');
}

/**
 * Decides whether `ability` permits a JSON-RPC message (one request or notification, or a batch) to an
 * MCP server. Built in: `tools/call` (`call` `Tool` by name), `prompts/get` (`get` `Prompt`),
 * `resources/read` / `subscribe` / `unsubscribe` (`read` `Resource`), `completion/complete` (by its
 * ref); `initialize`, `ping`, the standard notifications, `logging/setLevel` and the `*\/list` methods
 * are open (filter their results with `filterListResult`); JSON-RPC responses from the client are
 * allowed. **Any other method is denied** unless `options.methods` says otherwise.
 *
 * A batch is allowed only if every message is; the denial's `requiredScopes` lists every scope the
 * batch needs, in one answer. A message that is not JSON-RPC shaped throws `ERR_SCOPE_MCP_REQUEST`
 * (`invalid_request`).
 *
 * @example
 * ```ts
 * import { authorizeMcpRequest } from '@gatehouse/scopes';
 *
 * const decision = authorizeMcpRequest(ability, {
 *   jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'weather', arguments: {} },
 * });
 * if (!decision.allowed) decision.error.requiredScopes; // ['mcp:tools:weather']
 * ```
 */
export function authorizeMcpRequest(
  ability: ScopeAbility,
  message: unknown,
  options: AuthorizeMcpRequestOptions = {},
): McpDecision {
  const { methods, resolveResource } = options;
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) {
    throw new TypeError('authorizeMcpRequest: maxBatch must be a positive integer');
  }
  const messages = Array.isArray(message) ? message : [message];
  if (messages.length === 0) throw invalid('an empty JSON-RPC batch');
  if (messages.length > maxBatch) throw invalid(`a JSON-RPC batch of over ${maxBatch} messages`);

  const operations: McpOperation[] = [];
  let deniedWithoutScope = false;
  for (const entry of messages) {
    const checks = operationsFor(entry, methods, resolveResource);
    if (checks === 'deny') deniedWithoutScope = true;
    else operations.push(...checks);
  }
  const denied = operations.filter(({ action, subject }) => !ability.can(action, subject));
  if (denied.length === 0 && !deniedWithoutScope) return { allowed: true, operations };

  const origin = originOf(ability);
  const required = new Set<string>();
  let reason: string | undefined;
  const asked = new Set<string>();
  for (const { action, subject } of denied) {
    reason ??= ability.relevantRuleFor(action, subject)?.reason;
    // A batch may repeat one denied call many times: work out its scopes once.
    const key = operationKey(action, subject);
    if (origin === undefined || (key !== undefined && asked.has(key))) continue;
    if (key !== undefined) asked.add(key);
    for (const scope of origin.policy.requiredScopesFor(action, subject, origin))
      required.add(scope);
  }
  const first = denied[0];
  const cause = first && ForbiddenError.from(ability).unlessCan(first.action, first.subject);
  return { allowed: false, operations, error: new ScopeDeniedError([...required], reason, cause) };
}

function operationsFor(
  entry: unknown,
  methods: AuthorizeMcpRequestOptions['methods'],
  resolveResource: ResolveResource | undefined,
): McpOperation[] | 'deny' {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw invalid('a JSON-RPC message must be an object');
  }
  const fields = entry as Record<string, unknown>;
  if (fields.jsonrpc !== '2.0') throw invalid('a JSON-RPC message must have jsonrpc "2.0"');
  if (!('method' in fields)) {
    if (('result' in fields || 'error' in fields) && 'id' in fields) return [];
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
      : (configured ?? builtInOperations(method, params, resolveResource) ?? 'deny');
  if (decided === 'allow') return [];
  if (decided === 'deny') return 'deny';
  return Array.isArray(decided) ? decided : [decided];
}

/** A key for repeated identical operations, or undefined when the subject cannot be serialised. */
function operationKey(action: string, subject: McpOperation['subject']): string | undefined {
  try {
    return JSON.stringify([action, detectSubjectType(subject), subject]);
  } catch {
    return undefined;
  }
}
