import { ForbiddenError } from '@casl/ability';
import { originOf } from './internal/ability-origin.js';
import {
  type McpMessageDecision,
  minimalScopes,
  requiredFor,
} from './internal/message-decision.js';
import { invalid, parseMessage } from './internal/parse-message.js';
import type { McpMethodRule, McpOperation, McpSubjectResolvers } from './mcp-operation.js';
import type { ScopeAbility } from './policy-types.js';
import { ScopeDeniedError } from './scope-denied-error.js';

/** Options of {@link authorizeMcpRequest}. */
export interface AuthorizeMcpRequestOptions extends McpSubjectResolvers {
  /**
   * Decisions for methods by name, taking precedence over the built-in mapping: `'allow'`, `'deny'` or a
   * function returning the operations to check. Methods neither built in nor listed here are denied.
   * `tools/call` here replaces the whole built-in tool mapping (and cannot be combined with `tools`):
   * prefer `tools` to add checks to some tools.
   */
  methods?: Readonly<Record<string, McpMethodRule>>;
  /** Most messages in one batch. Default 64. */
  maxBatch?: number;
}

/**
 * The outcome of {@link authorizeMcpRequest}: every operation checked, one entry per message in
 * `messages` (in order), and for a denial the {@link ScopeDeniedError} whose `requiredScopes` is every
 * scope the request needs, or empty when no scope can make it pass (see `fixable`).
 */
export type McpDecision =
  | {
      /** Every message is permitted. */
      allowed: true;
      /** Every permission check the request needed. */
      operations: McpOperation[];
      /** How each message was decided, in order. */
      messages: McpMessageDecision[];
    }
  | {
      /** Some message is not permitted: the request must not run. */
      allowed: false;
      /** Every permission check the request needed. */
      operations: McpOperation[];
      /** How each message was decided, in order. */
      messages: McpMessageDecision[];
      /** `ERR_SCOPE_DENIED`, with every scope the request needs (empty when none would help). */
      error: ScopeDeniedError;
    };

const DEFAULT_MAX_BATCH = 64;

/**
 * Decides whether `ability` permits a JSON-RPC message (one request or notification, or a batch) to an
 * MCP server. Built in: `tools/call` (`call` `Tool` by name, plus the checks of the tool's rule in
 * `options.tools`, whose arguments must fit it or `ERR_SCOPE_TOOL_ARGUMENTS` is thrown), `prompts/get`
 * (`get` `Prompt`),
 * `resources/read` (`read` `Resource`), `resources/subscribe` / `unsubscribe` (`subscribe`
 * `Resource`), `completion/complete` (by its ref); `initialize`, `ping`, the standard notifications,
 * `logging/setLevel` and the `*\/list` methods are open (filter their results with
 * `filterListResult`); JSON-RPC responses from the client are allowed. **Any other method is denied**
 * unless `options.methods` says otherwise.
 *
 * A resource URI must be an absolute URL in canonical form (`new URL(uri).href === uri`, the form the
 * MCP SDK serves), else it throws `ERR_SCOPE_URI_NOT_CANONICAL` / `ERR_SCOPE_URI_INVALID`
 * (`invalid_request`): the decision is always about the resource the server will serve.
 *
 * A batch is allowed only if every message is; the denial's `requiredScopes` lists every scope the
 * batch needs, in one answer (without a scope the others make unnecessary), and is empty when no scope
 * would help (an unknown or denied method, a `cannot` rule, a condition on a claim the token lacks). A message that is not JSON-RPC shaped throws
 * `ERR_SCOPE_MCP_REQUEST` (`invalid_request`).
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
  const { methods } = options;
  const resolvers: McpSubjectResolvers = {
    resolveResource: options.resolveResource,
    resolveTool: options.resolveTool,
    tools: options.tools,
  };
  if (
    options.tools !== undefined &&
    methods !== undefined &&
    Object.hasOwn(methods, 'tools/call')
  ) {
    throw new TypeError(
      'authorizeMcpRequest: give per-tool rules in tools or a tools/call rule in methods, not both',
    );
  }
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1) {
    throw new TypeError('authorizeMcpRequest: maxBatch must be a positive integer');
  }
  const list = Array.isArray(message) ? message : [message];
  if (list.length === 0) throw invalid('an empty JSON-RPC batch');
  if (list.length > maxBatch) throw invalid(`a JSON-RPC batch of over ${maxBatch} messages`);

  const parsed = list.map((entry) => parseMessage(entry, methods, resolvers));
  const origin = originOf(ability);
  const asked = new Map<string, readonly string[]>();
  const operations: McpOperation[] = [];
  const messages: McpMessageDecision[] = [];
  const deniedAll: McpOperation[] = [];
  let firstDenied: McpOperation | undefined;
  let reason: string | undefined;
  for (const { method, id, checks } of parsed) {
    if (checks === 'deny') {
      messages.push({
        method,
        id,
        operations: [],
        checked: true,
        allowed: false,
        fixable: false,
        requiredScopes: [],
      });
      continue;
    }
    operations.push(...checks);
    const denied = checks.filter(({ action, subject }) => !ability.can(action, subject));
    const required = new Set<string>();
    let fixable = true;
    for (const operation of denied) {
      firstDenied ??= operation;
      reason ??= ability.relevantRuleFor(operation.action, operation.subject)?.reason;
      const scopes = requiredFor(origin, operation, asked);
      if (scopes.length === 0) fixable = false;
      for (const scope of scopes) required.add(scope);
    }
    deniedAll.push(...denied);
    messages.push({
      method,
      id,
      operations: checks,
      checked: checks.length > 0,
      allowed: denied.length === 0,
      fixable: denied.length === 0 || fixable,
      requiredScopes: fixable ? minimalScopes(origin, [...required], denied) : [],
    });
  }
  if (messages.every((entry) => entry.allowed)) return { allowed: true, operations, messages };

  const fixable = messages.every((entry) => entry.fixable);
  const required = new Set<string>();
  if (fixable)
    for (const entry of messages) for (const scope of entry.requiredScopes) required.add(scope);
  const cause =
    firstDenied && ForbiddenError.from(ability).unlessCan(firstDenied.action, firstDenied.subject);
  return {
    allowed: false,
    operations,
    messages,
    error: new ScopeDeniedError(minimalScopes(origin, [...required], deniedAll), reason, cause),
  };
}
