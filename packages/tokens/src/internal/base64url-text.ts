const decoder = new TextDecoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });
/** A byte over 0x7f in the binary string `atob` returns (its characters are all U+0000-U+00FF). */
const NON_ASCII = /[\x80-\xff]/;

/**
 * The UTF-8 text in `text[start, end)`, which the caller has checked is canonical unpadded base64url:
 * nothing is validated here. Decoded with `atob` (native in every runtime; allocating typed arrays
 * costs more than the decoding on inputs this small). ASCII, the usual JSON of a token, is the text
 * as it comes; anything else goes through a `TextDecoder`: strict (throws on invalid UTF-8), or
 * replacing invalid sequences with U+FFFD.
 */
export function decodeBase64urlText(
  text: string,
  start: number,
  end: number,
  strict: boolean,
): string {
  const binary = atob(text.slice(start, end).replace(/-/g, '+').replace(/_/g, '/'));
  if (!NON_ASCII.test(binary)) return binary;
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return (strict ? strictDecoder : decoder).decode(bytes);
}
