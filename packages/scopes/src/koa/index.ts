export type { ScopeAuthState } from './auth-state.js';
export type { McpGuardOptions, McpGuardState } from './mcp-guard.js';
export { mcpGuard } from './mcp-guard.js';
export type { RequireScopeOptions } from './require-scope.js';
export { requireScope } from './require-scope.js';
export type { ChallengeScope } from './respond.js';
