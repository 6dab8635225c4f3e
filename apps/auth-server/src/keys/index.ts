export type { KeySchedule } from './key-schedule.js';
export { keySchedule } from './key-schedule.js';
export type { SigningKeysOptions } from './signing-keys.js';
export { loadSigningKeys } from './signing-keys.js';
