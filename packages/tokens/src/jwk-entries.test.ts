import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSigningKey, TokenError } from './index.js';
import { parseJwks, selectEntry } from './internal/jwk-entries.js';

describe('parseJwks and selectEntry', () => {
  it('keeps only asymmetric signature keys, reduced to their public members', async () => {
    const es = await generateSigningKey();
    const entries = parseJwks({
      keys: [
        { ...es.publicJwk, d: 'private-part' },
        { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' },
        { ...es.publicJwk, kid: 'enc', use: 'enc' },
        'not a key',
        null,
      ],
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.jwk).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: es.publicJwk.x,
      y: es.publicJwk.y,
    });
  });

  it('selects by kid and refuses a key whose type or alg does not fit', async () => {
    const es = await generateSigningKey();
    const rsa = await generateSigningKey({ alg: 'RS256' });
    const { alg: _alg, ...rsaWithoutAlg } = rsa.publicJwk;
    const entries = parseJwks({ keys: [es.publicJwk, rsaWithoutAlg] });
    expect(selectEntry(entries, 'ES256', es.kid).kid).toBe(es.kid);
    expect(selectEntry(entries, 'PS256', rsa.kid).kid).toBe(rsa.kid);
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return TokenError.isInstance(error) ? error.code : error;
      }
    };
    expect(code(() => selectEntry(entries, 'ES384', es.kid))).toBe('ERR_TOKEN_KEY_ALG_MISMATCH');
    expect(code(() => selectEntry(entries, 'EdDSA', rsa.kid))).toBe('ERR_TOKEN_KEY_ALG_MISMATCH');
    expect(code(() => selectEntry(entries, 'ES256', 'nope'))).toBe('ERR_TOKEN_KID_UNKNOWN');
  });

  it('never throws anything but a coded error on random JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({
            keys: fc.array(
              fc.dictionary(
                fc.constantFrom('kty', 'crv', 'alg', 'use', 'kid', 'x', 'n'),
                fc.jsonValue(),
              ),
            ),
          }),
        ),
        fc.constantFrom('ES256', 'EdDSA', 'RS256'),
        fc.option(fc.string(), { nil: undefined }),
        (value, alg, kid) => {
          try {
            for (const entry of parseJwks(value)) {
              expect(['EC', 'OKP', 'RSA']).toContain(entry.jwk.kty);
            }
            selectEntry(parseJwks(value), alg, kid);
          } catch (error) {
            expect(TokenError.isInstance(error)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
