import type { ScopeRuleDefinition } from './define-policy.js';

/**
 * The default MCP scope templates and what each grants:
 *
 * | template | grants |
 * |---|---|
 * | `mcp:tools:{tool}` | `call` `Tool` with `name` = tool |
 * | `mcp:resources:{resource}` | `read` and `subscribe` (also unsubscribe) `Resource` whose `name` or `uriTemplate` = resource |
 * | `mcp:resources:{resource}:read` | the `read` rules of `mcp:resources:{resource}` |
 * | `mcp:resources:{resource}:subscribe` | the `subscribe` rules of `mcp:resources:{resource}` |
 * | `mcp:prompts:{prompt}` | `get` `Prompt` with `name` = prompt |
 * | `mcp:exec:workflows:{workflow}` | `exec` `Workflow` with `name` = workflow |
 *
 * The `:read` and `:subscribe` templates follow `mcp:resources:{resource}` as the policy defines
 * it: replace that one template (to add a tenant condition, say) and the narrower scopes grant the
 * same, restricted to their action. They come first, so `requiredScopesFor` names the narrower scope
 * (`mcp:resources:customer-data:read` for a read).
 *
 * @example
 * ```ts
 * import { MCP_DEFAULT_TEMPLATES } from '@gatehouse/scopes';
 * MCP_DEFAULT_TEMPLATES; // ['mcp:tools:{tool}', 'mcp:resources:{resource}:read', ...]
 * ```
 */
export const MCP_DEFAULT_TEMPLATES: readonly string[] = Object.freeze([
  'mcp:tools:{tool}',
  'mcp:resources:{resource}:read',
  'mcp:resources:{resource}:subscribe',
  'mcp:resources:{resource}',
  'mcp:prompts:{prompt}',
  'mcp:exec:workflows:{workflow}',
]);

type Narrows = { template: string; actions: readonly string[] };
type DefaultRule = readonly [string, ScopeRuleDefinition<string>, Narrows?];

function entry<T extends string>(
  template: T,
  define: ScopeRuleDefinition<T>,
  narrows?: Narrows,
): DefaultRule {
  const rule = define as unknown as ScopeRuleDefinition<string>;
  return narrows === undefined ? [template, rule] : [template, rule, narrows];
}

const RESOURCE = 'mcp:resources:{resource}';

/** `actions` on the Resource named `resource` (by its name or its URI template). */
function resourceRule(actions: string | string[]): ScopeRuleDefinition<'mcp:resources:{resource}'> {
  return ({ resource }, { can }) => {
    can(actions, 'Resource', { name: resource });
    can(actions, 'Resource', { uriTemplate: resource });
  };
}

/** The definitions behind {@link MCP_DEFAULT_TEMPLATES}. */
export const MCP_DEFAULT_RULES: readonly DefaultRule[] = [
  entry('mcp:tools:{tool}', ({ tool }, { can }) => can('call', 'Tool', { name: tool })),
  entry('mcp:resources:{resource}:read', resourceRule('read'), {
    template: RESOURCE,
    actions: ['read'],
  }),
  entry('mcp:resources:{resource}:subscribe', resourceRule('subscribe'), {
    template: RESOURCE,
    actions: ['subscribe'],
  }),
  entry(RESOURCE, resourceRule(['read', 'subscribe'])),
  entry('mcp:prompts:{prompt}', ({ prompt }, { can }) => can('get', 'Prompt', { name: prompt })),
  entry('mcp:exec:workflows:{workflow}', ({ workflow }, { can }) =>
    can('exec', 'Workflow', { name: workflow }),
  ),
];
