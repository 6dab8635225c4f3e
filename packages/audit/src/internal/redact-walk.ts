import { base64url } from '@gatehouse/internal';
import type { JsonValue } from '../event.js';
import { isIntegerLike, unordered } from './canonical-order.js';
import { isSecretHeaderValue } from './secret-keys.js';

const MAX_DEPTH = 8;
const MAX_ITEMS = 256;
const MAX_STRING = 4096;
const MAX_SCANNED = 65536;
// the whole value: characters of strings and names, and values, so that one record stays far below
// the 4 MiB line a file sink can read back when it reopens (JSON escapes at most 6 bytes a character)
const MAX_TOTAL_TEXT = 64 * 1024;
const MAX_TOTAL_VALUES = 4096;
const TRUNCATED = '[truncated]';

// Property names repeat from event to event, so what each one is gets remembered (bounded). SECRET:
// its value is replaced; RENAMED: the name itself holds a secret, is integer-like or is __proto__, so
// it is written with defineProperty and the object marked as not in canonical order.
const SECRET = 1;
const RENAMED = 2;

/** An ArrayBuffer or SharedArrayBuffer, from any realm. */
function isArrayBuffer(value: object): value is ArrayBufferLike {
  const tag = Object.prototype.toString.call(value);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

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
  let budget = { text: 0, values: 0 };
  const text = (value: string): string => {
    if (value.length > MAX_SCANNED) return `[omitted: ${value.length} characters]`;
    const redacted = redactString(value);
    const out =
      redacted.length > MAX_STRING ? `${redacted.slice(0, MAX_STRING)}[truncated]` : redacted;
    budget.text += out.length;
    return out;
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
    budget.values++;
    budget.text += 24; // a marker
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

  const binary = (value: ArrayBufferView | ArrayBufferLike): string => {
    const bytes = ArrayBuffer.isView(value)
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : new Uint8Array(value);
    if (bytes.length > MAX_SCANNED) return `[omitted: ${bytes.length} bytes]`;
    return mark(base64url(bytes));
  };

  const overBudget = (): boolean =>
    budget.values >= MAX_TOTAL_VALUES || budget.text > MAX_TOTAL_TEXT;

  const walk = (value: unknown, depth: number, seen: object[]): JsonValue | undefined => {
    if (++budget.values > MAX_TOTAL_VALUES || budget.text > MAX_TOTAL_TEXT) return TRUNCATED;
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
    // bytes (a Buffer, a typed array, an ArrayBuffer) would otherwise come out as one number per
    // index, readable and never scanned: a body or a key in binary is fingerprinted as a whole
    if (ArrayBuffer.isView(value) || isArrayBuffer(value)) return binary(value);
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      // keys inserted in sorted order, as everywhere here: the chain hashes JSON.stringify of it
      return typeof code === 'string'
        ? { code: text(code), name: text(value.name) }
        : { name: text(value.name) };
    }
    seen.push(value);
    let out: JsonValue;
    if (Array.isArray(value)) {
      out = [];
      const length = Math.min(value.length, MAX_ITEMS);
      let ordered = true;
      for (let i = 0; i < length; i++) {
        if (overBudget()) {
          out.push(TRUNCATED);
          break;
        }
        // [name, value, name, value, …] as in Node's rawHeaders: the value of a header named like a
        // secret, by the rule for property names
        const item =
          (i > 0 && isSecretHeaderValue(value[i - 1], value[i], isSecretName)
            ? secretValue(value[i])
            : walk(value[i], depth + 1, seen)) ?? null;
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
        budget.text += Math.min(name.length, MAX_STRING);
        if (overBudget()) {
          out[TRUNCATED] = true; // sorts among the keys by its "[", so: not in canonical order
          ordered = false;
          break;
        }
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

  return (value) => {
    budget = { text: 0, values: 0 };
    return walk(value, 0, []);
  };
}
