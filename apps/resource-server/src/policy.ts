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
 * wildcard (`mcp:resources:*`) lifts the `name` condition only; the tenant condition stays. The
 * template entry of `resources/templates/list` (no record, no tenant) is listed by the package's
 * template rule to a token that may read some record of it.
 */
function tenantResources(
  { resource }: Readonly<Record<'resource', string>>,
  { can, claims }: RuleHelpers,
): void {
  const tenant = tenantClaim(claims);
  can(RESOURCE_ACTIONS, 'Resource', { name: resource, tenant });
  can(RESOURCE_ACTIONS, 'Resource', { uriTemplate: resource, tenant });
}

/**
 * `mcp:exec:workflows:{workflow}`: run that workflow. A call of `run_workflow` needs `call` on the
 * tool as well as `exec` on the workflow (the tool rule adds the second check to the first), so the
 * workflow scope grants the tool too: it is all a client needs to ask for.
 */
function workflows({ workflow }: Readonly<Record<'workflow', string>>, { can }: RuleHelpers): void {
  can('exec', 'Workflow', { name: workflow });
  can('call', 'Tool', { name: RUN_WORKFLOW_TOOL });
}

/**
 * The sample server's scope policy: the MCP defaults of `@gatehouse/scopes`, extended in code.
 *
 * | scope | grants |
 * |---|---|
 * | `mcp:tools:{tool}` | `call` the tool (`weather`, `whoami`; `run_workflow` also needs a workflow scope) |
 * | `mcp:resources:customer-data:read` | `read` the records of the token's `tenant` |
 * | `mcp:prompts:{prompt}` | `get` the prompt (`forecast-briefing`) |
 * | `mcp:exec:workflows:{name}` | `exec` the workflow `name` through `run_workflow` (`*`: any) |
 */
export function createResourcePolicy(): Policy {
  return definePolicy({ claims: ['tenant'], attributes: { Resource: ['tenant'] } })
    .replace('mcp:resources:{resource}', tenantResources)
    .replace('mcp:exec:workflows:{workflow}', workflows)
    .build();
}
