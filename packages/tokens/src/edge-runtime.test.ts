import { fileURLToPath } from 'node:url';
import { runInEdgeRuntime } from '@gatehouse/test-support';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
const nodeEntry = fileURLToPath(new URL('./node/index.ts', import.meta.url));

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

  it('takes a signature backend there too, and the Node backend stays out of the core', async () => {
    const result = await runInEdgeRuntime(
      entry,
      `
      const keys = lib.createKeySet({ active: await lib.generateSigningKey() });
      const issuer = lib.createAccessTokenIssuer({ issuer: 'https://as.example', keys });
      const { token } = await issuer.issue({ subject: 'u', clientId: 'c', audience: 'https://rs.example' });
      const bytes = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      let imports = 0;
      const backend = {
        importKey: (jwk) => {
          imports++;
          return crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
            { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
        },
        verify: (key, alg, input, signature) => crypto.subtle.verify(
          { name: 'ECDSA', hash: 'SHA-256' }, key, bytes(signature), new TextEncoder().encode(input)),
      };
      const verifier = lib.createAccessTokenVerifier({
        issuer: 'https://as.example', audience: 'https://rs.example',
        algorithms: ['ES256'], jwks: keys, cache: false, backend,
      });
      const first = await verifier.verify(token);
      await verifier.verify(token);
      const tampered = await verifier
        .verify(token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA'))
        .catch((error) => error.code);
      return { subject: first.subject, imports, tampered };
      `,
    );
    expect(result).toEqual({ subject: 'u', imports: 1, tampered: 'ERR_TOKEN_SIGNATURE_INVALID' });
    // the same bundling refuses the ./node entry: it imports node:crypto
    await expect(runInEdgeRuntime(nodeEntry, 'return 1;')).rejects.toThrow(/node:crypto/);
  });
});
