import type { ScopeRuleDefinition } from './define-policy.js';

/**
 * The default MCP scope templates and what each grants:
 *
 * | template | grants |
 * |---|---|
 * | `mcp:tools:{tool}` | `call` `Tool` with `name` = tool |
 * | `mcp:resources:{resource}` | `read` `Resource` whose `name` or `uriTemplate` = resource |
 * | `mcp:prompts:{prompt}` | `get` `Prompt` with `name` = prompt |
 * | `mcp:exec:workflows:{workflow}` | `exec` `Workflow` with `name` = workflow |
 *
 * @example
 * ```ts
 * import { MCP_DEFAULT_TEMPLATES } from '@gatehouse/scopes';
 * MCP_DEFAULT_TEMPLATES; // ['mcp:tools:{tool}', 'mcp:resources:{resource}', ...]
 * ```
 */
export const MCP_DEFAULT_TEMPLATES: readonly string[] = Object.freeze([
  'mcp:tools:{tool}',
  'mcp:resources:{resource}',
  'mcp:prompts:{prompt}',
  'mcp:exec:workflows:{workflow}',
]);

function entry<T extends string>(
  template: T,
  define: ScopeRuleDefinition<T>,
): readonly [string, ScopeRuleDefinition<string>] {
  return [template, define as unknown as ScopeRuleDefinition<string>];
}

/** The definitions behind {@link MCP_DEFAULT_TEMPLATES}. */
export const MCP_DEFAULT_RULES: readonly (readonly [string, ScopeRuleDefinition<string>])[] = [
  entry('mcp:tools:{tool}', ({ tool }, { can }) => can('call', 'Tool', { name: tool })),
  entry('mcp:resources:{resource}', ({ resource }, { can }) => {
    can('read', 'Resource', { name: resource });
    can('read', 'Resource', { uriTemplate: resource });
  }),
  entry('mcp:prompts:{prompt}', ({ prompt }, { can }) => can('get', 'Prompt', { name: prompt })),
  entry('mcp:exec:workflows:{workflow}', ({ workflow }, { can }) =>
    can('exec', 'Workflow', { name: workflow }),
  ),
];
