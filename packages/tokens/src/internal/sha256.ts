const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);

/** Byte `index` of the padded message: the text, 0x80, then zeros (the length goes in separately). */
function paddedByte(text: string, index: number, end: number): number {
  if (index < end) return text.charCodeAt(index);
  return index === end ? 0x80 : 0;
}

/**
 * SHA-256 (FIPS 180-4) of the ASCII characters `text[start..end)`, synchronously, as a 16-character
 * string (each character carries 16 bits of the digest). Returns `undefined` when a character is
 * above U+007F: tokens are ASCII, so such input is refused rather than hashed.
 *
 * WebCrypto's digest is asynchronous and costs a thread hop; the verified-token cache needs a
 * collision-resistant key on every request for far less than a signature check.
 */
export function sha256Key(text: string, start = 0, end: number = text.length): string | undefined {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x7f) return undefined;
  const length = end - start;
  const blocks = ((length + 8) >>> 6) + 1;
  const w = W;
  let h0 = 0x6a09e667;
  let h1 = 0xbb67ae85 | 0;
  let h2 = 0x3c6ef372;
  let h3 = 0xa54ff53a | 0;
  let h4 = 0x510e527f;
  let h5 = 0x9b05688c | 0;
  let h6 = 0x1f83d9ab;
  let h7 = 0x5be0cd19;
  for (let block = 0; block < blocks; block++) {
    const base = start + (block << 6);
    for (let i = 0; i < 16; i++) {
      const j = base + (i << 2);
      w[i] =
        j + 3 < end
          ? (text.charCodeAt(j) << 24) |
            (text.charCodeAt(j + 1) << 16) |
            (text.charCodeAt(j + 2) << 8) |
            text.charCodeAt(j + 3)
          : (paddedByte(text, j, end) << 24) |
            (paddedByte(text, j + 1, end) << 16) |
            (paddedByte(text, j + 2, end) << 8) |
            paddedByte(text, j + 3, end);
    }
    if (block === blocks - 1) {
      // the message length in bits, big-endian, in the last 64 bits
      w[14] = Math.floor(length / 0x20000000);
      w[15] = (length << 3) | 0;
    }
    for (let i = 16; i < 64; i++) {
      const w15 = w[i - 15] as number;
      const w2 = w[i - 2] as number;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K[i] as number) + (w[i] as number)) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  // biome-ignore format: one digest word per line pair
  return String.fromCharCode(
    h0 >>> 16, h0 & 0xffff, h1 >>> 16, h1 & 0xffff, h2 >>> 16, h2 & 0xffff, h3 >>> 16, h3 & 0xffff,
    h4 >>> 16, h4 & 0xffff, h5 >>> 16, h5 & 0xffff, h6 >>> 16, h6 & 0xffff, h7 >>> 16, h7 & 0xffff,
  );
}
