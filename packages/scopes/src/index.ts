export type { AuthorizeMcpRequestOptions, McpDecision } from './authorize-mcp-request.js';
export { authorizeMcpRequest } from './authorize-mcp-request.js';
export type {
  AlwaysRuleDefinition,
  DefinePolicyOptions,
  DefineRule,
  PolicyBuilder,
  PolicyEntry,
  PolicyRule,
  RuleHelpers,
  ScopeRuleDefinition,
  TemplateVariables,
} from './define-policy.js';
export { definePolicy } from './define-policy.js';
export type { ScopeErrorCode } from './errors.js';
export { ScopeError } from './errors.js';
export type { FilterListResultOptions } from './filter-list-result.js';
export { filterListResult } from './filter-list-result.js';
export type { McpMessageDecision } from './internal/message-decision.js';
export type { PolicyRawRule } from './internal/rule-collector.js';
export { MCP_DEFAULT_TEMPLATES } from './mcp-defaults.js';
export type {
  McpMethodRule,
  McpOperation,
  McpSubjectResolvers,
  ResolveResource,
  ResolveTool,
  ResourceInfo,
  ToolInfo,
} from './mcp-operation.js';
export { MCP_OPEN_METHODS } from './mcp-operation.js';
export type { McpSubjectType, PolicySubject } from './mcp-subject.js';
export { mcpSubject } from './mcp-subject.js';
export type { McpToolCheck, McpToolRule, McpToolRules } from './mcp-tool-rule.js';
export type { ParseScopeOptions } from './parse-scope.js';
export { formatScope, isScope, parseScope } from './parse-scope.js';
export type { Policy, PolicyToken, ScopeAbility } from './policy-types.js';
export { isCanonicalUri, requireCanonicalUri } from './resource-uri.js';
export type { NarrowedScopes } from './scope-algebra.js';
export { narrowScopes, scopeCovers, scopeSatisfies } from './scope-algebra.js';
export { ScopeDeniedError } from './scope-denied-error.js';
export type { CompileScopesOptions, ScopeSet } from './scope-set.js';
export { compileScopes } from './scope-set.js';
