/**
 * Objects (built by the redactor) whose key insertion order is not the canonical order, so that
 * `JSON.stringify` of them would not be canonical: integer-like keys (engines enumerate those first,
 * in numeric order) and keys renamed by redaction. Everything else the redactor builds has its keys
 * inserted in sorted order, so the chain can use the engine's `JSON.stringify` for those: the same
 * bytes as `canonicalize`, several times faster.
 */
export const unordered: WeakSet<object> = new WeakSet();

const INTEGER_LIKE = /^\d+$/;

/** Whether `key` is enumerated out of insertion order by JavaScript engines. */
export function isIntegerLike(key: string): boolean {
  return INTEGER_LIKE.test(key);
}
