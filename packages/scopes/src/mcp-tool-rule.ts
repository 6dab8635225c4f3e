import type { McpSubjectType } from './mcp-subject.js';

/**
 * One permission check a call of a tool needs **besides** the built-in `call` `Tool` `{ name }`:
 * `action` on a subject of type `subject`, whose fields `fields` reads from the call's arguments.
 *
 * `fields(args)` receives `params.arguments` of the `tools/call` (`{}` when absent) exactly as the MCP
 * SDK hands them to the tool's input schema, and returns the subject's fields, or `undefined` to refuse
 * arguments that do not fit (the request is refused with `ERR_SCOPE_TOOL_ARGUMENTS`, which `mcpGuard`
 * answers with 400 and JSON-RPC `-32602`). Each field value must be a string, a finite number or a
 * boolean: an array, an object, `null` or `undefined` is refused the same way (CASL would match an
 * array against any one of its elements, so `{ name: ['backup', 'deploy'] }` would pass for
 * `backup`). Read the arguments as the tool's input schema does, with no transformation on either side
 * (no `.trim()`, case folding, coercion or default on a field a check reads): the guard must authorize
 * exactly what the handler runs. A `fields` that throws fails the request closed (a `ScopeError` is
 * answered as such; anything else is a 500 from the guard). Without `fields`, the subject has no fields.
 *
 * @example
 * ```ts
 * import type { McpToolCheck } from '@gatehouse/scopes';
 *
 * const runWorkflow: McpToolCheck = {
 *   action: 'exec',
 *   subject: 'Workflow',
 *   fields: ({ name }) => (typeof name === 'string' && /^[a-z][a-z0-9-]*$/.test(name) ? { name } : undefined),
 * };
 * ```
 */
export interface McpToolCheck {
  /** The CASL action, such as `exec`. */
  action: string;
  /** The subject type, such as `Workflow`. */
  subject: McpSubjectType | (string & {});
  /** The subject's fields, from the call's arguments; `undefined` refuses the arguments. */
  fields?: (
    args: Readonly<Record<string, unknown>>,
  ) => Readonly<Record<string, unknown>> | undefined;
}

/** The checks one tool's calls need besides `call` `Tool`: one {@link McpToolCheck}, or several (all must pass). */
export type McpToolRule = McpToolCheck | readonly McpToolCheck[];

/**
 * Per-tool rules, by tool name (the `tools` option of `authorizeMcpRequest`, `filterListResult` and
 * `mcpGuard`). A call of a listed tool needs `call` `Tool` `{ name, ...resolveTool attributes }` **and**
 * every check of its rule; a call of any other tool needs the built-in `call` `Tool` only. A listed tool
 * appears in `tools/list` when the token may `call` it and, for every check, may do the check's action
 * on **some** subject of its type (`ability.can(action, subject)` on the type: "some call may pass").
 *
 * @example
 * ```ts
 * import { authorizeMcpRequest, definePolicy, type McpToolRules } from '@gatehouse/scopes';
 *
 * const tools: McpToolRules = {
 *   run_workflow: {
 *     action: 'exec',
 *     subject: 'Workflow',
 *     fields: ({ name }) => (typeof name === 'string' ? { name } : undefined),
 *   },
 * };
 * const ability = definePolicy()
 *   .build()
 *   .abilityFor({ scopes: ['mcp:tools:run_workflow', 'mcp:exec:workflows:backup'] });
 * const call = (name: string) => ({
 *   jsonrpc: '2.0', id: 1, method: 'tools/call',
 *   params: { name: 'run_workflow', arguments: { name } },
 * });
 * authorizeMcpRequest(ability, call('backup'), { tools }).allowed; // true
 * authorizeMcpRequest(ability, call('deploy'), { tools }).allowed; // false: mcp:exec:workflows:deploy
 * ```
 */
export type McpToolRules = Readonly<Record<string, McpToolRule>>;
