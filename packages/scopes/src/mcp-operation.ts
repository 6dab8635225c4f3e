import { ScopeError } from './errors.js';
import { resourceSubject, templateSubject } from './internal/mcp-subjects.js';
import { toolCallOperations } from './internal/tool-rules.js';
import { mcpSubject, type PolicySubject } from './mcp-subject.js';
import type { McpToolRules } from './mcp-tool-rule.js';
import { requireCanonicalUri } from './resource-uri.js';

/** One permission check an MCP request needs: an action on a subject. */
export interface McpOperation {
  /** The CASL action: `call`, `get`, `read`, `subscribe`, `exec`, or your own. */
  action: string;
  /** The subject it is checked on (see `mcpSubject`). */
  subject: PolicySubject;
}

/**
 * What a Resource subject is enriched with, from the server's own resource list: its `name` and
 * `uriTemplate` (so name-based scopes can match) and further `attributes` policies may condition on
 * (such as `tenant`; declare them with `definePolicy({ attributes: { Resource: [...] } })`).
 * Attributes named `uri`, `name` or `uriTemplate` are ignored: the subject's own fields win.
 */
export interface ResourceInfo {
  /** The resource's name, as in `resources/list` (matched by `mcp:resources:{name}…` scopes). */
  name?: string;
  /** The URI template the resource comes from, as in `resources/templates/list`. */
  uriTemplate?: string;
  /** Further fields of the subject, such as `{ tenant: 'acme' }`; an `undefined` value is left out. */
  attributes?: Readonly<Record<string, unknown>>;
}

/**
 * Looks up the resource at `uri` (always canonical: the guard refuses any other), so name-based scopes
 * and attribute conditions can match it. Undefined when the server has no such resource. It is also
 * given the URI template of a `completion/complete` `ref/resource` (as listed in
 * `resources/templates/list`, not canonical): return the template's `name` for it, so the completion
 * is decided as listing that template is (only `name` is used; an error counts as undefined).
 */
export type ResolveResource = (uri: string) => ResourceInfo | undefined;

/** What a Tool subject is enriched with: `attributes` policies may condition on (not `name`). */
export interface ToolInfo {
  /** Further fields of the subject, such as `{ risk: 'low' }`; an `undefined` value is left out. */
  attributes?: Readonly<Record<string, unknown>>;
}

/** Looks up the attributes of the tool called `name`, for policies that condition on them. */
export type ResolveTool = (name: string) => ToolInfo | undefined;

/**
 * Where the MCP mapping finds what the policy reads beyond a request's own fields. Give the same
 * resolvers (and per-tool rules) to `authorizeMcpRequest` (or `mcpGuard`) and `filterListResult`, so
 * that listing and using decide alike.
 */
export interface McpSubjectResolvers {
  /** Fills in a Resource's `name`, `uriTemplate` and attributes from its (canonical) URI. */
  resolveResource?: ResolveResource | undefined;
  /** Fills in a Tool's attributes from its name. */
  resolveTool?: ResolveTool | undefined;
  /**
   * Per-tool rules: the checks a call of each named tool needs besides `call` `Tool` (see
   * {@link McpToolRules}); every other tool keeps the built-in check.
   */
  tools?: McpToolRules | undefined;
}

/**
 * How a method is decided: `'allow'` (no check), `'deny'`, or a function returning the operation(s) to
 * check for the request's params (or `'allow'` / `'deny'`).
 */
export type McpMethodRule =
  | 'allow'
  | 'deny'
  | ((
      params: Readonly<Record<string, unknown>>,
    ) => McpOperation | McpOperation[] | 'allow' | 'deny');

/**
 * Methods `authorizeMcpRequest` allows without a permission check: protocol housekeeping and the list
 * methods (whose results `filterListResult` narrows).
 *
 * @example
 * ```ts
 * import { MCP_OPEN_METHODS } from '@gatehouse/scopes';
 * MCP_OPEN_METHODS.includes('tools/list'); // true
 * MCP_OPEN_METHODS.includes('tools/call'); // false
 * ```
 */
export const MCP_OPEN_METHODS: readonly string[] = Object.freeze([
  'initialize',
  'ping',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
  'logging/setLevel',
  'tools/list',
  'resources/list',
  'resources/templates/list',
  'prompts/list',
]);

function text(params: Readonly<Record<string, unknown>>, key: string, method: string): string {
  const value = params[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new ScopeError(
      'ERR_SCOPE_MCP_REQUEST',
      `${method} needs a string params.${key}`,
      'invalid_request',
    );
  }
  return value;
}

/** The `Resource` subject of a `resources/*` request: its `params.uri`, which must be canonical. */
function resourceOf(
  params: Readonly<Record<string, unknown>>,
  method: string,
  resolvers: McpSubjectResolvers,
): PolicySubject {
  const uri = requireCanonicalUri(text(params, 'uri', method));
  return resourceSubject(uri, resolvers.resolveResource);
}

/**
 * The operations a built-in MCP method needs, `'allow'` for open methods, or undefined for a method
 * this mapping does not know (denied unless configured). A `resources/*` URI that is not canonical
 * throws `ERR_SCOPE_URI_NOT_CANONICAL` (or `ERR_SCOPE_URI_INVALID`); `tools/call` arguments a per-tool
 * rule cannot read throw `ERR_SCOPE_TOOL_ARGUMENTS`.
 */
export function builtInOperations(
  method: string,
  params: Readonly<Record<string, unknown>>,
  resolvers: McpSubjectResolvers,
): McpOperation[] | 'allow' | undefined {
  switch (method) {
    case 'tools/call':
      return toolCallOperations(text(params, 'name', method), params, resolvers);
    case 'prompts/get':
      return [
        { action: 'get', subject: mcpSubject('Prompt', { name: text(params, 'name', method) }) },
      ];
    case 'resources/read':
      return [{ action: 'read', subject: resourceOf(params, method, resolvers) }];
    case 'resources/subscribe':
    case 'resources/unsubscribe':
      return [{ action: 'subscribe', subject: resourceOf(params, method, resolvers) }];
    case 'completion/complete': {
      const ref = params.ref;
      if (typeof ref !== 'object' || ref === null) {
        throw new ScopeError(
          'ERR_SCOPE_MCP_REQUEST',
          `${method} needs params.ref`,
          'invalid_request',
        );
      }
      const fields = ref as Record<string, unknown>;
      if (fields.type === 'ref/prompt') {
        return [
          { action: 'get', subject: mcpSubject('Prompt', { name: text(fields, 'name', method) }) },
        ];
      }
      if (fields.type === 'ref/resource') {
        const uriTemplate = text(fields, 'uri', method);
        return [
          { action: 'read', subject: templateSubject(uriTemplate, resolvers.resolveResource) },
        ];
      }
      throw new ScopeError(
        'ERR_SCOPE_MCP_REQUEST',
        `${method} has an unknown ref type`,
        'invalid_request',
      );
    }
    default:
      return MCP_OPEN_METHODS.includes(method) ? 'allow' : undefined;
  }
}
