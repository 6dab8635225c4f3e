import { createPkcePair, verifyCodeVerifier } from '@gatehouse/pkce';
import { nodeS256 } from '@gatehouse/pkce/node';
import type { Comparison } from '../harness/compare.js';

const encoder = new TextEncoder();

function bareBase64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * PKCE verification against the least a verifier must do (one WebCrypto SHA-256 and one comparison),
 * and the `node:crypto` transform (`nodeS256`, what the authorization server uses) against the default.
 */
export async function comparisons(): Promise<Comparison[]> {
  const pair = await createPkcePair();
  return [
    {
      name: 'pkce: verifyCodeVerifier vs bare WebCrypto SHA-256 + compare',
      baseline: {
        label: 'bare digest + compare',
        run: async () => {
          const digest = await crypto.subtle.digest('SHA-256', encoder.encode(pair.verifier));
          if (bareBase64url(new Uint8Array(digest)) !== pair.challenge) throw new Error('mismatch');
        },
      },
      subject: { label: 'verifyCodeVerifier', run: () => verifyCodeVerifier(pair) },
      minRatio: 0.8,
    },
    {
      name: 'pkce: verifyCodeVerifier with nodeS256 vs the default (WebCrypto)',
      baseline: { label: 'verifyCodeVerifier (WebCrypto)', run: () => verifyCodeVerifier(pair) },
      subject: {
        label: 'verifyCodeVerifier + nodeS256',
        run: () => verifyCodeVerifier({ ...pair, s256: nodeS256 }),
      },
    },
  ];
}
