import { hash, randomBytes } from 'node:crypto';

/** A new random secret (codes, refresh tokens): 256 bits, base64url. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** How codes and refresh tokens are stored: the base64url SHA-256 of the value, never the value. */
export function hashSecret(value: string): string {
  return hash('sha256', value, 'base64url');
}
