export type { AppOptions } from './app.js';
export { createApp } from './app.js';
export type { ConfigSources } from './config.js';
export {
  DEFAULT_RATE_LIMITS,
  DEFAULT_RESOURCE,
  ENV_VARIABLES,
  loadConfig,
  validateConfig,
} from './config.js';
export type {
  AuthServerConfig,
  ClientResolver,
  RateLimitName,
  RateLimitSetting,
  ResolvedClient,
  ResourceServerConfig,
  ServerContext,
  SigningKeys,
} from './context.js';
export type { RunningAuthServer, StartOptions } from './server.js';
export { startAuthServer } from './server.js';
