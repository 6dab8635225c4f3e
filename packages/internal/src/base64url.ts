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
