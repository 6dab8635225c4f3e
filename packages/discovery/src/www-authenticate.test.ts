import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BearerChallengeParams,
  DiscoveryError,
  type DiscoveryErrorCode,
  formatBearerChallenge,
  parseBearerChallenge,
  parseWwwAuthenticate,
} from './index.js';

function thrownCode(run: () => unknown): DiscoveryErrorCode | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (DiscoveryError.isInstance(error)) return error.code;
    throw error;
  }
}

const PRM = 'https://mcp.example.com/.well-known/oauth-protected-resource';

describe('formatBearerChallenge: the MCP specification and RFC 6750 examples', () => {
  it('401 without a token: resource_metadata and scope, no error (R4)', () => {
    expect(formatBearerChallenge({ resourceMetadata: PRM, scope: 'files:read' })).toBe(
      `Bearer resource_metadata="${PRM}", scope="files:read"`,
    );
  });

  it('403 insufficient_scope with every needed scope in one challenge (R6)', () => {
    expect(
      formatBearerChallenge({
        error: 'insufficient_scope',
        scope: ['files:read', 'files:write', 'user:profile'],
        resourceMetadata: PRM,
        errorDescription: 'Additional file write permission required',
      }),
    ).toBe(
      'Bearer error="insufficient_scope", scope="files:read files:write user:profile", ' +
        `resource_metadata="${PRM}", error_description="Additional file write permission required"`,
    );
  });

  it('401 invalid_token with a realm (RFC 6750 section 3)', () => {
    expect(
      formatBearerChallenge({
        realm: 'example',
        error: 'invalid_token',
        errorDescription: 'The access token expired',
      }),
    ).toBe(
      'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    );
  });

  it('a bare challenge is just the scheme', () => {
    expect(formatBearerChallenge({})).toBe('Bearer');
    expect(formatBearerChallenge({ scope: [] })).toBe('Bearer');
    expect(formatBearerChallenge({ scope: '', errorDescription: '' })).toBe('Bearer');
  });
});

describe('formatBearerChallenge: escaping and refusals', () => {
  it('escapes quotes and backslashes in quoted strings', () => {
    expect(formatBearerChallenge({ realm: 'say "hi" \\o/' })).toBe(
      'Bearer realm="say \\"hi\\" \\\\o/"',
    );
  });

  it('drops duplicate scopes and keeps their order', () => {
    expect(formatBearerChallenge({ scope: ['b', 'a', 'b'] })).toBe('Bearer scope="b a"');
    expect(formatBearerChallenge({ scope: 'b a b' })).toBe('Bearer scope="b a"');
  });

  it('never challenges for offline_access (R3)', () => {
    expect(formatBearerChallenge({ scope: ['a', 'offline_access', 'b'] })).toBe(
      'Bearer scope="a b"',
    );
    expect(formatBearerChallenge({ error: 'insufficient_scope', scope: 'offline_access' })).toBe(
      'Bearer error="insufficient_scope"',
    );
    const many = Array.from({ length: 20 }, (_, index) => `s${index % 18}`);
    expect(formatBearerChallenge({ scope: [...many, 'offline_access'] })).toBe(
      `Bearer scope="${Array.from({ length: 18 }, (_, index) => `s${index}`).join(' ')}"`,
    );
  });

  it('refuses scope characters outside RFC 6749 NQCHAR and malformed separators (R9)', () => {
    for (const scope of [
      'a"b',
      'a\\b',
      'a\tb',
      'a  b',
      ' a',
      'a ',
      'a\r\nSet-Cookie: x=1',
      'é',
      ['a b'],
      [''],
      ['ok', 'x"y'],
    ]) {
      expect(thrownCode(() => formatBearerChallenge({ scope }))).toBe(
        'ERR_DISCOVERY_CHALLENGE_SCOPE_INVALID',
      );
    }
  });

  it('refuses header splitting through realm and resource_metadata', () => {
    for (const value of ['x\r\nSet-Cookie: a=b', 'x\n', 'x\0', 'ünicode', 'x\u2028']) {
      expect(thrownCode(() => formatBearerChallenge({ realm: value }))).toBe(
        'ERR_DISCOVERY_CHALLENGE_PARAM_INVALID',
      );
      expect(thrownCode(() => formatBearerChallenge({ resourceMetadata: value }))).toBe(
        'ERR_DISCOVERY_CHALLENGE_PARAM_INVALID',
      );
    }
  });

  it('reduces error_description to the RFC 6750 character set and 512 characters', () => {
    expect(
      formatBearerChallenge({ error: 'invalid_request', errorDescription: 'bad "x"\\\r\nü' }),
    ).toBe('Bearer error="invalid_request", error_description="bad \'x\'/???"');
    const long = formatBearerChallenge({ errorDescription: 'a'.repeat(2000) });
    expect(long).toBe(`Bearer error_description="${'a'.repeat(512)}"`);
  });

  it('throws TypeError for caller mistakes', () => {
    const bad: unknown[] = [
      null,
      'Bearer',
      { error: 'not_an_oauth_error' },
      { scope: 42 },
      { realm: 42 },
      { errorDescription: 42 },
    ];
    for (const params of bad) {
      expect(() => formatBearerChallenge(params as BearerChallengeParams)).toThrow(TypeError);
    }
  });
});

describe('parseWwwAuthenticate: RFC 9110 grammar', () => {
  it('parses the RFC 9110 section 11.6.1 example with two challenges and an escaped quote', () => {
    expect(
      parseWwwAuthenticate(
        'Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"',
      ),
    ).toEqual([
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
    ]);
  });

  it('reads a lone token, even one ending in "=", as token68', () => {
    expect(parseWwwAuthenticate('Bearer realm')).toEqual([
      { scheme: 'bearer', token68: 'realm', params: {} },
    ]);
    expect(parseWwwAuthenticate('Basic abc=, x')).toEqual([
      { scheme: 'basic', token68: 'abc=', params: {} },
      { scheme: 'x', params: {} },
    ]);
  });

  it('parses token68 challenges, padded and not, between others', () => {
    expect(
      parseWwwAuthenticate('Negotiate a87421000492aa874209af8bc028==, Bearer, NTLM abc+/~._-'),
    ).toEqual([
      { scheme: 'negotiate', token68: 'a87421000492aa874209af8bc028==', params: {} },
      { scheme: 'bearer', params: {} },
      { scheme: 'ntlm', token68: 'abc+/~._-', params: {} },
    ]);
  });

  it('is case-insensitive for scheme and parameter names, not for values', () => {
    expect(parseWwwAuthenticate('BEARER Realm="MiXeD", SCOPE=Files.Read')).toEqual([
      { scheme: 'bearer', params: { realm: 'MiXeD', scope: 'Files.Read' } },
    ]);
  });

  it('accepts optional whitespace, bad whitespace around "=" and empty list elements', () => {
    expect(
      parseWwwAuthenticate(' , ,Bearer  realm = "x" ,, ,error=invalid_token ,  Basic ,'),
    ).toEqual([
      { scheme: 'bearer', params: { realm: 'x', error: 'invalid_token' } },
      { scheme: 'basic', params: {} },
    ]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('  ,  ')).toEqual([]);
  });

  it('joins several header lines', () => {
    expect(parseWwwAuthenticate(['Basic realm="a"', 'Bearer error="invalid_token"'])).toEqual([
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'bearer', params: { error: 'invalid_token' } },
    ]);
  });

  it('keeps __proto__ and constructor as plain parameters', () => {
    const [challenge] = parseWwwAuthenticate('Bearer __proto__="x", constructor=y');
    expect(Object.entries(challenge?.params ?? {})).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(Object.getPrototypeOf(challenge?.params)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses a parameter that appears twice in one challenge, in any case (R9)', () => {
    for (const header of [
      'Bearer scope="a", scope="b"',
      'Bearer realm="a", REALM="a"',
      'Bearer error=invalid_token, error_description="x", error="insufficient_scope"',
    ]) {
      expect(thrownCode(() => parseWwwAuthenticate(header))).toBe(
        'ERR_DISCOVERY_WWW_AUTHENTICATE_DUPLICATE_PARAM',
      );
    }
    expect(parseWwwAuthenticate('Bearer realm="a", Basic realm="a"')).toHaveLength(2);
  });

  it('refuses malformed headers with a coded error', () => {
    for (const header of [
      'Bearer realm="unterminated',
      'Bearer realm="bad escape \\',
      'Bearer =x',
      'Bearer realm="x" y="z"',
      'Bearer realm="x";',
      'Bearer"x"',
      '"Bearer"',
      '=',
      'Bearer realm="line\nbreak"',
      'Bearer realm="nul\0"',
      'Bearer realm="wide \u20ac"',
      'Bearer realm=é',
      'Bearer a=b, ="c"',
      'Bearer scope=files:read',
    ]) {
      expect(
        thrownCode(() => parseWwwAuthenticate(header)),
        header,
      ).toBe('ERR_DISCOVERY_WWW_AUTHENTICATE_SYNTAX');
    }
  });

  it('accepts obs-text (latin-1) in quoted strings, as RFC 9110 does', () => {
    expect(parseWwwAuthenticate('Bearer realm="caf\u00e9"')[0]?.params.realm).toBe('café');
  });

  it('throws TypeError for a header that is not text', () => {
    for (const header of [undefined, 42, [1], {}]) {
      expect(() => parseWwwAuthenticate(header as string)).toThrow(TypeError);
    }
  });
});

describe('parseBearerChallenge', () => {
  it('names the RFC 6750 and RFC 9728 parameters of the first Bearer challenge', () => {
    const header = `Basic realm="x", Bearer error="insufficient_scope", scope="a  b", resource_metadata="${PRM}", error_description="more", realm="r", Bearer error=other`;
    expect(parseBearerChallenge(header)).toEqual({
      realm: 'r',
      error: 'insufficient_scope',
      errorDescription: 'more',
      scope: ['a', 'b'],
      resourceMetadata: PRM,
      params: {
        error: 'insufficient_scope',
        scope: 'a  b',
        resource_metadata: PRM,
        error_description: 'more',
        realm: 'r',
      },
    });
  });

  it('returns undefined when there is no Bearer challenge', () => {
    expect(parseBearerChallenge('Basic realm="x", DPoP algs="ES256"')).toBeUndefined();
    expect(parseBearerChallenge('')).toBeUndefined();
  });
});

const scopeToken = fc.stringMatching(/^[\x21\x23-\x5b\x5d-\x7e]{1,12}$/);
const visible = fc.stringMatching(/^[\t\x20-\x7e]{0,40}$/);

describe('properties', () => {
  it('format -> parse round-trips every parameter', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            realm: visible,
            resourceMetadata: visible,
            scope: fc.uniqueArray(scopeToken, { minLength: 1, maxLength: 6 }),
            error: fc.constantFrom('invalid_request', 'invalid_token', 'insufficient_scope'),
            errorDescription: fc.stringMatching(/^[\x20\x21\x23-\x5b\x5d-\x7e]{1,60}$/),
          } as const,
          { requiredKeys: [] },
        ),
        (params) => {
          const header = formatBearerChallenge(params);
          expect(header).not.toMatch(/[\r\n]/);
          const parsed = parseBearerChallenge(`Basic realm="other", ${header}, DPoP algs="ES256"`);
          expect(parsed?.realm).toBe(params.realm);
          expect(parsed?.resourceMetadata).toBe(params.resourceMetadata);
          expect(parsed?.scope).toEqual(params.scope);
          expect(parsed?.error).toBe(params.error);
          expect(parsed?.errorDescription).toBe(params.errorDescription);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random input either parses or throws a coded error, never anything else', () => {
    const alphabet = fc.constantFrom(...'Bb a=",\\ \t\r\n\0é€;:/+='.split(''), 'Bearer ', 'realm=');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join('')),
        ),
        (header) => {
          try {
            const challenges = parseWwwAuthenticate(header);
            for (const challenge of challenges) expect(typeof challenge.scheme).toBe('string');
          } catch (error) {
            expect(DiscoveryError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads 1 MB headers of every shape in one linear pass (no backtracking)', () => {
    const size = 1 << 20;
    const params = Array.from({ length: size / 16 }, (_, i) => `p${i}="v\\"${i}"`).join(', ');
    expect(Object.keys(parseWwwAuthenticate(`Bearer ${params}`)[0]?.params ?? {})).toHaveLength(
      size / 16,
    );
    expect(parseWwwAuthenticate('Basic, '.repeat(size / 7))).toHaveLength(Math.floor(size / 7));
    expect(parseWwwAuthenticate(`Negotiate ${'a'.repeat(size)}${'='.repeat(size)}`)).toHaveLength(
      1,
    );
    expect(parseWwwAuthenticate(','.repeat(size))).toEqual([]);
    for (const hostile of [
      `${'a'.repeat(size)}"`,
      `Bearer realm="${'\\"'.repeat(size / 2)}`,
      `Bearer ${'a'.repeat(size)} b`,
      `Bearer ${'a= b, '.repeat(size / 6)}`,
      `Bearer a="x"${' '.repeat(size)}y`,
      `Bearer ${'='.repeat(size)}`,
    ]) {
      expect(thrownCode(() => parseWwwAuthenticate(hostile))).toMatch(/^ERR_DISCOVERY_WWW_/);
    }
  });
});
