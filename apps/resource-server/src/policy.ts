import { definePolicy, type Policy, type RuleHelpers } from '@gatehouse/scopes';
import { tenantClaim } from './capabilities/caller.js';
import { RUN_WORKFLOW_TOOL } from './capabilities/workflows.js';

const RESOURCE_ACTIONS = ['read', 'subscribe'];

/**
 * `mcp:resources:{resource}`, and through it `mcp:resources:{resource}:read` and `:subscribe` (the
 * default policy derives those two from this template): a resource is readable only when its
 * `tenant` attribute equals the token's `tenant` claim. The attribute comes from the resource itself
 * (`resolveResource` in `customers.ts`); a token without the claim, or with one that is not a
 * non-empty string, gets `tenant: undefined`, and a condition on an absent claim matches nothing. A
 * wildcard (`mcp:resources:*`) lifts the `name` condition only; the tenant condition stays.
 */
function tenantResources(
  { resource }: Readonly<Record<'resource', string>>,
  { can, claims }: RuleHelpers,
): void {
  const tenant = tenantClaim(claims);
  can(RESOURCE_ACTIONS, 'Resource', { name: resource, tenant });
  can(RESOURCE_ACTIONS, 'Resource', { uriTemplate: resource, tenant });
  // The template entry of `resources/templates/list` (and a completion on it) is no record: it has
  // no `uri` and no tenant. List it to tokens that carry a tenant, so clients can discover it.
  if (tenant !== undefined) {
    can('read', 'Resource', { name: resource, uri: { $exists: false } });
    can('read', 'Resource', { uriTemplate: resource, uri: { $exists: false } });
  }
}

/**
 * `mcp:tools:{tool}` without `run_workflow`: that tool is a door to workflows, listed to tokens that
 * may run some workflow (see below), and each of its calls is authorized as `exec Workflow`.
 */
function toolsButWorkflows(
  { tool }: Readonly<Record<'tool', string>>,
  { can, isAny }: RuleHelpers,
): void {
  if (isAny(tool)) can('call', 'Tool', { name: { $ne: RUN_WORKFLOW_TOOL } });
  else if (tool !== RUN_WORKFLOW_TOOL) can('call', 'Tool', { name: tool });
}

/** `mcp:exec:workflows:{workflow}`: run that workflow, and see the `run_workflow` tool. */
function workflows({ workflow }: Readonly<Record<'workflow', string>>, { can }: RuleHelpers): void {
  can('exec', 'Workflow', { name: workflow });
  can('call', 'Tool', { name: RUN_WORKFLOW_TOOL });
}

/**
 * The sample server's scope policy: the MCP defaults of `@gatehouse/scopes`, extended in code.
 *
 * | scope | grants |
 * |---|---|
 * | `mcp:tools:{tool}` | `call` the tool (`weather`, `whoami`); not `run_workflow` |
 * | `mcp:resources:customer-data:read` | `read` the records of the token's `tenant` |
 * | `mcp:prompts:{prompt}` | `get` the prompt (`forecast-briefing`) |
 * | `mcp:exec:workflows:{name}` | `exec` the workflow `name` through `run_workflow` (`*`: any) |
 */
export function createResourcePolicy(): Policy {
  return definePolicy({ claims: ['tenant'], attributes: { Resource: ['tenant'] } })
    .replace('mcp:resources:{resource}', tenantResources)
    .replace('mcp:tools:{tool}', toolsButWorkflows)
    .replace('mcp:exec:workflows:{workflow}', workflows)
    .build();
}
