import type { McpToolCheck, McpToolRules } from '@gatehouse/scopes';
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

/**
 * The scope guard's rule for `run_workflow` (the `tools` option of `mcpResourceServer`): a call is
 * authorized as `exec` `Workflow` `{ name }` of the workflow it names (`mcp:exec:workflows:{name}`),
 * besides the `call` `Tool` check every tool gets. The name is read from `arguments.name` and must
 * match {@link WORKFLOW_NAME}, the pattern the tool's input schema enforces, with no transformation
 * on either side, so the guard and the handler read one value the same way; anything else is refused
 * with JSON-RPC `-32602 Invalid params` (`ERR_SCOPE_TOOL_ARGUMENTS`) before the SDK.
 */
export const RUN_WORKFLOW_RULE: McpToolCheck = Object.freeze({
  action: 'exec',
  subject: 'Workflow',
  fields: ({ name }: Readonly<Record<string, unknown>>) =>
    typeof name === 'string' && WORKFLOW_NAME.test(name) ? { name } : undefined,
});

/** The per-tool rules of the sample server: only `run_workflow` has one; every other tool is `call Tool`. */
export const TOOL_RULES: McpToolRules = Object.freeze({ [RUN_WORKFLOW_TOOL]: RUN_WORKFLOW_RULE });

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
