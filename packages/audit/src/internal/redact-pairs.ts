import { isCredentialHeader } from './secret-keys.js';

/**
 * Secrets in `name=value` (query and form parameters) and `name: value` pairs (JSON, JS, YAML,
 * headers, log lines) inside a string. A scan from each separator back to its name, with `indexOf`,
 * rather than one regex over the string: most strings hold a `:` or `=` (URLs, scopes, times) and no
 * secret, and this keeps them cheap. A name not followed by a secret does not consume its value, so
 * a pair nested in another's value (`next=/cb?code=…`) is still found.
 */

const MAX_NAME = 100;
// the inside of a double- or single-quoted value, or a bare one
const COLON_VALUE = /"((?:[^"\\]|\\.)+)"|'((?:[^'\\]|\\.)+)'|([^\s"',;}&]+)/y;
const EQUALS_VALUE = /()()([^&;#\s"']+)/y;
// a credential header's value written bare: all of it, to the end of the line
const LINE_VALUE = /()()([^\r\n]*[^\s])/y;

function isNameChar(code: number, brackets: boolean): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x2e || // .
    code === 0x2d || // -
    (brackets && (code === 0x5b || code === 0x5d)) // [ ] in form names such as a[b]
  );
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Replaces the value of every pair separated by `separator` whose name `isSecretName` accepts. */
export function redactPairs(
  input: string,
  separator: '=' | ':',
  isSecretName: (name: string) => boolean,
  mark: (secret: string) => string,
): string {
  const colon = separator === ':';
  const values = colon ? COLON_VALUE : EQUALS_VALUE;
  let out = '';
  let last = 0;
  for (let at = input.indexOf(separator); at !== -1; at = input.indexOf(separator, at + 1)) {
    if (at < last) continue;
    // back from the separator: spaces (after `name:` style only), a closing quote, the name
    let end = at;
    if (colon) while (end > last && isSpace(input.charCodeAt(end - 1))) end--;
    let quote = '';
    if (colon && end > last && (input[end - 1] === '"' || input[end - 1] === "'")) {
      quote = input[end - 1] as string;
      end--;
    }
    let start = end;
    while (start > last && isNameChar(input.charCodeAt(start - 1), !colon)) start--;
    if (start === end || end - start > MAX_NAME) continue;
    if (quote !== '' && input[start - 1] !== quote) continue;
    const name = input.slice(start, end);
    if (!isSecretName(name)) continue;
    // forward from the separator to the value
    let from = at + 1;
    if (colon) while (from < input.length && isSpace(input.charCodeAt(from))) from++;
    const next = input[from];
    const pattern =
      colon && next !== '"' && next !== "'" && isCredentialHeader(name) ? LINE_VALUE : values;
    pattern.lastIndex = from;
    const value = pattern.exec(input);
    if (value === null) continue;
    const bare = value[3];
    const secret = bare ?? value[1] ?? value[2] ?? '';
    const begin = from + (bare === undefined ? 1 : 0); // after an opening quote
    out += input.slice(last, begin) + mark(secret);
    last = begin + secret.length;
    at = last - 1;
  }
  return last === 0 ? input : out + input.slice(last);
}

// `name%3Dvalue` (and `%253D`, … for each further level of encoding): a query nested, encoded, in
// another's value (`redirect_uri=https%3A%2F%2Fapp%2Fcb%3Fcode%3D…`). The name may hold encoded
// `_ - . [ ]`; the value ends at an encoded or plain `&`, or where a plain value would.
const ENCODED_EQUALS = /%(?:25){0,4}3d/i;
const ENCODED_PAIR =
  /((?:[A-Za-z0-9_.~-]|%(?:25){0,4}(?:5[BbDdFf]|2[DdEe])){1,100})%(?:25){0,4}3[Dd]((?:(?!%(?:25){0,4}26)[^&;#\s"'])+)/g;
const ENCODED_CHAR = /%(?:25){0,4}([0-9A-Fa-f]{2})/g;

/** Replaces the value of every percent-encoded `name=value` pair whose name `isSecretName` accepts. */
export function redactEncodedPairs(
  input: string,
  isSecretName: (name: string) => boolean,
  mark: (secret: string) => string,
): string {
  if (!ENCODED_EQUALS.test(input)) return input;
  return input.replace(ENCODED_PAIR, (all, name: string, secret: string) => {
    const decoded = name.replace(ENCODED_CHAR, (_all, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (decoded.length > MAX_NAME || !isSecretName(decoded)) return all;
    return `${all.slice(0, all.length - secret.length)}${mark(secret)}`;
  });
}
