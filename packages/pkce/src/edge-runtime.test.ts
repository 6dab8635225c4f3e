import { fileURLToPath } from 'node:url';
import { runInEdgeRuntime } from '@gatehouse/test-support';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('under the Edge runtime (a separate context with Web APIs only)', () => {
  it('has no Node globals to lean on, and still computes and verifies', async () => {
    const result = await runInEdgeRuntime(
      entry,
      `
      const challenge = await lib.computeCodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
      const pair = await lib.createPkcePair(128);
      await lib.verifyCodeVerifier(pair);
      const mismatch = await lib
        .verifyCodeVerifier({ ...pair, verifier: lib.generateCodeVerifier() })
        .catch((error) => error.code);
      return { nodeGlobals: [typeof process, typeof Buffer, typeof require], challenge, mismatch };
      `,
    );
    expect(result).toEqual({
      nodeGlobals: ['undefined', 'undefined', 'undefined'],
      challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      mismatch: 'ERR_PKCE_VERIFIER_MISMATCH',
    });
  });
});
