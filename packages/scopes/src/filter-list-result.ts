import { resourceSubject, toolSubject } from './internal/mcp-subjects.js';
import type { McpSubjectResolvers } from './mcp-operation.js';
import { mcpSubject, type PolicySubject } from './mcp-subject.js';
import type { ScopeAbility } from './policy-types.js';
import { isCanonicalUri } from './resource-uri.js';

/** Options of {@link filterListResult}: the same resolvers the guard uses. */
export type FilterListResultOptions = McpSubjectResolvers;

type Check = (
  item: Record<string, unknown>,
  resolvers: McpSubjectResolvers,
) => { action: string; subject: PolicySubject } | undefined;

/** The string value of `item[key]`, else undefined (an array of names or an object never matches). */
function text(item: Record<string, unknown>, key: string): string | undefined {
  const value = item[key];
  return typeof value === 'string' ? value : undefined;
}

/** The string fields of `item` named in `keys`. */
function stringFields(item: Record<string, unknown>, ...keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = text(item, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const LISTS: Readonly<Record<string, readonly [string, Check]>> = {
  'tools/list': [
    'tools',
    (tool, { resolveTool }) => {
      const name = text(tool, 'name');
      if (name === undefined) return { action: 'call', subject: mcpSubject('Tool') };
      return { action: 'call', subject: toolSubject(name, resolveTool) };
    },
  ],
  'prompts/list': [
    'prompts',
    (prompt) => ({ action: 'get', subject: mcpSubject('Prompt', stringFields(prompt, 'name')) }),
  ],
  'resources/list': [
    'resources',
    (resource, { resolveResource }) => {
      const { uri } = resource;
      // The entry must be readable as listed: a URI the SDK would rewrite is dropped.
      if (!isCanonicalUri(uri)) return undefined;
      const subject =
        resolveResource === undefined
          ? mcpSubject('Resource', stringFields(resource, 'name', 'uri'))
          : resourceSubject(uri, resolveResource);
      return { action: 'read', subject };
    },
  ],
  'resources/templates/list': [
    'resourceTemplates',
    (template) => ({
      action: 'read',
      subject: mcpSubject('Resource', stringFields(template, 'name', 'uriTemplate')),
    }),
  ],
};

/**
 * The result of a `tools/list`, `prompts/list`, `resources/list` or `resources/templates/list` call
 * with only the entries `ability` may use (a new object; the input is not changed). Entries that are
 * not objects are dropped, only string `name` / `uri` / `uriTemplate` fields are matched (an array of
 * names matches no named scope), a `resources/list` entry whose `uri` is not an absolute URL in
 * canonical form is dropped, and a list that is not an array becomes empty: it fails closed. Results
 * of other methods are returned as they are.
 *
 * Pass the guard's resolvers in `options`: with `resolveResource`, a listed resource is decided on
 * exactly the subject a `resources/read` of its URI would be (name, template and attributes from the
 * resolver); with `resolveTool`, a tool carries its attributes. `mcpGuard` puts this function, bound
 * to the token's ability and its resolvers, on `ctx.state.filterList`.
 *
 * @example
 * ```ts
 * import { filterListResult } from '@gatehouse/scopes';
 *
 * const visible = filterListResult(ability, 'tools/list', {
 *   tools: [{ name: 'weather', inputSchema: {} }, { name: 'shell', inputSchema: {} }],
 * });
 * // with scope mcp:tools:weather: { tools: [{ name: 'weather', inputSchema: {} }] }
 * ```
 */
export function filterListResult<T>(
  ability: ScopeAbility,
  method: string,
  result: T,
  options: FilterListResultOptions = {},
): T {
  const list = Object.hasOwn(LISTS, method) ? LISTS[method] : undefined;
  if (list === undefined || typeof result !== 'object' || result === null) return result;
  const [key, check] = list;
  const entries: unknown = (result as Record<string, unknown>)[key];
  const kept = Array.isArray(entries)
    ? entries.filter((entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) return false;
        const operation = check(entry as Record<string, unknown>, options);
        return operation !== undefined && ability.can(operation.action, operation.subject);
      })
    : [];
  return { ...result, [key]: kept };
}
