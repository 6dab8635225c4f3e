export type { AppOptions } from './app.js';
export { createApp } from './app.js';
export type { AddClientInput, AddedClient, ProvisionOptions } from './clients/index.js';
export {
  addClient,
  CLIENT_ID,
  checkPreRegisteredMetadata,
  provisionClients,
  resolveSecretHash,
} from './clients/index.js';
export type { ConfigSources } from './config.js';
export {
  DEFAULT_PORT,
  DEFAULT_RATE_LIMITS,
  DEFAULT_RESOURCE,
  ENV_VARIABLES,
  loadConfig,
  validateConfig,
} from './config.js';
export type { RawConfig } from './config-sources.js';
export type {
  AuthServerConfig,
  ClientResolver,
  ClientSecretSource,
  ConfiguredClient,
  RateLimitName,
  RateLimitSetting,
  ResolvedClient,
  ResourceServerConfig,
  ServerContext,
  SigningKeys,
} from './context.js';
export { preRegisteredClientPolicy, registrationPolicyFor } from './oauth/registration-policy.js';
export type { RunningAuthServer, StartOptions } from './server.js';
export { startAuthServer } from './server.js';
export type * from './store/index.js';
export { createStore, storeUrl } from './store/index.js';
export type { AddUserInput, DemoUser, ScryptCost } from './users/index.js';
export {
  addUser,
  authenticateUser,
  checkUserClaims,
  DEFAULT_SCRYPT_COST,
  DEFAULT_USER_CLAIMS,
  DEMO_USER_CLAIMS,
  DEMO_USERNAME,
  ensureDemoUser,
  hashPassword,
  tokenUserClaims,
  userClaimNameProblem,
  verifyPassword,
} from './users/index.js';
