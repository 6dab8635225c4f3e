import { createHash } from 'node:crypto';
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
 * PKCE verification against the least a verifier must do: one SHA-256 and one comparison, with
 * WebCrypto (the default) and with `node:crypto` (`nodeS256`, what the authorization server uses).
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
      name: 'pkce: verifyCodeVerifier with nodeS256 vs bare node:crypto SHA-256 + compare',
      baseline: {
        label: 'bare createHash + compare',
        run: async () => {
          const digest = createHash('sha256').update(pair.verifier).digest('base64url');
          if (digest !== pair.challenge) throw new Error('mismatch');
        },
      },
      subject: {
        label: 'verifyCodeVerifier + nodeS256',
        run: () => verifyCodeVerifier({ ...pair, s256: nodeS256 }),
      },
      minRatio: 0.8,
    },
  ];
}
