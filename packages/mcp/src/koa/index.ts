export type { McpResourceServer } from './mcp-resource-server.js';
export { mcpResourceServer } from './mcp-resource-server.js';
export type { McpResourceServerOptions } from './options.js';
export type { AllowedOrigins } from './origin.js';
export type { McpServerFactory, McpServerLike } from './types.js';
