import { ScopeError } from './errors.js';
import { mcpSubject, type PolicySubject } from './mcp-subject.js';

/** One permission check an MCP request needs: an action on a subject. */
export interface McpOperation {
  action: string;
  subject: PolicySubject;
}

/** What a Resource subject can be enriched with, from the server's own resource list. */
export interface ResourceInfo {
  name?: string;
  uriTemplate?: string;
}

/** Looks up the name (and URI template) of the resource at `uri`, so name-based scopes can match it. */
export type ResolveResource = (uri: string) => ResourceInfo | undefined;

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

function resource(uri: string, resolve: ResolveResource | undefined): PolicySubject {
  const info = resolve?.(uri);
  const fields: Record<string, unknown> = { uri };
  if (typeof info?.name === 'string') fields.name = info.name;
  if (typeof info?.uriTemplate === 'string') fields.uriTemplate = info.uriTemplate;
  return mcpSubject('Resource', fields);
}

/**
 * The operations a built-in MCP method needs, `'allow'` for open methods, or undefined for a method
 * this mapping does not know (denied unless configured).
 */
export function builtInOperations(
  method: string,
  params: Readonly<Record<string, unknown>>,
  resolve: ResolveResource | undefined,
): McpOperation[] | 'allow' | undefined {
  switch (method) {
    case 'tools/call':
      return [
        { action: 'call', subject: mcpSubject('Tool', { name: text(params, 'name', method) }) },
      ];
    case 'prompts/get':
      return [
        { action: 'get', subject: mcpSubject('Prompt', { name: text(params, 'name', method) }) },
      ];
    case 'resources/read':
    case 'resources/subscribe':
    case 'resources/unsubscribe':
      return [{ action: 'read', subject: resource(text(params, 'uri', method), resolve) }];
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
        return [{ action: 'read', subject: mcpSubject('Resource', { uriTemplate }) }];
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
