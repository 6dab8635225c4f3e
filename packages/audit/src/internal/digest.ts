import { sha256Hex } from '@gatehouse/internal';

/** A synchronous SHA-256 of the UTF-8 of a string, as 64 lower-case hex digits. */
export type Sha256Hex = (data: string) => string;

/** The built-in pure implementation. */
export const pureSha256Hex: Sha256Hex = sha256Hex;

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

/** `digest`, after checking it against known answers; `TypeError` if it is not SHA-256 of UTF-8. */
export function checkedSha256(name: string, digest: Sha256Hex | undefined): Sha256Hex {
  if (digest === undefined) return pureSha256Hex;
  let valid = false;
  try {
    valid =
      typeof digest === 'function' &&
      digest('abc') === ABC &&
      digest('abc\u00e9\u{1f511}') === pureSha256Hex('abc\u00e9\u{1f511}');
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new TypeError(`${name}: "sha256" must return the hex SHA-256 of the UTF-8 of a string`);
  }
  return digest;
}
