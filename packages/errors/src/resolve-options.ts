/**
 * Merges a caller's options onto documented defaults, the one way every Gatehouse factory reads its
 * options: unknown keys and missing required keys are caller mistakes and throw `TypeError`; keys set to
 * `undefined` keep their default; the result is frozen.
 *
 * `defaults` names every option (required ones with `undefined`), which is how unknown keys are found.
 *
 * @example
 * ```ts
 * import { resolveOptions } from '@gatehouse/errors';
 *
 * interface CacheOptions { maxEntries: number; ttlSeconds: number }
 * const options = resolveOptions<CacheOptions>('createCache', { ttlSeconds: 30 }, {
 *   defaults: { maxEntries: 1000, ttlSeconds: 60 },
 * });
 * // { maxEntries: 1000, ttlSeconds: 30 }, frozen
 * ```
 */
export function resolveOptions<T extends object>(
  name: string,
  input: unknown,
  spec: {
    defaults: { readonly [K in keyof T]-?: T[K] | undefined };
    required?: readonly (keyof T & string)[];
  },
): Readonly<T> {
  if (
    input !== undefined &&
    (typeof input !== 'object' || input === null || Array.isArray(input))
  ) {
    throw new TypeError(`${name}: options must be an object`);
  }
  const merged: Record<string, unknown> = { ...spec.defaults };
  for (const [key, value] of Object.entries(input ?? {})) {
    if (!Object.hasOwn(spec.defaults, key)) {
      throw new TypeError(`${name}: unknown option "${key}"`);
    }
    if (value !== undefined) merged[key] = value;
  }
  for (const key of spec.required ?? []) {
    if (merged[key] === undefined) throw new TypeError(`${name}: option "${key}" is required`);
  }
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) delete merged[key];
  }
  return Object.freeze(merged) as Readonly<T>;
}
