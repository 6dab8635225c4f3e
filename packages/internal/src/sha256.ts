import { compress } from './sha256-compress.js';

/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, synchronous, over the unrolled compression function.
 *
 * WebCrypto's digest is asynchronous: one promise and one round trip per call. The audit chain hashes
 * every record in sequence (each hash feeds the next) and the token verifier keys its cache on every
 * request, so both need a digest far cheaper than that, without any runtime-specific API. Checked
 * against the FIPS test vectors and, by property tests, against WebCrypto.
 */

const INITIAL = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const encoder = new TextEncoder();
// Every message is hashed in this buffer, grown when needed, with a view over all of it.
let scratch = new Uint8Array(4096);
let scratchView = new DataView(scratch.buffer);
const sharedState = new Int32Array(8);

/** Makes room for `size` bytes in the scratch buffer. */
function reserve(size: number): void {
  if (scratch.length >= size) return;
  scratch = new Uint8Array(Math.max(size, scratch.length * 2));
  scratchView = new DataView(scratch.buffer);
}

/** Pads the message in `scratch[0..length)` in place and returns the padded length. */
function pad(length: number, prefixBytes: number): number {
  const padded = Math.ceil((length + 9) / 64) * 64;
  scratch.fill(0, length, padded);
  scratch[length] = 0x80;
  const bits = (length + prefixBytes) * 8;
  scratchView.setUint32(padded - 8, Math.floor(bits / 0x100000000));
  scratchView.setUint32(padded - 4, bits >>> 0);
  return padded;
}

/** Copies `message` (UTF-8 for strings) into the scratch buffer; returns its length in bytes. */
function load(message: string | Uint8Array): number {
  if (typeof message === 'string') {
    reserve(message.length * 3 + 72);
    return encoder.encodeInto(message, scratch).written;
  }
  reserve(message.length + 72);
  scratch.set(message);
  return message.length;
}

/**
 * SHA-256 of `message` (UTF-8 for strings), continuing from `initial` (a state after `prefixBytes`
 * bytes; used for HMAC), or from the standard initial state.
 *
 * @example
 * ```ts
 * toHex(sha256('abc')); // 'ba7816bf…'
 * ```
 */
export function sha256(
  message: string | Uint8Array,
  initial: Int32Array = INITIAL,
  prefixBytes = 0,
): Uint8Array {
  const state = new Int32Array(initial);
  const padded = pad(load(message), prefixBytes); // may replace the scratch buffer and its view
  compress(state, scratchView, padded);
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) view.setInt32(i * 4, state[i] as number);
  return out;
}

/**
 * The state after compressing exactly one 64-byte block (an HMAC pad), to pass to `sha256`.
 *
 * @example
 * ```ts
 * const inner = sha256Block(innerPad); // innerPad: 64 bytes
 * const innerHash = sha256(message, inner, 64);
 * ```
 */
export function sha256Block(block: Uint8Array): Int32Array {
  const state = new Int32Array(INITIAL);
  compress(state, new DataView(block.buffer, block.byteOffset, 64), 64);
  return state;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Lower-case hex SHA-256 of the UTF-8 of `message`, without an intermediate byte array.
 *
 * @example
 * ```ts
 * sha256Hex('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function sha256Hex(message: string): string {
  const state = sharedState;
  state.set(INITIAL);
  const padded = pad(load(message), 0); // may replace the scratch buffer and its view
  compress(state, scratchView, padded);
  let out = '';
  for (let i = 0; i < 8; i++) {
    const word = state[i] as number;
    out +=
      (HEX[word >>> 24] as string) +
      HEX[(word >>> 16) & 0xff] +
      HEX[(word >>> 8) & 0xff] +
      HEX[word & 0xff];
  }
  return out;
}

/**
 * SHA-256 of the ASCII characters `text[start..end)` as a 16-character string (each character
 * carries 16 bits of the digest): a compact map key. Returns `undefined` when a character is above
 * U+007F, so such input is refused rather than hashed (callers key only ASCII, such as tokens).
 *
 * @example
 * ```ts
 * const key = sha256Key(token, token.lastIndexOf('.') + 1); // the signature part
 * ```
 */
export function sha256Key(text: string, start = 0, end: number = text.length): string | undefined {
  const length = end - start;
  reserve(length + 72);
  const bytes = scratch;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(start + i);
    if (code > 0x7f) return undefined;
    bytes[i] = code;
  }
  const state = sharedState;
  state.set(INITIAL);
  compress(state, scratchView, pad(length, 0));
  const h0 = state[0] as number;
  const h1 = state[1] as number;
  const h2 = state[2] as number;
  const h3 = state[3] as number;
  const h4 = state[4] as number;
  const h5 = state[5] as number;
  const h6 = state[6] as number;
  const h7 = state[7] as number;
  // biome-ignore format: one digest word per line pair
  return String.fromCharCode(
    h0 >>> 16, h0 & 0xffff, h1 >>> 16, h1 & 0xffff, h2 >>> 16, h2 & 0xffff, h3 >>> 16, h3 & 0xffff,
    h4 >>> 16, h4 & 0xffff, h5 >>> 16, h5 & 0xffff, h6 >>> 16, h6 & 0xffff, h7 >>> 16, h7 & 0xffff,
  );
}

/**
 * Lower-case hexadecimal of `bytes`, or of its first `count` bytes.
 *
 * @example
 * ```ts
 * toHex(new Uint8Array([0, 255])); // '00ff'
 * ```
 */
export function toHex(bytes: Uint8Array, count: number = bytes.length): string {
  let out = '';
  for (let i = 0; i < count; i++) out += HEX[bytes[i] as number];
  return out;
}
