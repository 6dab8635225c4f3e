import { redactEncodedPairs, redactPairs } from './redact-pairs.js';
import { redactUserinfo } from './redact-userinfo.js';

/** Replaces every secret inside a string with `mark(secret)`. */
export type StringRedactor = (value: string) => string;

const SCHEME_HINT = /bearer|basic|dpop/i;
const SCHEME = /\b(bearer|basic|dpop)(\s+)([A-Za-z0-9._~+/-]{6,}=*)/gi;
const JWT_HINT = /e[wy][A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\./;
const JWT_AT =
  /e[wy][A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/y;
const QUICK = /[="@:%]|bearer|basic|dpop|e[wy][A-Za-z0-9_-]{10}/i;
const MAX_CLEAN = 4096;
const MAX_REMEMBERED = 512;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Whether a base64url segment decodes to the start of a JSON object with a member: `{`, optional
 * whitespace, `"`. Every JOSE header starts so; words that merely contain `ey` or `ew` do not.
 */
function looksLikeJoseHeader(text: string, start: number): boolean {
  const bytes: number[] = [];
  for (let i = 0; i < 8; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | B64URL.indexOf(text.charAt(start + i + j));
    bytes.push((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  }
  if (bytes[0] !== 0x7b) return false;
  for (let i = 1; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x22) return true;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

function redactJwts(value: string, mark: (secret: string) => string): string {
  if (!JWT_HINT.test(value)) return value;
  let out = '';
  let last = 0;
  for (let i = value.indexOf('e'); i !== -1; i = value.indexOf('e', i + 1)) {
    if (i < last) continue;
    JWT_AT.lastIndex = i;
    const match = JWT_AT.exec(value);
    if (match !== null && looksLikeJoseHeader(value, i)) {
      out += value.slice(last, i) + mark(match[0]);
      last = i + match[0].length;
      i = last - 1;
    }
  }
  return out + value.slice(last);
}

/**
 * The built-in string rules, then the caller's patterns: the credential after `Bearer`, `Basic` and
 * `DPoP`; a URL's userinfo (`https://user:password@host`, to its last `@`); query and form
 * parameters named like secrets (`?code=…`, `client_secret=…`); `name: value` pairs named like
 * secrets (`"password": "…"`, `client_secret: …`); anything shaped like a JWS or JWE.
 */
export function createStringRedactor(
  mark: (secret: string) => string,
  isSecretName: (name: string) => boolean,
  patterns: readonly RegExp[],
): StringRedactor {
  const scan = (input: string): string => {
    let value = SCHEME_HINT.test(input)
      ? input.replace(SCHEME, (_all, scheme: string, space: string, secret: string) => {
          return `${scheme}${space}${mark(secret)}`;
        })
      : input;
    if (value.includes('@') || value.includes('%')) value = redactUserinfo(value, mark);
    if (value.includes('=')) value = redactPairs(value, '=', isSecretName, mark);
    if (value.includes('%')) value = redactEncodedPairs(value, isSecretName, mark);
    if (value.includes(':')) value = redactPairs(value, ':', isSecretName, mark);
    value = redactJwts(value, mark);
    for (const pattern of patterns) value = value.replace(pattern, (secret) => mark(secret));
    return value;
  };
  // The same strings come back event after event (client ids, scopes, user agents, paths). Those
  // found to hold no secret are remembered, so they are scanned once; only clean strings are kept,
  // never a secret. Bounded: the set starts over when full.
  const clean = new Set<string>();
  return (input) => {
    if (patterns.length === 0 && !QUICK.test(input)) return input;
    if (clean.has(input)) return input;
    const value = scan(input);
    if (value === input && input.length <= MAX_REMEMBERED) {
      if (clean.size >= MAX_CLEAN) clean.clear();
      clean.add(input);
    }
    return value;
  };
}
