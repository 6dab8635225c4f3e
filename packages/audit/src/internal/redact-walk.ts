import type { JsonValue } from '../event.js';
import { isIntegerLike, unordered } from './canonical-order.js';

const MAX_DEPTH = 8;
const MAX_ITEMS = 256;
const MAX_STRING = 4096;
const MAX_SCANNED = 65536;

// Property names repeat from event to event, so what each one is gets remembered (bounded). SECRET:
// its value is replaced; RENAMED: the name itself holds a secret, is integer-like or is __proto__, so
// it is written with defineProperty and the object marked as not in canonical order.
const SECRET = 1;
const RENAMED = 2;

/** Sorts property names by UTF-16 code units, in place; insertion sort (objects here are small). */
function sortKeys(keys: string[]): void {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
}

/**
 * The walk behind `Redactor.redact`: a bounded JSON copy of any value, with the values of
 * secret-named properties replaced by their marker and every string (names included) passed through
 * `redactString`. Object keys are inserted in sorted order; objects where that does not give the
 * canonical order are added to `unordered`.
 */
export function createWalker(
  mark: (secret: string) => string,
  isSecretName: (name: string) => boolean,
  redactString: (value: string) => string,
): (value: unknown) => JsonValue | undefined {
  const text = (value: string): string => {
    if (value.length > MAX_SCANNED) return `[omitted: ${value.length} characters]`;
    const redacted = redactString(value);
    return redacted.length > MAX_STRING ? `${redacted.slice(0, MAX_STRING)}[truncated]` : redacted;
  };

  const kinds = new Map<string, number>();
  const kindOf = (name: string): number => {
    let kind = kinds.get(name);
    if (kind === undefined) {
      kind =
        (isSecretName(name) ? SECRET : 0) |
        (text(name) !== name || isIntegerLike(name) || name === '__proto__' ? RENAMED : 0);
      if (kinds.size < 4096) kinds.set(name, kind);
    }
    return kind;
  };
  const secretValue = (value: unknown): JsonValue | undefined => {
    if (value === undefined) return undefined;
    if (value === null) return null;
    if (typeof value === 'string') return mark(value);
    let serialized: string;
    try {
      serialized = JSON.stringify(value) ?? typeof value;
    } catch {
      serialized = Object.prototype.toString.call(value);
    }
    return mark(serialized);
  };

  const walk = (value: unknown, depth: number, seen: object[]): JsonValue | undefined => {
    switch (typeof value) {
      case 'string':
        return text(value);
      case 'number':
        return Number.isFinite(value) ? value : null;
      case 'boolean':
        return value;
      case 'bigint':
        return value.toString();
      case 'object':
        break;
      default:
        return undefined;
    }
    if (value === null) return null;
    if (seen.includes(value)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return typeof code === 'string'
        ? { name: text(value.name), code: text(code) }
        : { name: text(value.name) };
    }
    seen.push(value);
    let out: JsonValue;
    if (Array.isArray(value)) {
      out = [];
      const length = Math.min(value.length, MAX_ITEMS);
      let ordered = true;
      for (let i = 0; i < length; i++) {
        const item = walk(value[i], depth + 1, seen) ?? null;
        if (typeof item === 'object' && item !== null && unordered.has(item)) ordered = false;
        out.push(item);
      }
      if (!ordered) unordered.add(out);
    } else {
      out = {};
      const source = value as Record<string, unknown>;
      const keys = Object.keys(source);
      if (keys.length > MAX_ITEMS) keys.length = MAX_ITEMS;
      sortKeys(keys);
      let ordered = true;
      for (const name of keys) {
        const kind = kindOf(name);
        const item =
          kind & SECRET ? secretValue(source[name]) : walk(source[name], depth + 1, seen);
        if (item === undefined) continue;
        if (typeof item === 'object' && item !== null && unordered.has(item)) ordered = false;
        if ((kind & RENAMED) === 0) {
          out[name] = item;
          continue;
        }
        ordered = false;
        Object.defineProperty(out, text(name), {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      if (!ordered) unordered.add(out);
    }
    seen.pop();
    return out;
  };

  return (value) => walk(value, 0, []);
}
