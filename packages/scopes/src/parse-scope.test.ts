import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScope, isScope, parseScope, ScopeError, type ScopeErrorCode } from './index.js';
import { caught, thrownCode } from './test-helpers.js';

const scopeChar = fc.constantFrom(
  ..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!#$%&'()+,/;<=>?@[]^`{|}".split(
    '',
  ),
);
const segment = fc.string({ unit: scopeChar, minLength: 1, maxLength: 8 });
const scopeToken = fc
  .tuple(segment, fc.array(fc.oneof(segment, fc.constant('*')), { maxLength: 4 }))
  .map(([first, rest]) => [first, ...rest].join(':'));

describe('parseScope', () => {
  it('splits on single spaces, drops duplicates and keeps order', () => {
    expect(parseScope('mcp:tools:* openid mcp:tools:* offline_access')).toEqual([
      'mcp:tools:*',
      'openid',
      'offline_access',
    ]);
    expect(parseScope('')).toEqual([]);
    expect(parseScope('https://api.example.com/read')).toEqual(['https://api.example.com/read']);
  });

  it('refuses malformed input with a precise code, all as invalid_scope', () => {
    const cases: [unknown, ScopeErrorCode][] = [
      [undefined, 'ERR_SCOPE_TYPE'],
      [42, 'ERR_SCOPE_TYPE'],
      [['mcp:tools:x'], 'ERR_SCOPE_TYPE'],
      [' openid', 'ERR_SCOPE_EMPTY_TOKEN'],
      ['openid ', 'ERR_SCOPE_EMPTY_TOKEN'],
      ['openid  profile', 'ERR_SCOPE_EMPTY_TOKEN'],
      ['openid\tprofile', 'ERR_SCOPE_CHARSET'],
      ['a"b', 'ERR_SCOPE_CHARSET'],
      ['a\\b', 'ERR_SCOPE_CHARSET'],
      ['caf\u00e9', 'ERR_SCOPE_CHARSET'],
      ['mcp:\u0000', 'ERR_SCOPE_CHARSET'],
      ['mcp::tools', 'ERR_SCOPE_EMPTY_SEGMENT'],
      ['mcp:tools:', 'ERR_SCOPE_EMPTY_SEGMENT'],
      [':mcp', 'ERR_SCOPE_EMPTY_SEGMENT'],
      ['mcp:tools:we*', 'ERR_SCOPE_WILDCARD_PARTIAL'],
      ['mcp:**', 'ERR_SCOPE_WILDCARD_PARTIAL'],
      ['mcp*', 'ERR_SCOPE_WILDCARD_PARTIAL'],
      ['*', 'ERR_SCOPE_WILDCARD_PREFIX'],
      ['*:tools', 'ERR_SCOPE_WILDCARD_PREFIX'],
      [`mcp:${'x'.repeat(600)}`, 'ERR_SCOPE_TOO_LONG'],
      ['a '.repeat(5000).trim(), 'ERR_SCOPE_TOO_LONG'],
      ['a '.repeat(300).trim(), 'ERR_SCOPE_TOO_MANY'],
    ];
    for (const [input, code] of cases) {
      expect(thrownCode(() => parseScope(input))).toBe(code);
    }
    expect(caught(() => parseScope('mcp:*x'))).toMatchObject({
      oauthError: 'invalid_scope',
      status: 400,
      expose: true,
    });
  });

  it('honours custom limits and refuses bad limits as TypeError', () => {
    expect(thrownCode(() => parseScope('a b c', { maxScopes: 2 }))).toBe('ERR_SCOPE_TOO_MANY');
    expect(thrownCode(() => parseScope('abcdef', { maxLength: 5 }))).toBe('ERR_SCOPE_TOO_LONG');
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => parseScope('a', { maxScopes: bad })).toThrow(TypeError);
    }
  });

  it('property: parse(format(list)) is the deduplicated list', () => {
    fc.assert(
      fc.property(fc.array(scopeToken, { maxLength: 12 }), (list) => {
        expect(parseScope(formatScope(list))).toEqual([...new Set(list)]);
        for (const token of list) expect(isScope(token)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('property: arbitrary strings either parse to valid tokens or throw a ScopeError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (input) => {
        let parsed: string[];
        try {
          parsed = parseScope(input);
        } catch (error) {
          expect(ScopeError.isInstance(error)).toBe(true);
          return;
        }
        expect(formatScope(parsed).split(' ').filter(Boolean)).toEqual(parsed);
        for (const token of parsed) {
          expect(isScope(token)).toBe(true);
          expect(token).toMatch(/^[\x21\x23-\x5b\x5d-\x7e]+$/);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatScope', () => {
  it('joins with single spaces and refuses a malformed entry', () => {
    expect(formatScope(['a', 'b:c', 'a'])).toBe('a b:c');
    expect(formatScope([])).toBe('');
    expect(thrownCode(() => formatScope(['a b']))).toBe('ERR_SCOPE_CHARSET');
    expect(thrownCode(() => formatScope(['']))).toBe('ERR_SCOPE_EMPTY_TOKEN');
    expect(() => formatScope('a b' as unknown as string[])).toThrow(TypeError);
  });
});

describe('isScope', () => {
  it('never throws', () => {
    for (const value of [null, 1, {}, '', '*', 'a:*', 'a b']) {
      expect(() => isScope(value)).not.toThrow();
    }
    expect(isScope('a:*')).toBe(true);
    expect(isScope('a b')).toBe(false);
  });
});
