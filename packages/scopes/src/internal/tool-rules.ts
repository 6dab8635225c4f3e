import { ScopeError } from '../errors.js';
import type { McpOperation, McpSubjectResolvers } from '../mcp-operation.js';
import { mcpSubject } from '../mcp-subject.js';
import type { McpToolCheck, McpToolRules } from '../mcp-tool-rule.js';
import type { ScopeAbility } from '../policy-types.js';
import { toolSubject } from './mcp-subjects.js';

const CHECK_KEYS = new Set(['action', 'subject', 'fields']);

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** One check, validated and copied (frozen), or TypeError. */
function checkOne(value: unknown, tool: string, caller: string): McpToolCheck {
  const problem = `${caller}: tools.${tool} must be { action, subject, fields? } or a non-empty array of them`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(problem);
  }
  const { action, subject, fields } = value as Record<string, unknown>;
  if (
    Object.keys(value).some((key) => !CHECK_KEYS.has(key)) ||
    !nonEmpty(action) ||
    !nonEmpty(subject) ||
    (fields !== undefined && typeof fields !== 'function')
  ) {
    throw new TypeError(problem);
  }
  const check: McpToolCheck = { action, subject };
  if (fields !== undefined) check.fields = fields as NonNullable<McpToolCheck['fields']>;
  return Object.freeze(check);
}

/** A tool's rule as a frozen list of checked checks, or TypeError. */
function checkRule(rule: unknown, tool: string, caller: string): readonly McpToolCheck[] {
  const list: readonly unknown[] = Array.isArray(rule) ? rule : [rule];
  if (list.length === 0) {
    throw new TypeError(`${caller}: tools.${tool} must name at least one check`);
  }
  return Object.freeze(list.map((check) => checkOne(check, tool, caller)));
}

function checkMap(tools: unknown, caller: string): asserts tools is Record<string, unknown> {
  if (typeof tools !== 'object' || tools === null || Array.isArray(tools)) {
    throw new TypeError(`${caller}: tools must map tool names to rules`);
  }
}

/** Every rule of `tools` checked (TypeError for a mistake) and copied, frozen; for setup time. */
export function copyToolRules(tools: unknown, caller: string): McpToolRules {
  checkMap(tools, caller);
  const copy: Record<string, readonly McpToolCheck[]> = {};
  for (const [tool, rule] of Object.entries(tools)) {
    if (tool === '') throw new TypeError(`${caller}: a tool name in tools must not be empty`);
    copy[tool] = checkRule(rule, tool, caller);
  }
  return Object.freeze(copy);
}

/** The checks of `tool` in `tools` (checked), or undefined when it has no rule. */
export function ruleFor(
  tools: McpToolRules | undefined,
  tool: string,
  caller: string,
): readonly McpToolCheck[] | undefined {
  if (tools === undefined) return undefined;
  checkMap(tools, caller);
  return Object.hasOwn(tools, tool) ? checkRule(tools[tool], tool, caller) : undefined;
}

/** `ERR_SCOPE_TOOL_ARGUMENTS` (`invalid_request`; JSON-RPC `-32602` from the guard). */
function badArguments(tool: string): ScopeError {
  return new ScopeError(
    'ERR_SCOPE_TOOL_ARGUMENTS',
    `the arguments of ${tool} do not fit the tool (tools/call params.arguments)`,
    'invalid_request',
  );
}

function isScalar(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** The subject fields `check` reads from `args`, each a scalar, or `ERR_SCOPE_TOOL_ARGUMENTS`. */
function fieldsOf(
  check: McpToolCheck,
  args: Readonly<Record<string, unknown>>,
  tool: string,
): Record<string, string | number | boolean> {
  if (check.fields === undefined) return {};
  const fields: unknown = check.fields(args);
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    throw badArguments(tool);
  }
  const copy: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!isScalar(value)) throw badArguments(tool);
    copy[key] = value;
  }
  return copy;
}

/**
 * The operations a `tools/call` of `tool` needs: the checks of its rule in `resolvers.tools` (fields
 * from `params.arguments`), then `call` `Tool` `{ name, ...attributes }`. A tool without a rule needs
 * only the latter. Arguments a rule cannot read throw `ERR_SCOPE_TOOL_ARGUMENTS`.
 */
export function toolCallOperations(
  tool: string,
  params: Readonly<Record<string, unknown>>,
  resolvers: McpSubjectResolvers,
): McpOperation[] {
  const call: McpOperation = {
    action: 'call',
    subject: toolSubject(tool, resolvers.resolveTool),
  };
  const rule = ruleFor(resolvers.tools, tool, 'authorizeMcpRequest');
  if (rule === undefined) return [call];
  const raw = params.arguments ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badArguments(tool);
  const args = raw as Readonly<Record<string, unknown>>;
  const checks = rule.map(
    (check): McpOperation => ({
      action: check.action,
      subject: mcpSubject(check.subject, fieldsOf(check, args, tool)),
    }),
  );
  return [...checks, call];
}

/**
 * Whether `tools/list` shows `tool`: the token may `call` it and, for each check of its rule, do the
 * check's action on some subject of its type (CASL's answer for a subject type).
 */
export function toolListed(
  ability: ScopeAbility,
  tool: string,
  resolvers: McpSubjectResolvers,
): boolean {
  if (!ability.can('call', toolSubject(tool, resolvers.resolveTool))) return false;
  const rule = ruleFor(resolvers.tools, tool, 'filterListResult');
  return rule === undefined || rule.every((check) => ability.can(check.action, check.subject));
}
