import { mcpSubject, type PolicySubject } from './mcp-subject.js';
import type { ScopeAbility } from './policy-types.js';

type Check = (item: Record<string, unknown>) => { action: string; subject: PolicySubject };

const LISTS: Readonly<Record<string, readonly [string, Check]>> = {
  'tools/list': [
    'tools',
    (tool) => ({ action: 'call', subject: mcpSubject('Tool', { name: tool.name }) }),
  ],
  'prompts/list': [
    'prompts',
    (prompt) => ({ action: 'get', subject: mcpSubject('Prompt', { name: prompt.name }) }),
  ],
  'resources/list': [
    'resources',
    (resource) => ({
      action: 'read',
      subject: mcpSubject('Resource', { name: resource.name, uri: resource.uri }),
    }),
  ],
  'resources/templates/list': [
    'resourceTemplates',
    (template) => ({
      action: 'read',
      subject: mcpSubject('Resource', { name: template.name, uriTemplate: template.uriTemplate }),
    }),
  ],
};

/**
 * The result of a `tools/list`, `prompts/list`, `resources/list` or `resources/templates/list` call
 * with only the entries `ability` may use (a new object; the input is not changed). Entries that are
 * not objects are dropped, and a list that is not an array becomes empty: it fails closed. Results of
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
