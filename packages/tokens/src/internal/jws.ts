import { isCanonicalBase64url } from '@gatehouse/internal';
import { base64url } from 'jose';
import { TokenError } from '../errors.js';

const TYP = /^(application\/)?at\+jwt$/i;
const decoder = new TextDecoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

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
 * The JSON object in a base64url segment. The header is decoded as strict UTF-8 (as jose decodes a
 * protected header); the payload as a `TextDecoder` does (invalid sequences become U+FFFD).
 */
export function decodeJson(segment: string, part: 'header' | 'payload'): Record<string, unknown> {
  let bytes: Uint8Array;
  try {
    bytes = base64url.decode(segment);
  } catch (cause) {
    throw new TokenError('ERR_TOKEN_MALFORMED', `the token ${part} is not base64url`, { cause });
  }
  let text: string;
  try {
    text = (part === 'header' ? strictDecoder : decoder).decode(bytes);
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

/**
 * Whether `token` is three canonical unpadded base64url parts, the first two non-empty. Canonical
 * spelling gives every signed token exactly one string form: decoders ignore a last character's unused
 * bits, so a signature would otherwise verify under up to 16 different token strings.
 */
export function isCanonicalCompactJws(token: string): boolean {
  const parts = token.split('.');
  return (
    parts.length === 3 &&
    parts[0] !== '' &&
    parts[1] !== '' &&
    parts.every((part) => isCanonicalBase64url(part))
  );
}
