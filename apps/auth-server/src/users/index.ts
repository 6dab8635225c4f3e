export type { AddUserInput } from './add-user.js';
export { addUser } from './add-user.js';
export { authenticateUser, dummyPasswordHash } from './authenticate.js';
export {
  checkUserClaims,
  DEFAULT_USER_CLAIMS,
  tokenUserClaims,
  userClaimNameProblem,
} from './claims.js';
export type { ScryptCost } from './password.js';
export {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  parsePasswordHash,
  verifyPassword,
} from './password.js';
export type { DemoUser } from './seed.js';
export { DEMO_USER_CLAIMS, DEMO_USERNAME, ensureDemoUser } from './seed.js';
