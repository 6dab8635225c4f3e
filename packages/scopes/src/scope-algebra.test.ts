import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileScopes, narrowScopes, scopeCovers, scopeSatisfies } from './index.js';
import { thrownCode } from './test-helpers.js';

// A finite universe: patterns over segments {a, b, *} (first segment literal), concrete scopes over
// {a, b, z}. `z` never appears in a pattern, standing in for every value a pattern does not name, and
// concrete scopes are one segment longer than the longest pattern, so finite answers are exact.
const MAX_PATTERN = 4;
const MAX_CONCRETE = MAX_PATTERN + 1;
const LITERALS = ['a', 'b'];
const CONCRETE_SEGMENTS = ['a', 'b', 'z'];

const pattern = fc
  .tuple(
    fc.constantFrom(...LITERALS),
    fc.array(fc.constantFrom(...LITERALS, '*'), { maxLength: MAX_PATTERN - 1 }),
  )
  .map(([first, rest]) => [first, ...rest].join(':'));

function allConcrete(): string[] {
  let level = CONCRETE_SEGMENTS.map((segment) => [segment]);
  const all: string[][] = [...level];
  for (let length = 2; length <= MAX_CONCRETE; length++) {
    level = level.flatMap((prefix) => CONCRETE_SEGMENTS.map((segment) => [...prefix, segment]));
    all.push(...level);
  }
  return all.map((segments) => segments.join(':'));
}
const UNIVERSE = allConcrete();

/** Builds the set of universe scopes `p` matches from the stated rules, independently of the library. */
function expand(p: string): Set<string> {
  const segments = p.split(':');
  const trailing = segments.length > 1 && segments[segments.length - 1] === '*';
  const fixed = trailing ? segments.slice(0, -1) : segments;
  let prefixes: string[][] = [[]];
  for (const segment of fixed) {
    const choices = segment === '*' ? CONCRETE_SEGMENTS : [segment];
    prefixes = prefixes.flatMap((prefix) => choices.map((choice) => [...prefix, choice]));
  }
  const out = new Set<string>();
  for (const prefix of prefixes) {
    if (!trailing) {
      out.add(prefix.join(':'));
      continue;
    }
    let tails: string[][] = [[]];
    for (let extra = 1; prefix.length + extra <= MAX_CONCRETE; extra++) {
      tails = tails.flatMap((tail) => CONCRETE_SEGMENTS.map((segment) => [...tail, segment]));
      for (const tail of tails) out.add([...prefix, ...tail].join(':'));
    }
  }
  return out;
}

const RUNS = { numRuns: 300 };

describe('wildcard semantics (the README truth table)', () => {
  const table: [string, string, boolean][] = [
    ['mcp:tools:weather', 'mcp:tools:weather', true],
    ['mcp:tools:weather', 'mcp:tools:search', false],
    ['mcp:tools', 'mcp:tools:weather', false],
    ['mcp:tools:*', 'mcp:tools:weather', true],
    ['mcp:tools:*', 'mcp:tools:weather:admin', true],
    ['mcp:tools:*', 'mcp:tools', false],
    ['mcp:tools:*', 'mcp:prompts:weather', false],
    ['mcp:tools:*', 'mcp:toolsx:weather', false],
    ['mcp:*', 'mcp:tools:weather', true],
    ['mcp:*', 'mcp', false],
    ['mcp:*', 'mcpx:tools', false],
    ['mcp:*:read', 'mcp:customer-data:read', true],
    ['mcp:*:read', 'mcp:customer-data:write', false],
    ['mcp:*:read', 'mcp:customer-data:orders:read', false],
    ['mcp:*:read', 'mcp:read', false],
    ['mcp:resources:*:read', 'mcp:resources:customer-data:read', true],
    ['openid', 'openid', true],
    ['openid', 'openid:x', false],
  ];
  it.each(table)('%s satisfies %s: %s', (granted, required, expected) => {
    expect(scopeSatisfies([granted], required)).toBe(expected);
    expect(scopeCovers(granted, required)).toBe(expected);
  });
});

