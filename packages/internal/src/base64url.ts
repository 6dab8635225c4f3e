const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function sextet(n: number, shift: number): string {
  return ALPHABET.charAt((n >> shift) & 63);
}

/**
 * Unpadded base64url (RFC 4648 section 5) of `bytes`.
 *
 * @example
 * ```ts
 * base64url(new TextEncoder().encode('foob')); // 'Zm9vYg'
 * ```
 */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const remaining = bytes.length - i;
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += sextet(n, 18) + sextet(n, 12);
    if (remaining > 1) out += sextet(n, 6);
    if (remaining > 2) out += sextet(n, 0);
  }
  return out;
}

/** The 6-bit value of a base64url character code, or -1. */
function sextetValue(code: number): number {
  if (code >= 0x41 && code <= 0x5a) return code - 0x41; // A-Z
  if (code >= 0x61 && code <= 0x7a) return code - 0x61 + 26; // a-z
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 52; // 0-9
  if (code === 0x2d) return 62; // -
  return code === 0x5f ? 63 : -1; // _
}

/** Bits the last character of an unpadded segment leaves unused, by `length % 4`. */
const UNUSED_BITS_MASK = [0, -1, 0x0f, 0x03] as const;

/**
 * Whether `text` is unpadded base64url in its one canonical spelling: only alphabet characters, a length
 * that encodes whole bytes, and zero in the bits the last character leaves unused. Decoders ignore those
 * bits, so without this check one byte string has up to 16 spellings (a signature that verifies under
 * several token strings).
 *
 * @example
 * ```ts
 * isCanonicalBase64url('Zm9vYg'); // true
 * isCanonicalBase64url('Zm9vYh'); // false: decodes to the same bytes as 'Zm9vYg'
 * ```
 */
export function isCanonicalBase64url(text: string): boolean {
  const mask = UNUSED_BITS_MASK[text.length % 4] as number;
  if (mask === -1) return false;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    last = sextetValue(text.charCodeAt(i));
    if (last === -1) return false;
  }
  return (last & mask) === 0;
}
