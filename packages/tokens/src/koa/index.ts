export type { BearerAuthOptions, BearerAuthState } from './bearer-auth.js';
export { bearerAuth } from './bearer-auth.js';
