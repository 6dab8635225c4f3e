import { DiscoveryError } from '../errors.js';
import { checkUrl, type UrlPolicy } from './url-policy.js';

/** How a metadata field is typed: an https URL, a list of them, a string, a list, a boolean, a map. */
export type FieldKind =
  | 'url'
  | 'urls'
  | 'issuer'
  | 'issuers'
  | 'string'
  | 'strings'
  | 'boolean'
  | 'url-map';

const MAX_DEPTH = 32;

/**
 * Checks the type of every known field of an untrusted metadata document and returns a deep-frozen
 * copy, unknown fields kept. Language-tagged variants (`resource_name#ja`, RFC 9728 2.1, RFC 8414 2)
 * are checked like their base field.
 */
export function checkFields(
  json: unknown,
  kinds: Readonly<Record<string, FieldKind>>,
  policy: UrlPolicy,
): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DiscoveryError('ERR_DISCOVERY_METADATA_NOT_OBJECT', 'metadata must be a JSON object');
  }
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(json)) {
    if (value === undefined) continue;
    const hash = field.indexOf('#');
    const base = hash > 0 ? field.slice(0, hash) : field;
    const kind = Object.hasOwn(kinds, base) ? kinds[base] : undefined;
    if (kind !== undefined && (hash < 0 || kind === 'string' || kind === 'url')) {
      checkKind(value, kind, field, policy);
    }
    Object.defineProperty(out, field, {
      value: copyFrozen(value, field, 0),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return Object.freeze(out);
}

/**
 * The document without its lists of zero elements: RFC 8414 3.2 and RFC 9728 3.2 say such claims
 * MUST be omitted from the response. The document itself when it has none.
 */
export function omitEmptyLists(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const empty = (value: unknown) => Array.isArray(value) && value.length === 0;
  if (!Object.values(doc).some(empty)) return doc;
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(doc)) {
    if (!empty(value)) {
      Object.defineProperty(out, field, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return Object.freeze(out);
}

function checkKind(value: unknown, kind: FieldKind, field: string, policy: UrlPolicy): void {
  switch (kind) {
    case 'url':
      checkUrl(value, field, policy);
      return;
    case 'issuer':
      checkUrl(value, field, policy, true);
      return;
    case 'string':
      if (typeof value !== 'string') typeError(field, 'a string');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') typeError(field, 'a boolean');
      return;
    case 'strings':
    case 'urls':
    case 'issuers':
      if (!Array.isArray(value)) typeError(field, 'an array');
      for (const item of value) {
        if (kind !== 'strings') checkUrl(item, field, policy, kind === 'issuers');
        else if (typeof item !== 'string') typeError(field, 'an array of strings');
      }
      return;
    case 'url-map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        typeError(field, 'an object');
      }
      for (const [key, url] of Object.entries(value)) checkUrl(url, `${field}.${key}`, policy);
      return;
  }
}

function typeError(field: string, expected: string): never {
  throw new DiscoveryError('ERR_DISCOVERY_FIELD_TYPE', `${field} must be ${expected}`, { field });
}

/** A deep-frozen copy of a JSON value; `__proto__` keys stay plain data. */
function copyFrozen(value: unknown, field: string, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) {
    throw new DiscoveryError('ERR_DISCOVERY_FIELD_TYPE', `${field} is nested too deeply`, {
      field,
    });
  }
  if (Array.isArray(value)) {
    return Object.freeze(value.map((item) => copyFrozen(item, field, depth + 1)));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    Object.defineProperty(out, key, {
      value: copyFrozen(item, field, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return Object.freeze(out);
}

/** Throws `ERR_DISCOVERY_FIELD_MISSING` unless `doc[field]` is present. */
export function requireField(doc: Readonly<Record<string, unknown>>, field: string): void {
  if (doc[field] === undefined) {
    throw new DiscoveryError('ERR_DISCOVERY_FIELD_MISSING', `${field} is required`, { field });
  }
}
