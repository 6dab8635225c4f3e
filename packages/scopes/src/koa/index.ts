export type { ScopeAuditActor, ScopeAuditEvent, ScopeAuditTargetType } from './audit-decision.js';
export type { ScopeAuthState } from './auth-state.js';
export { JSON_RPC_FORBIDDEN, JSON_RPC_INVALID_PARAMS } from './json-rpc-error.js';
export type { McpGuardOptions, McpGuardRequest, McpGuardState } from './mcp-guard.js';
export { mcpGuard } from './mcp-guard.js';
export type { RequireScopeOptions } from './require-scope.js';
export { requireScope } from './require-scope.js';
export type { ChallengeScope } from './respond.js';