describe('scopeCovers', () => {
  it('compares patterns by what they match', () => {
    expect(scopeCovers('mcp:tools:*', 'mcp:tools:*')).toBe(true);
    expect(scopeCovers('mcp:*', 'mcp:tools:*')).toBe(true);
    expect(scopeCovers('mcp:tools:*', 'mcp:*')).toBe(false);
    expect(scopeCovers('mcp:*:*', 'mcp:tools:*')).toBe(true);
    expect(scopeCovers('mcp:*:read', 'mcp:*')).toBe(false);
    expect(scopeCovers('mcp:tools:weather', 'mcp:tools:*')).toBe(false);
    expect(scopeCovers('mcp:*:read', 'mcp:tools:*')).toBe(false);
    expect(scopeCovers('mcp:*:*', 'mcp:*:read')).toBe(true);
    expect(scopeCovers('mcp:*:read', 'mcp:*:*')).toBe(false);
  });

  it('refuses malformed patterns with their code', () => {
    expect(thrownCode(() => scopeCovers('*', 'mcp:x'))).toBe('ERR_SCOPE_WILDCARD_PREFIX');
    expect(thrownCode(() => scopeCovers('mcp:x', 'mcp:x*'))).toBe('ERR_SCOPE_WILDCARD_PARTIAL');
    expect(thrownCode(() => scopeCovers('mcp:x', 7 as unknown as string))).toBe('ERR_SCOPE_TYPE');
  });

  it('property: reflexive', () => {
    fc.assert(
      fc.property(pattern, (p) => {
        expect(scopeCovers(p, p)).toBe(true);
      }),
      RUNS,
    );
  });

  it('property: transitive', () => {
    fc.assert(
      fc.property(pattern, pattern, pattern, (a, b, c) => {
        if (scopeCovers(a, b) && scopeCovers(b, c)) expect(scopeCovers(a, c)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: agrees with containment of the expansions', () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        const covered = [...expand(b)].every((scope) => expand(a).has(scope));
        expect(scopeCovers(a, b)).toBe(covered);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('scopeSatisfies', () => {
  it('property: agrees with brute-force expansion over a finite universe', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 6 }),
        fc.constantFrom(...UNIVERSE),
        (granted, required) => {
          const expected = granted.some((g) => expand(g).has(required));
          expect(scopeSatisfies(granted, required)).toBe(expected);
          expect(compileScopes(granted).satisfies(required)).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('property: a required pattern is satisfied exactly when one granted pattern covers it', () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 6 }), pattern, (granted, required) => {
        const expected = granted.some((g) => scopeCovers(g, required));
        expect(scopeSatisfies(granted, required)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('refuses a malformed required scope or granted entry', () => {
    expect(thrownCode(() => scopeSatisfies(['mcp:tools:*'], 'mcp:tools:we*'))).toBe(
      'ERR_SCOPE_WILDCARD_PARTIAL',
    );
    expect(thrownCode(() => scopeSatisfies(['mcp:tools:*', 'mcp:t*'], 'mcp:tools:x'))).toBe(
      'ERR_SCOPE_WILDCARD_PARTIAL',
    );
    expect(() => scopeSatisfies('mcp:tools:*' as unknown as string[], 'mcp:tools:x')).toThrow(
      TypeError,
    );
  });

  it('sees a mutation of a cached granted array', () => {
    const granted = ['mcp:tools:*'];
    expect(scopeSatisfies(granted, 'mcp:tools:weather')).toBe(true);
    granted[0] = 'mcp:prompts:*';
    expect(scopeSatisfies(granted, 'mcp:tools:weather')).toBe(false);
    granted.push('mcp:tools:weather');
    expect(scopeSatisfies(granted, 'mcp:tools:weather')).toBe(true);
  });

  it('ignores malformed token scopes when compiled with invalid: ignore', () => {
    const set = compileScopes(['mcp:t*', '*', 'mcp:tools:weather'], { invalid: 'ignore' });
    expect(set.scopes).toEqual(['mcp:tools:weather']);
    expect(set.satisfies('mcp:tools:weather')).toBe(true);
    expect(() => compileScopes(['a'], { invalid: 'skip' as 'ignore' })).toThrow(TypeError);
  });
});

describe('narrowScopes', () => {
  it('keeps what a single allowed pattern covers and drops the rest, in order', () => {
    expect(
      narrowScopes(
        ['mcp:tools:weather', 'mcp:tools:*', 'mcp:admin', 'mcp:prompts:x:y', 'mcp:tools:weather'],
        ['mcp:tools:weather', 'mcp:prompts:*'],
      ),
    ).toEqual({
      kept: ['mcp:tools:weather', 'mcp:prompts:x:y'],
      dropped: ['mcp:tools:*', 'mcp:admin'],
    });
    expect(narrowScopes([], ['a'])).toEqual({ kept: [], dropped: [] });
  });

  it('refuses a malformed requested scope (an escalation attempt by glob)', () => {
    expect(thrownCode(() => narrowScopes(['mcp:tools:weath*'], ['mcp:tools:weather']))).toBe(
      'ERR_SCOPE_WILDCARD_PARTIAL',
    );
    expect(thrownCode(() => narrowScopes(['*'], ['mcp:*']))).toBe('ERR_SCOPE_WILDCARD_PREFIX');
  });

  it('property: never keeps anything allowed does not cover, and partitions the request', () => {
    fc.assert(
      fc.property(
        fc.array(pattern, { maxLength: 8 }),
        fc.array(pattern, { maxLength: 6 }),
        (requested, allowed) => {
          const { kept, dropped } = narrowScopes(requested, allowed);
          for (const scope of kept) {
            expect(allowed.some((a) => scopeCovers(a, scope))).toBe(true);
            for (const concrete of expand(scope)) {
              expect(allowed.some((a) => expand(a).has(concrete))).toBe(true);
            }
          }
          for (const scope of dropped) {
            expect(allowed.some((a) => scopeCovers(a, scope))).toBe(false);
          }
          expect([...kept, ...dropped].sort()).toEqual([...new Set(requested)].sort());
          expect(narrowScopes(kept, allowed).dropped).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});
