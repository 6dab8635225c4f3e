export type { RateLimitDecision, RegistrationEndpointOptions } from './registration-endpoint.js';
export { registrationEndpoint } from './registration-endpoint.js';
