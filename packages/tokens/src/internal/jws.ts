import { TokenError } from '../errors.js';
import { decodeBase64urlText } from './base64url-text.js';

const TYP = /^(application\/)?at\+jwt$/i;

/**
 * Checks a JWS protected header before any key is looked up: `alg` (never `none`, never HMAC, only
 * the allow-list), no `crit`, `typ` is `at+jwt` (RFC 9068 section 4), `kid` a non-empty string if set.
 */
export function checkHeader(
  header: Record<string, unknown>,
  allowed: ReadonlySet<string>,
): { alg: string; kid: string | undefined } {
  const { alg, kid, typ, crit } = header;
  if (typeof alg !== 'string') {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the token header has no alg');
  }
  if (alg.toLowerCase() === 'none') {
    throw new TokenError('ERR_TOKEN_ALG_NONE', 'unsigned tokens (alg none) are refused');
  }
  if (/^HS\d+$/i.test(alg)) {
    throw new TokenError('ERR_TOKEN_ALG_HMAC', 'HMAC-signed tokens are refused');
  }
  if (!allowed.has(alg)) {
    throw new TokenError('ERR_TOKEN_ALG_NOT_ALLOWED', 'the token alg is not on the allow-list');
  }
  if (crit !== undefined) {
    throw new TokenError(
      'ERR_TOKEN_CRIT_UNSUPPORTED',
      'tokens with critical header parameters are refused',
    );
  }
  if (typeof typ !== 'string' || !TYP.test(typ)) {
    throw new TokenError('ERR_TOKEN_TYP_INVALID', 'the token typ must be at+jwt (RFC 9068)');
  }
  if (kid !== undefined && (typeof kid !== 'string' || kid === '')) {
    throw new TokenError('ERR_TOKEN_MALFORMED', 'the token header kid must be a non-empty string');
  }
  return { alg, kid: kid as string | undefined };
}

/**
 * The JSON object in the base64url segment `token[start, end)`, which {@link isCanonicalCompactJws}
 * has accepted. The header is decoded as strict UTF-8 (as jose decodes a protected header); the
 * payload as a `TextDecoder` does (invalid sequences become U+FFFD).
 */
export function decodeJson(
  token: string,
  start: number,
  end: number,
  part: 'header' | 'payload',
): Record<string, unknown> {
  let text: string;
  try {
    text = decodeBase64urlText(token, start, end, part === 'header');
  } catch (cause) {
    throw new TokenError('ERR_TOKEN_MALFORMED', `the token ${part} is not UTF-8`, { cause });
  }
  return parseObject(text, part);
}

/** The JSON object in `text`. */
export function parseObject(text: string, part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new TokenError('ERR_TOKEN_MALFORMED', `the token ${part} is not JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenError('ERR_TOKEN_MALFORMED', `the token ${part} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Three parts of base64url characters, the first two non-empty (`\w` is `[A-Za-z0-9_]`). */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;
/** Bits the last character of an unpadded segment leaves unused, by `length % 4` (-1: impossible). */
const UNUSED_BITS_MASK = [0, -1, 0x0f, 0x03] as const;

/** The 6-bit value of a base64url character (the caller has checked that it is one). */
function sextetValue(code: number): number {
  if (code >= 0x61) return code - 0x61 + 26; // a-z
  if (code >= 0x41) return code === 0x5f ? 63 : code - 0x41; // _ or A-Z
  return code === 0x2d ? 62 : code - 0x30 + 52; // - or 0-9
}

/** Whether `token[start, end)`, all base64url characters, has a length and last character that fit. */
function isCanonicalEnd(token: string, start: number, end: number): boolean {
  const mask = UNUSED_BITS_MASK[(end - start) % 4] as number;
  if (mask === -1) return false;
  return end === start || (sextetValue(token.charCodeAt(end - 1)) & mask) === 0;
}

/**
 * Whether `token` is three canonical unpadded base64url parts, the first two non-empty. Canonical
 * spelling gives every signed token exactly one string form: decoders ignore a last character's unused
 * bits, so a signature would otherwise verify under up to 16 different token strings. (The same
 * verdict as `isCanonicalBase64url` on each part, in one regular-expression pass: this runs on every
 * uncached token.)
 */
export function isCanonicalCompactJws(token: string): boolean {
  if (!COMPACT_JWS.test(token)) return false;
  const firstDot = token.indexOf('.');
  const lastDot = token.lastIndexOf('.');
  return (
    isCanonicalEnd(token, 0, firstDot) &&
    isCanonicalEnd(token, firstDot + 1, lastDot) &&
    isCanonicalEnd(token, lastDot + 1, token.length)
  );
}
