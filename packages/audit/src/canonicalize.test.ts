import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, computeRecordHash, createAuditLogger, memorySink } from './index.js';

describe('canonicalize', () => {
  it('sorts keys by UTF-16 code units at every depth and drops undefined members', () => {
    expect(canonicalize({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, B: null })).toBe(
      '{"B":null,"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalize({ '10': 1, '9': 2, a: 3 })).toBe('{"10":1,"9":2,"a":3}');
    expect(canonicalize({ '\u{1f600}': 1, '\ufb33': 2 })).toBe('{"\u{1f600}":1,"\ufb33":2}');
    expect(canonicalize([undefined, 'x\n"'])).toBe('[null,"x\\n\\""]');
  });

  it('writes numbers as JSON does (RFC 8785 section 3.2.2.3 samples)', () => {
    expect(canonicalize([1e21, 1e-7, -0, 0.000001, 333333333.3333333, 9007199254740991])).toBe(
      '[1e+21,1e-7,0,0.000001,333333333.3333333,9007199254740991]',
    );
  });

  it('throws TypeError for what JSON cannot carry', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1n, () => 1, Symbol('x'), cycle]) {
      expect(() => canonicalize(bad)).toThrow(TypeError);
    }
  });

  it('property: parsing and re-canonicalizing gives the same bytes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalize(value);
        expect(canonicalize(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the logger hashes the canonical form', () => {
  it('property: for any details, the stored hash is the hash of the canonical record', async () => {
    const sink = memorySink();
    const logger = createAuditLogger({ sinks: [sink] });
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        async (details, reason) => {
          sink.clear();
          logger.record({
            type: 'consent.given',
            details,
            ...(reason === undefined ? {} : { reason }),
          });
          await logger.flush();
          const record = sink.records[0];
          const line = sink.lines[0] as string;
          expect(record).toBeDefined();
          if (record === undefined) return;
          expect(computeRecordHash(record)).toBe(record.hash);
          const parsed = JSON.parse(line);
          expect(computeRecordHash(parsed)).toBe(record.hash);
          const { hash: _hash, ...rest } = parsed;
          expect(line).toBe(`{"hash":"${record.hash}",${canonicalize(rest).slice(1)}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
