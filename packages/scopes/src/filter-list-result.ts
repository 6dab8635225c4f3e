import { resourceSubject } from './internal/mcp-subjects.js';
import { templateListed } from './internal/template-listing.js';
import { toolListed } from './internal/tool-rules.js';
import type { McpSubjectResolvers } from './mcp-operation.js';
import { mcpSubject } from './mcp-subject.js';
import type { ScopeAbility } from './policy-types.js';
import { isCanonicalUri } from './resource-uri.js';

/** Options of {@link filterListResult}: the same resolvers (and per-tool rules) the guard uses. */
export type FilterListResultOptions = McpSubjectResolvers;

/** Whether the token may use one list entry (an object). */
type Listed = (
  ability: ScopeAbility,
  item: Record<string, unknown>,
  resolvers: McpSubjectResolvers,
) => boolean;

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

const LISTS: Readonly<Record<string, readonly [string, Listed]>> = {
  'tools/list': [
    'tools',
    (ability, tool, resolvers) => {
      const name = text(tool, 'name');
      if (name === undefined) return ability.can('call', mcpSubject('Tool'));
      return toolListed(ability, name, resolvers);
    },
  ],
  'prompts/list': [
    'prompts',
    (ability, prompt) => ability.can('get', mcpSubject('Prompt', stringFields(prompt, 'name'))),
  ],
  'resources/list': [
    'resources',
    (ability, resource, { resolveResource }) => {
      const { uri } = resource;
      // The entry must be readable as listed: a URI the SDK would rewrite is dropped.
      if (!isCanonicalUri(uri)) return false;
      const subject =
        resolveResource === undefined
          ? mcpSubject('Resource', stringFields(resource, 'name', 'uri'))
          : resourceSubject(uri, resolveResource);
      return ability.can('read', subject);
    },
  ],
  'resources/templates/list': [
    'resourceTemplates',
    (ability, template) => templateListed(ability, stringFields(template, 'name', 'uriTemplate')),
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
 * resolver); with `resolveTool`, a tool carries its attributes; with `tools`, a tool that has a rule
 * is listed when the token may `call` it and, for each check, may do the check's action on some
 * subject of its type (`can('exec', 'Workflow')`: some call may pass). A `resources/templates/list`
 * entry is listed when the token may `read` some resource of that `name` or `uriTemplate`: conditions
 * on attributes (which only records carry) are left out, a `can` rule on `uri` does not list it (an
 * entry has no URI), and a `cannot` rule hides it only when it forbids every record of it. Listing a
 * template reveals no record; each record is decided on its own attributes when read or listed.
 * `mcpGuard` puts this function, bound to the token's ability and its resolvers, on
 * `ctx.state.filterList`.
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
  const [key, listed] = list;
  const entries: unknown = (result as Record<string, unknown>)[key];
  const kept = Array.isArray(entries)
    ? entries.filter((entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) return false;
        return listed(ability, entry as Record<string, unknown>, options);
      })
    : [];
  return { ...result, [key]: kept };
}
