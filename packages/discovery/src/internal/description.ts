const MAX_DESCRIPTION_LENGTH = 512;

/**
 * `text` reduced to the RFC 6750 `error_description` characters (%x20-21 / %x23-5B / %x5D-7E) and
 * 512 characters: `"` becomes `'`, `\` becomes `/`, anything else outside the set `?`.
 */
export function toDescriptionCharset(text: string): string {
  if (text.length <= MAX_DESCRIPTION_LENGTH && isClean(text)) return text;
  let out = '';
  const limit = Math.min(text.length, MAX_DESCRIPTION_LENGTH);
  for (let i = 0; i < limit; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) out += "'";
    else if (code === 0x5c) out += '/';
    else out += code >= 0x20 && code <= 0x7e ? text[i] : '?';
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
