export type { AppParts } from './app.js';
export { createApp } from './app.js';
export { createServerAudit } from './audit.js';
export type { Caller } from './capabilities/caller.js';
export { callerOf } from './capabilities/caller.js';
export type { CustomerRecord } from './capabilities/customers.js';
export {
  CUSTOMER_RESOURCE,
  CUSTOMER_TEMPLATE,
  CUSTOMERS,
  customerUri,
  findCustomer,
  resolveCustomerResource,
} from './capabilities/customers.js';
export { BRIEFING_PROMPT } from './capabilities/prompts.js';
export type { Forecast } from './capabilities/weather.js';
export { forecastFor, WEATHER_TOOL } from './capabilities/weather.js';
export { WHOAMI_TOOL } from './capabilities/whoami.js';
export {
  RUN_WORKFLOW_RULE,
  RUN_WORKFLOW_TOOL,
  TOOL_RULES,
  WORKFLOW_NAME,
  WORKFLOWS,
} from './capabilities/workflows.js';
export type { ConfigSources, IntrospectionConfig, ResourceServerConfig } from './config.js';
export {
  DEFAULT_DEV_ISSUER,
  DEFAULT_INTROSPECTION_CACHE_SECONDS,
  DEFAULT_PORT,
  DEFAULT_SCOPES_SUPPORTED,
  loadConfig,
  validateConfig,
} from './config.js';
export { ConfigError } from './config-error.js';
export type { RawConfig } from './config-sources.js';
export { helpText } from './help.js';
export { createMcpServer, SERVER_INFO } from './mcp-server.js';
export { createResourcePolicy } from './policy.js';
export type { RunningResourceServer, StartResourceServerOptions } from './server.js';
export { startResourceServer } from './server.js';
export type { ServerVerifier } from './verifier.js';
export { createServerVerifier } from './verifier.js';
