import { mcpSubject, type PolicySubject } from './mcp-subject.js';
import type { ScopeAbility } from './policy-types.js';

type Check = (item: Record<string, unknown>) => { action: string; subject: PolicySubject };

/**
 * The string fields of `item` named in `keys`; a field of another type (an array of names, an object)
 * is left out, so it cannot match a condition as an array element or operator would.
 */
function stringFields(item: Record<string, unknown>, ...keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = item[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

const LISTS: Readonly<Record<string, readonly [string, Check]>> = {
  'tools/list': [
    'tools',
    (tool) => ({ action: 'call', subject: mcpSubject('Tool', stringFields(tool, 'name')) }),
  ],
  'prompts/list': [
    'prompts',
    (prompt) => ({ action: 'get', subject: mcpSubject('Prompt', stringFields(prompt, 'name')) }),
  ],
  'resources/list': [
    'resources',
    (resource) => ({
      action: 'read',
      subject: mcpSubject('Resource', stringFields(resource, 'name', 'uri')),
    }),
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
 * names matches no named scope), and a list that is not an array becomes empty: it fails closed. Results of
 * other methods are returned as they are.
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
export function filterListResult<T>(ability: ScopeAbility, method: string, result: T): T {
  const list = Object.hasOwn(LISTS, method) ? LISTS[method] : undefined;
  if (list === undefined || typeof result !== 'object' || result === null) return result;
  const [key, check] = list;
  const entries: unknown = (result as Record<string, unknown>)[key];
  const kept = Array.isArray(entries)
    ? entries.filter((entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) return false;
        const { action, subject } = check(entry as Record<string, unknown>);
        return ability.can(action, subject);
      })
    : [];
  return { ...result, [key]: kept };
}
