import { type McpMethodRule, type McpOperation, mcpSubject, ScopeError } from '@gatehouse/scopes';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { callerOf, describeCaller } from './caller.js';

/** The tool that runs a workflow by name. */
export const RUN_WORKFLOW_TOOL = 'run_workflow';

/** A workflow name: one scope segment (`mcp:exec:workflows:{name}`), so no `:` and no `*`. */
export const WORKFLOW_NAME = /^[a-z][a-z0-9-]{0,63}$/;

/** The sample workflows, by name: what each does, step by step (nothing really runs). */
export const WORKFLOWS: Readonly<
  Record<string, { description: string; steps: readonly string[] }>
> = Object.freeze({
  backup: {
    description: 'Snapshot the database and upload it',
    steps: ['snapshot', 'compress', 'upload', 'verify'],
  },
  deploy: {
    description: 'Build and roll out the latest release',
    steps: ['build', 'test', 'canary', 'rollout'],
  },
  'rotate-keys': {
    description: 'Publish a new signing key, then switch to it',
    steps: ['generate', 'publish', 'activate'],
  },
});

function invalidParams(description: string): ScopeError {
  return new ScopeError('ERR_SCOPE_MCP_REQUEST', description, 'invalid_request');
}

/**
 * The workflow a `run_workflow` call names: `params.arguments.name`, which must match
 * {@link WORKFLOW_NAME}, the same pattern the tool's input schema enforces, so the guard and the
 * handler read one value the same way. Throws `ERR_SCOPE_MCP_REQUEST` (answered as JSON-RPC
 * `-32602 Invalid params`) for anything else.
 */
export function workflowNameOf(params: Readonly<Record<string, unknown>>): string {
  const args = params.arguments;
  const name =
    typeof args === 'object' && args !== null && !Array.isArray(args)
      ? (args as Record<string, unknown>).name
      : undefined;
  if (typeof name !== 'string' || !WORKFLOW_NAME.test(name)) {
    throw invalidParams(`${RUN_WORKFLOW_TOOL} needs arguments.name, a workflow name`);
  }
  return name;
}

/**
 * The scope guard's rule for `tools/call` (the `methods` option of `mcpResourceServer`): a call of
 * `run_workflow` is authorized as `exec` `Workflow` `{ name }` of the workflow it names
 * (`mcp:exec:workflows:{name}`), before the handler runs; every other tool as the default mapping
 * does, `call` `Tool` `{ name }` (`mcp:tools:{name}`).
 */
export const toolCallRule: McpMethodRule = (params): McpOperation => {
  const tool = params.name;
  if (typeof tool !== 'string' || tool === '') {
    throw invalidParams('tools/call needs a string params.name');
  }
  if (tool === RUN_WORKFLOW_TOOL) {
    return { action: 'exec', subject: mcpSubject('Workflow', { name: workflowNameOf(params) }) };
  }
  return { action: 'call', subject: mcpSubject('Tool', { name: tool }) };
};

/** Registers `run_workflow`: runs the workflow `name` (the guard has already authorized it). */
export function registerWorkflows(mcp: McpServer): void {
  mcp.registerTool(
    RUN_WORKFLOW_TOOL,
    {
      title: 'Run a workflow',
      description: `Runs a workflow by name: ${Object.keys(WORKFLOWS).join(', ')}. Needs the scope mcp:exec:workflows:{name}.`,
      inputSchema: {
        name: z.string().regex(WORKFLOW_NAME).describe('The workflow, e.g. "backup"'),
      },
    },
    async ({ name }, extra) => {
      const caller = callerOf(extra.authInfo);
      const workflow = Object.hasOwn(WORKFLOWS, name) ? WORKFLOWS[name] : undefined;
      if (workflow === undefined) {
        return { isError: true, content: [{ type: 'text', text: `unknown workflow "${name}"` }] };
      }
      const steps = workflow.steps.map((step) => `${step}: ok`).join(', ');
      return {
        content: [
          {
            type: 'text',
            text: `workflow ${name} finished (${steps}), run by ${describeCaller(caller)}`,
          },
        ],
      };
    },
  );
}
