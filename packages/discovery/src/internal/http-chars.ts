/** Character classes of the RFC 9110 and RFC 6749 grammars, as bit flags per code unit 0..255. */

export const TCHAR = 1;
export const TOKEN68 = 2;
export const QDTEXT = 4;
export const QUOTED_PAIR = 8;
export const WHITESPACE = 16;
export const SCOPE = 32;
export const UPPER = 64;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function build(): Uint8Array {
  const table = new Uint8Array(256);
  const add = (code: number, flag: number): void => {
    table[code] = (table[code] ?? 0) | flag;
  };
  const mark = (chars: string, flag: number): void => {
    for (const char of chars) add(char.charCodeAt(0), flag);
  };
  // RFC 9110 5.6.2 tchar; 11.2 token68 (before its "=" padding)
  mark(`${ALNUM}!#$%&'*+-.^_\`|~`, TCHAR);
  mark(`${ALNUM}-._~+/`, TOKEN68);
  for (let code = 0; code < 256; code++) {
    const vchar = code >= 0x21 && code <= 0x7e;
    const obsText = code >= 0x80;
    // RFC 9110 5.6.4 qdtext and quoted-pair
    if (code === 0x09 || code === 0x20 || obsText || (vchar && code !== 0x22 && code !== 0x5c)) {
      add(code, QDTEXT);
    }
    if (code === 0x09 || code === 0x20 || vchar || obsText) add(code, QUOTED_PAIR);
    // RFC 6749 NQCHAR: %x21 / %x23-5B / %x5D-7E
    if (vchar && code !== 0x22 && code !== 0x5c) add(code, SCOPE);
  }
  mark('ABCDEFGHIJKLMNOPQRSTUVWXYZ', UPPER);
  add(0x20, WHITESPACE);
  add(0x09, WHITESPACE);
  return table;
}

/** Flags by code unit; code units above 255 have none. */
export const CHAR_CLASS: Uint8Array = build();

/** Whether the code unit `code` has `flag`. NaN (past the end of a string) has none. */
export function is(code: number, flag: number): boolean {
  return code < 256 && ((CHAR_CLASS[code] as number) & flag) !== 0;
}

/** Whether `value` is an RFC 6749 scope-token (1*NQCHAR). */
export function isScopeToken(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (!is(value.charCodeAt(i), SCOPE)) return false;
  return true;
}
