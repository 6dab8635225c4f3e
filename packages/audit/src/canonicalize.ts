/**
 * The canonical serialization the audit chain hashes: JSON with no whitespace, object keys sorted by
 * UTF-16 code units at every depth, strings and numbers exactly as `JSON.stringify` writes them (so
 * the output is RFC 8785 JCS for the values audit records hold). Properties whose value is
 * `undefined` are left out, as `JSON.stringify` does.
 *
 * Throws `TypeError` for values JSON cannot represent faithfully: non-finite numbers, bigints,
 * functions, symbols and cycles.
 *
 * @example
 * ```ts
 * import { canonicalize } from '@gatehouse/audit';
 * canonicalize({ b: 1, a: [true, null, 'x'] }); // '{"a":[true,null,"x"],"b":1}'
 * ```
 */
export function canonicalize(value: unknown): string {
  return write(value, []);
}

function write(value: unknown, stack: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalize: non-finite number');
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (stack.includes(value)) throw new TypeError('canonicalize: cycle');
      return Array.isArray(value) ? writeArray(value, stack) : writeObject(value, stack);
    default:
      throw new TypeError(`canonicalize: cannot serialize a ${typeof value}`);
  }
}

function writeArray(value: readonly unknown[], stack: object[]): string {
  stack.push(value);
  let out = '[';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ',';
    const item = value[i];
    out += item === undefined ? 'null' : write(item, stack);
  }
  stack.pop();
  return `${out}]`;
}

function writeObject(value: object, stack: object[]): string {
  stack.push(value);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${write(item, stack)}`;
  }
  stack.pop();
  return `${out}}`;
}
