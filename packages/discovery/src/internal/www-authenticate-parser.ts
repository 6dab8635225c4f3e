import { DiscoveryError } from '../errors.js';
import type { AuthChallenge } from '../parse-www-authenticate.js';
import { CHAR_CLASS, QUOTED_PAIR, TCHAR, TOKEN68, UPPER, WHITESPACE } from './http-chars.js';

/** The class flags of the code unit at `index` of `text` (0 past the end and above 255). */
function classAt(text: string, index: number): number {
  if (index >= text.length) return 0;
  const code = text.charCodeAt(index);
  return code < 256 ? (CHAR_CLASS[code] as number) : 0;
}

/** RFC 9110 qdtext: HTAB, SP, VCHAR except DQUOTE and backslash, obs-text. */
function isQdtext(code: number): boolean {
  if (code >= 0x20) {
    return code <= 0x7e ? code !== 0x22 && code !== 0x5c : code >= 0x80 && code <= 0xff;
  }
  return code === 0x09;
}

/** Names seen in practice, as literals, so lookups need not intern a fresh string. */
const KNOWN_NAMES = [
  'bearer',
  'basic',
  'dpop',
  'realm',
  'scope',
  'error',
  'error_description',
  'error_uri',
  'resource_metadata',
  'algs',
  'charset',
] as const;

function known(name: string): string {
  for (const candidate of KNOWN_NAMES) if (candidate === name) return candidate;
  return name;
}

/** The RFC 9110 section 11.6.1 `WWW-Authenticate` grammar, one linear pass, no regular expressions. */
export class Parser {
  private readonly text: string;
  private i = 0;

  constructor(text: string) {
    this.text = text;
  }

  challenges(): AuthChallenge[] {
    const out: AuthChallenge[] = [];
    const { text } = this;
    while (true) {
      // empty list elements and the separators between challenges
      let i = this.i;
      while (text.charCodeAt(i) === 0x2c || classAt(text, i) & WHITESPACE) i++;
      this.i = i;
      if (i >= text.length) return out;
      out.push(this.challenge());
    }
  }

  private challenge(): AuthChallenge {
    const { text } = this;
    const scheme = this.name('an auth-scheme');
    const params: Record<string, string> = Object.create(null);
    const afterScheme = this.i;
    this.skipWhitespace();
    if (this.i >= text.length || text.charCodeAt(this.i) === 0x2c) return { scheme, params };
    if (this.i === afterScheme) this.fail('a space after the auth-scheme');
    const token68 = this.token68();
    if (token68 !== undefined) return { scheme, token68, params };
    while (true) {
      const name = this.name('an auth-param name');
      this.skipWhitespace();
      if (text.charCodeAt(this.i) !== 0x3d) this.fail('"=" after an auth-param name');
      this.i++;
      this.skipWhitespace();
      const value = text.charCodeAt(this.i) === 0x22 ? this.quotedString() : this.token('a value');
      if (Object.hasOwn(params, name)) {
        throw new DiscoveryError(
          'ERR_DISCOVERY_WWW_AUTHENTICATE_DUPLICATE_PARAM',
          `auth-param "${name.slice(0, 40)}" appears twice in one challenge`,
          { field: name.slice(0, 40) },
        );
      }
      params[name] = value;
      this.skipWhitespace();
      if (this.i >= text.length) return { scheme, params };
      if (text.charCodeAt(this.i) !== 0x2c) this.fail('"," between auth-params');
      let i = this.i;
      while (text.charCodeAt(i) === 0x2c || classAt(text, i) & WHITESPACE) i++;
      this.i = i;
      if (i >= text.length || !this.nextIsParam()) return { scheme, params };
    }
  }

  /** A token68 standing alone (followed by the end or a comma); else nothing is consumed. */
  private token68(): string | undefined {
    const { text } = this;
    const start = this.i;
    let end = start;
    while (classAt(text, end) & TOKEN68) end++;
    if (end === start) return undefined;
    while (text.charCodeAt(end) === 0x3d) end++;
    let after = end;
    while (classAt(text, after) & WHITESPACE) after++;
    if (after < text.length && text.charCodeAt(after) !== 0x2c) return undefined;
    this.i = after;
    return text.slice(start, end);
  }

  /** Whether `name =` follows (another auth-param) rather than the scheme of a new challenge. */
  private nextIsParam(): boolean {
    const { text } = this;
    let j = this.i;
    while (classAt(text, j) & TCHAR) j++;
    if (j === this.i) this.fail('an auth-param or auth-scheme');
    while (classAt(text, j) & WHITESPACE) j++;
    return text.charCodeAt(j) === 0x3d;
  }

  /** A token, lowercased (scheme and parameter names are case-insensitive). */
  private name(what: string): string {
    const { text } = this;
    const start = this.i;
    let i = start;
    let flags = 0;
    for (let c = classAt(text, i); c & TCHAR; c = classAt(text, ++i)) flags |= c;
    this.i = i;
    if (i === start) this.fail(what);
    const value = text.slice(start, i);
    return known(flags & UPPER ? value.toLowerCase() : value);
  }

  private token(what: string): string {
    const { text } = this;
    const start = this.i;
    let i = start;
    while (classAt(text, i) & TCHAR) i++;
    this.i = i;
    if (i === start) this.fail(what);
    return text.slice(start, i);
  }

  /** RFC 9110 5.6.4 quoted-string; qdtext and quoted-pair allow HTAB, SP, VCHAR and obs-text. */
  private quotedString(): string {
    const { text } = this;
    let i = this.i + 1;
    let value = '';
    let start = i;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        this.i = i + 1;
        return value + text.slice(start, i);
      }
      if (code === 0x5c) {
        if (!(classAt(text, i + 1) & QUOTED_PAIR)) {
          this.i = i;
          this.fail('an escaped character after "\\"');
        }
        value += text.slice(start, i) + text[i + 1];
        i += 2;
        start = i;
      } else if (isQdtext(code)) {
        i++;
      } else {
        this.i = i;
        this.fail('a character allowed in a quoted-string');
      }
    }
    this.i = i;
    return this.fail('the closing quote of a quoted-string');
  }

  private skipWhitespace(): void {
    const { text } = this;
    let i = this.i;
    while (classAt(text, i) & WHITESPACE) i++;
    this.i = i;
  }

  private fail(expected: string): never {
    throw new DiscoveryError(
      'ERR_DISCOVERY_WWW_AUTHENTICATE_SYNTAX',
      `malformed WWW-Authenticate header: expected ${expected} at offset ${this.i}`,
    );
  }
}
