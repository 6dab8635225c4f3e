import type { Seconds } from '../schema.js';

/** A time column as a number (PostgreSQL returns `bigint` as a string). */
export function toSeconds(value: Seconds): number {
  return typeof value === 'number' ? value : Number(value);
}

/** A nullable time column as a number or undefined. */
export function toOptionalSeconds(value: Seconds | null): number | undefined {
  return value === null ? undefined : toSeconds(value);
}

/** Scopes as stored: space-separated (a scope token never contains a space). */
export function joinScopes(scopes: readonly string[]): string {
  return scopes.join(' ');
}

/** The stored scopes as an array. */
export function splitScopes(value: string): string[] {
  return value === '' ? [] : value.split(' ');
}
