import { compress } from './sha256-compress.js';

/**
 * SHA-256 (FIPS 180-4) in plain JavaScript, synchronous.
 *
 * WebCrypto's digest is asynchronous: one promise and one round trip per call. The audit chain hashes
 * every record in sequence (each hash feeds the next), so a synchronous digest keeps the drain loop
 * tight without any runtime-specific API. Checked against the FIPS test vectors and node:crypto.
 */

const INITIAL = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const encoder = new TextEncoder();
// Every message is hashed in this buffer, grown when needed, with a view over all of it.
let scratch = new Uint8Array(4096);
let scratchView = new DataView(scratch.buffer);
const hexState = new Int32Array(8);

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

/** The state after compressing exactly one 64-byte block (an HMAC pad). */
export function sha256Block(block: Uint8Array): Int32Array {
  const state = new Int32Array(INITIAL);
  compress(state, new DataView(block.buffer, block.byteOffset, 64), 64);
  return state;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex SHA-256 of the UTF-8 of `message`, without an intermediate byte array. */
export function sha256Hex(message: string): string {
  const state = hexState;
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

/** Lower-case hexadecimal of `bytes`, or of its first `count` bytes. */
export function toHex(bytes: Uint8Array, count: number = bytes.length): string {
  let out = '';
  for (let i = 0; i < count; i++) out += HEX[bytes[i] as number];
  return out;
}
