import { isScope, scopeCovers } from '@gatehouse/scopes';

/** The plain words of one MCP scope family (tools, prompts, workflows). */
interface Family {
  prefix: string;
  /** A name pattern of wildcards only: everything in the family. */
  all: string;
  /** One name, without wildcards. */
  one: (name: string) => string;
  /** `name:*`: every name below `name`. */
  below: (name: string) => string;
}

/**
 * Plain-words descriptions of the MCP scope families; `config.scopeDescriptions` comes first. A
 * description may say more than a scope grants, never less: a trailing `*` matches one or more
 * segments (`mcp:tools:admin:*` covers `mcp:tools:admin:users:delete`), so it is read as "every name
 * that starts with".
 */
const FAMILIES: readonly Family[] = [
  {
    prefix: 'mcp:tools:',
    all: 'Use all tools',
    one: (name) => `Use the tool “${name}”`,
    below: (name) => `Use every tool whose name starts with “${name}:”`,
  },
  {
    prefix: 'mcp:prompts:',
    all: 'Use all prompts',
    one: (name) => `Use the prompt “${name}”`,
    below: (name) => `Use every prompt whose name starts with “${name}:”`,
  },
  {
    prefix: 'mcp:exec:workflows:',
    all: 'Run all workflows',
    one: (name) => `Run the workflow “${name}”`,
    below: (name) => `Run every workflow whose name starts with “${name}:”`,
  },
];

const FIXED: ReadonlyMap<string, string> = new Map([
  ['mcp:*', 'Everything this server offers: all tools, resources, prompts and workflows'],
  ['mcp:exec:*', 'Run everything that can be run, including all workflows'],
  ['offline_access', 'Stay connected while you are away (the app may refresh its access)'],
]);

const RESOURCES = 'mcp:resources:';
/** `mcp:resources:{resource}` alone grants both `read` and `subscribe` (`@gatehouse/scopes` defaults). */
const READ_AND_UPDATES = 'Read and get updates of';
const RESOURCE_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['read', 'Read'],
  ['subscribe', 'Get updates of'],
]);

const onlyWildcards = (segments: readonly string[]) => segments.every((s) => s === '*');

/** The wording of a tool, prompt or workflow scope; undefined when it has no plain words. */
function describeInFamily(scope: string): string | undefined {
  const family = FAMILIES.find((candidate) => scope.startsWith(candidate.prefix));
  if (family === undefined) return undefined;
  const rest = scope.slice(family.prefix.length);
  const segments = rest.split(':');
  if (onlyWildcards(segments)) return family.all;
  if (!segments.includes('*')) return family.one(rest);
  const above = segments.slice(0, -1);
  return segments.at(-1) === '*' && !above.includes('*')
    ? family.below(above.join(':'))
    : undefined;
}

/**
 * `mcp:resources:{resource}` reads and gets updates, `…:read` reads, `…:subscribe` gets updates;
 * `{resource}:*` covers both actions of that resource and every resource named below it.
 */
function describeResource(rest: string): string | undefined {
  const segments = rest.split(':');
  const last = segments.at(-1) ?? '';
  const name = segments.slice(0, -1);
  if (name.length > 0 && last === '*') {
    if (onlyWildcards(name)) return `${READ_AND_UPDATES} all resources`;
    if (name.includes('*')) return undefined;
    const resource = name.join(':');
    return `${READ_AND_UPDATES} the resource “${resource}” and of every resource whose name starts with “${resource}:”`;
  }
  const action = name.length > 0 ? RESOURCE_ACTIONS.get(last) : undefined;
  const verb = action ?? READ_AND_UPDATES;
  const named = action === undefined ? segments : name;
  if (onlyWildcards(named)) return `${verb} all resources`;
  if (named.includes('*')) return undefined;
  return `${verb} the resource “${named.join(':')}”`;
}

/**
 * The plain-words description of one scope: the configured description of the most specific pattern
 * that covers it (an exact key wins), else the built-in MCP wording ("Use all tools", "Use the tool
 * “weather”", "Read and get updates of the resource “docs”"), else a generic line naming the scope
 * (also for wildcards the built-in wording cannot say plainly, such as `mcp:tools:a:*:b`).
 */
export function describeScope(
  scope: string,
  configured: Readonly<Record<string, string>> = {},
): string {
  const own = configuredDescription(scope, configured);
  if (own !== undefined) return own;
  const fixed = FIXED.get(scope);
  if (fixed !== undefined) return fixed;
  const described = scope.startsWith(RESOURCES)
    ? describeResource(scope.slice(RESOURCES.length))
    : describeInFamily(scope);
  return described ?? `The permission “${scope}”`;
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
