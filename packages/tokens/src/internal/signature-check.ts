import { compactVerify } from 'jose';
import { TokenError } from '../errors.js';
import type { SignatureBackend } from '../signature-backend.js';
import type { SigningAlgorithm } from '../signing-key.js';
import type { ResolvedKey } from './key-resolver.js';

/**
 * Checks the signature of a compact JWS whose form, header and key the verifier has checked: returns
 * (or resolves) when it is valid, throws `ERR_TOKEN_SIGNATURE_INVALID` when it is not.
 */
export type SignatureCheck = (
  resolved: ResolvedKey,
  alg: string,
  token: string,
  lastDot: number,
) => void | Promise<void>;

/** Whether `value` is a promise, from this realm or any other (a backend may live in another). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function invalidSignature(): TokenError {
  return new TokenError('ERR_TOKEN_SIGNATURE_INVALID', 'the token signature is invalid');
}

/** The default: jose's `compactVerify` over WebCrypto (any runtime). */
async function joseCheck(resolved: ResolvedKey, alg: string, token: string): Promise<void> {
  const key = await resolved.cryptoKey();
  try {
    await compactVerify(token, key, { algorithms: [alg] });
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw invalidSignature();
    if (code === 'ERR_JWS_INVALID') {
      throw new TokenError('ERR_TOKEN_MALFORMED', 'the token is not a valid JWS', { cause });
    }
    throw cause; // not the token's fault: a verifier failure (500), never a 401
  }
}

function keyUnusable(cause: unknown): TokenError {
  return new TokenError('ERR_TOKEN_JWKS_INVALID', 'a trusted key could not be imported', { cause });
}

/** A check through a caller's backend, with its keys imported once per key and algorithm. */
function backendCheck(backend: SignatureBackend): SignatureCheck {
  // keyed on the JWK object, which lives as long as the key is held (key set or fetched JWK Set)
  const imported = new WeakMap<object, Map<string, unknown>>();

  function importKey(jwk: object, alg: SigningAlgorithm): unknown {
    let byAlg = imported.get(jwk);
    if (byAlg === undefined) {
      byAlg = new Map();
      imported.set(jwk, byAlg);
    }
    if (byAlg.has(alg)) return byAlg.get(alg);
    let key: unknown;
    try {
      key = backend.importKey(jwk, alg);
    } catch (cause) {
      throw keyUnusable(cause);
    }
    if (isThenable(key)) {
      // cached as the promise (a failure stays one, as with the default's imports)
      const pending = Promise.resolve(key).catch((cause: unknown) => {
        throw keyUnusable(cause);
      });
      byAlg.set(alg, pending);
      void pending.then(
        (ready) => byAlg.set(alg, ready),
        () => undefined,
      );
      return pending;
    }
    byAlg.set(alg, key);
    return key;
  }

  function verified(valid: unknown): void {
    if (valid !== true) throw invalidSignature();
  }

  return (resolved, alg, token, lastDot) => {
    const algorithm = alg as SigningAlgorithm;
    const signingInput = token.slice(0, lastDot);
    const signature = token.slice(lastDot + 1);
    const key = importKey(resolved.jwk, algorithm);
    if (isThenable(key)) {
      return Promise.resolve(key).then(async (ready) =>
        verified(await backend.verify(ready, algorithm, signingInput, signature)),
      );
    }
    const valid = backend.verify(key, algorithm, signingInput, signature);
    return isThenable(valid) ? Promise.resolve(valid).then(verified) : verified(valid);
  };
}

/** The signature check of a verifier: its `backend`, or jose (WebCrypto). */
export function signatureCheck(name: string, backend: unknown): SignatureCheck {
  if (backend === undefined) return joseCheck;
  const candidate = backend as Partial<SignatureBackend> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.importKey !== 'function' ||
    typeof candidate.verify !== 'function'
  ) {
    throw new TypeError(`${name}: backend must be an object with importKey and verify functions`);
  }
  return backendCheck(candidate as SignatureBackend);
}
