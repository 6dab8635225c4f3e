import { sha256, sha256Block, toHex } from '@gatehouse/internal';

const encoder = new TextEncoder();

/**
 * A keyed fingerprint: the first 6 bytes (12 hex digits) of HMAC-SHA256(key, secret). Keyed, so a
 * fingerprint of a low-entropy secret (a password) cannot be reversed by hashing a dictionary
 * without the key; short, so it only serves to correlate events.
 */
export function createFingerprinter(key: Uint8Array): (secret: string) => string {
  const block = key.length > 64 ? sha256(key) : key;
  const padded = new Uint8Array(64);
  padded.set(block);
  const inner = new Uint8Array(64);
  const outer = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    inner[i] = (padded[i] as number) ^ 0x36;
    outer[i] = (padded[i] as number) ^ 0x5c;
  }
  const innerState = sha256Block(inner);
  const outerState = sha256Block(outer);
  return (secret) => {
    const innerHash = sha256(encoder.encode(secret), innerState, 64);
    return toHex(sha256(innerHash, outerState, 64), 6);
  };
}
