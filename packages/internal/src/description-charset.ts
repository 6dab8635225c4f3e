/** The most characters an `error_description` keeps. */
export const MAX_DESCRIPTION_LENGTH = 512;

/**
 * `text` reduced to the RFC 6749 / RFC 6750 `error_description` characters (%x20-21 / %x23-5B /
 * %x5D-7E) and its first 512 UTF-16 units: `"` becomes `'`, `\` becomes `/`, and anything else
 * outside the set (a control character, a code point above U+007E) becomes one `?`.
 *
 * @example
 * ```ts
 * toDescriptionCharset('bad "value"\n'); // "bad 'value'?"
 * ```
 */
export function toDescriptionCharset(text: string): string {
  if (text.length <= MAX_DESCRIPTION_LENGTH && isClean(text)) return text;
  let out = '';
  for (const char of text.slice(0, MAX_DESCRIPTION_LENGTH)) {
    const code = char.charCodeAt(0);
    if (code === 0x22) out += "'";
    else if (code === 0x5c) out += '/';
    else out += code >= 0x20 && code <= 0x7e ? char : '?';
  }
  return out;
}

function isClean(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}
