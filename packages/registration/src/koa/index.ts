export type {
  RateLimitDecision,
  RegisteredClient,
  RegistrationEndpointOptions,
  RegistrationRejection,
} from './registration-endpoint.js';
export { registrationEndpoint } from './registration-endpoint.js';
