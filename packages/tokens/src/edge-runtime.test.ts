import { fileURLToPath } from 'node:url';
import { runInEdgeRuntime } from '@gatehouse/test-support';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('under the Edge runtime (a separate context with Web APIs only)', () => {
  it('has no Node globals to lean on, and still issues, verifies, caches and rejects', async () => {
    const result = await runInEdgeRuntime(
      entry,
      `
      const keys = lib.createKeySet({ active: await lib.generateSigningKey() });
      keys.rotate(await lib.generateSigningKey({ alg: 'EdDSA' }));
      const issuer = lib.createAccessTokenIssuer({ issuer: 'https://as.example', keys });
      const { token } = await issuer.issue({
        subject: 'u', clientId: 'c', audience: 'https://rs.example', scope: 'a b',
      });
      const verifier = lib.createAccessTokenVerifier({
        issuer: 'https://as.example', audience: 'https://rs.example',
        algorithms: ['ES256', 'EdDSA'], jwks: keys.publicJwks(),
      });
      const first = await verifier.verify(token);
      const second = await verifier.verify(token);
      const tampered = await verifier
        .verify(token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA'))
        .catch((error) => error.code);
      const introspection = lib.introspectionResponse(first);
      return {
        nodeGlobals: [typeof process, typeof Buffer, typeof require],
        scopes: first.scopes,
        sameObject: first === second,
        tampered,
        active: introspection.active,
      };
      `,
    );
    expect(result).toEqual({
      nodeGlobals: ['undefined', 'undefined', 'undefined'],
      scopes: ['a', 'b'],
      sameObject: true,
      tampered: 'ERR_TOKEN_SIGNATURE_INVALID',
      active: true,
    });
  });
});
