import { isScope, scopeCovers } from '@gatehouse/scopes';

/** Plain-words descriptions of the MCP scope families; `config.scopeDescriptions` comes first. */
const FAMILIES: readonly { prefix: string; all: string; one: (name: string) => string }[] = [
  { prefix: 'mcp:tools:', all: 'Use all tools', one: (name) => `Use the tool “${name}”` },
  { prefix: 'mcp:prompts:', all: 'Use all prompts', one: (name) => `Use the prompt “${name}”` },
  {
    prefix: 'mcp:exec:workflows:',
    all: 'Run all workflows',
    one: (name) => `Run the workflow “${name}”`,
  },
  { prefix: 'mcp:resources:', all: 'Read all resources', one: describeResource },
];

const FIXED: Readonly<Record<string, string>> = {
  'mcp:*': 'Everything this server offers: all tools, resources, prompts and workflows',
  'mcp:exec:*': 'Run everything that can be run, including all workflows',
  offline_access: 'Stay connected while you are away (the app may refresh its access)',
};

function describeResource(rest: string): string {
  const parts = rest.split(':');
  const action = parts.length > 1 ? parts[parts.length - 1] : undefined;
  const name = action === undefined ? rest : parts.slice(0, -1).join(':');
  if (action === 'read') return `Read the resource “${name}”`;
  if (action === 'subscribe') return `Get updates of the resource “${name}”`;
  if (action === '*') return `Read and get updates of the resource “${name}”`;
  return `Read the resource “${rest}”`;
}

/**
 * The plain-words description of one scope: the configured description of the most specific pattern
 * that covers it (an exact key wins), else the built-in MCP wording ("Use all tools", "Use the tool
 * “weather”"), else a generic line naming the scope.
 */
export function describeScope(
  scope: string,
  configured: Readonly<Record<string, string>> = {},
): string {
  const own = configuredDescription(scope, configured);
  if (own !== undefined) return own;
  const fixed = FIXED[scope];
  if (fixed !== undefined) return fixed;
  for (const family of FAMILIES) {
    if (!scope.startsWith(family.prefix)) continue;
    const rest = scope.slice(family.prefix.length);
    return rest === '*' ? family.all : family.one(rest);
  }
  return `The permission “${scope}”`;
}

function configuredDescription(
  scope: string,
  configured: Readonly<Record<string, string>>,
): string | undefined {
  if (Object.hasOwn(configured, scope)) return configured[scope];
  if (!isScope(scope)) return undefined;
  let best: { pattern: string; score: number } | undefined;
  for (const pattern of Object.keys(configured)) {
    if (!isScope(pattern) || !scopeCovers(pattern, scope)) continue;
    const score = specificity(pattern);
    if (best === undefined || score > best.score) best = { pattern, score };
  }
  return best === undefined ? undefined : configured[best.pattern];
}

/** More fixed segments first; among equals, a pattern without the trailing wildcard. */
function specificity(pattern: string): number {
  const segments = pattern.split(':');
  const fixed = segments.filter((segment) => segment !== '*').length;
  return fixed * 2 + (segments[segments.length - 1] === '*' ? 0 : 1);
}
