export { addUser } from './add-user.js';
export { authenticateUser, dummyPasswordHash } from './authenticate.js';
export type { ScryptCost } from './password.js';
export {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  parsePasswordHash,
  verifyPassword,
} from './password.js';
export type { DemoUser } from './seed.js';
export { DEMO_USERNAME, ensureDemoUser } from './seed.js';
