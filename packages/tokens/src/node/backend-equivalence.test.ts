import { constants, KeyObject, sign as nodeSign } from 'node:crypto';
import fc from 'fast-check';
import { base64url } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type SigningKey,
  TokenError,
} from '../index.js';
import { claims, ISSUER, nowSeconds, RESOURCE } from '../testing/fixtures.js';
import { nodeCryptoBackend } from './index.js';

// The Node backend must accept exactly what the default backend accepts and refuse the rest with the
// same code: every token below goes to four verifiers (two backends, each over a key set and over
// the same keys as a JWK Set) and must get one verdict.

let keys: SigningKey[];
let verifiers: AccessTokenVerifier[];
/** A valid token per key, the starting point of the tampering. */
let valid: string[];

/** Signs any bytes as `key` would (whatever the header says), with node:crypto. */
function signBytes(key: SigningKey, input: string): string {
  const privateKey = KeyObject.from(key.privateKey);
  const digest = key.alg === 'EdDSA' ? null : `sha${key.alg.slice(2)}`;
  const options = key.alg.startsWith('ES')
    ? { key: privateKey, dsaEncoding: 'ieee-p1363' as const }
    : key.alg.startsWith('PS')
      ? { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : privateKey;
  return nodeSign(digest, Buffer.from(input), options).toString('base64url');
}

function signed(key: SigningKey, header: unknown, payload: Uint8Array | unknown): string {
  const bytes =
    payload instanceof Uint8Array ? payload : new TextEncoder().encode(JSON.stringify(payload));
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(bytes)}`;
  return `${input}.${signBytes(key, input)}`;
}

async function verdict(verifier: AccessTokenVerifier, token: string): Promise<unknown> {
  return verifier.verify(token).then(
    (result) => ({ accepted: result }),
    (error: unknown) =>
      TokenError.isInstance(error) ? error.code : `not a TokenError: ${String(error)}`,
  );
}

async function verdicts(token: string): Promise<unknown[]> {
  return Promise.all(verifiers.map((verifier) => verdict(verifier, token)));
}

beforeAll(async () => {
  keys = await Promise.all(
    (['ES256', 'EdDSA', 'PS256', 'RS256', 'ES384'] as const).map((alg) =>
      generateSigningKey({ alg }),
    ),
  );
  const [active, ...others] = keys as [SigningKey, ...SigningKey[]];
  const keySet = createKeySet({
    active,
    retired: others.map((key) => ({ key, until: nowSeconds() + 3600 })),
  });
  verifiers = [keySet, keySet.publicJwks()].flatMap((jwks) =>
    [undefined, nodeCryptoBackend].map((backend) =>
      createAccessTokenVerifier({
        issuer: ISSUER,
        audience: RESOURCE,
        algorithms: ['ES256', 'EdDSA', 'PS256', 'ES384'], // RS256 published, not allowed
        jwks,
        cache: false,
        maxTokenAge: 3600,
        isRevoked: (jti) => jti === 'revoked',
        ...(backend === undefined ? {} : { backend }),
      }),
    ),
  );
  valid = keys.map((key) => signed(key, { alg: key.alg, typ: 'at+jwt', kid: key.kid }, claims()));
});

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const edit = fc.record({
  kind: fc.constantFrom('replace', 'insert', 'delete'),
  at: fc.nat(),
  char: fc.constantFrom(...BASE64URL, '.', '=', '+', ' ', 'é'),
});
const now = nowSeconds();
const time = fc.constantFrom(
  now - 7200,
  now - 600,
  now - 100,
  now,
  now + 100,
  now + 600,
  now + 7200,
);
const claimValue = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: time },
  { weight: 2, arbitrary: fc.constantFrom(ISSUER, RESOURCE, 'revoked', '', 'x', null, true) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const claimNames = [
  'iss',
  'sub',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'client_id',
  'azp',
  'scope',
  'cnf',
];

describe('the node:crypto backend gives the default backend verdicts, code for code', () => {
  it('on valid tokens re-spelled, cut and edited character by character', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.array(edit, { minLength: 1, maxLength: 3 }),
        async (which, edits) => {
          let token = valid[which % valid.length] as string;
          for (const { kind, at, char } of edits) {
            const index = at % (token.length + 1);
            token =
              token.slice(0, index) +
              (kind === 'delete' ? '' : char) +
              token.slice(kind === 'insert' ? index : index + 1);
          }
          const [first, ...rest] = await verdicts(token);
          for (const other of rest) expect(other).toEqual(first);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on tokens validly signed over changed headers and claims', async () => {
    // mostly the key's own header, or one member changed; a few claims changed, or none
    const change = fc.oneof(
      { weight: 6, arbitrary: fc.constant({}) },
      {
        weight: 1,
        arbitrary: fc.record({
          alg: fc.constantFrom('ES256', 'EdDSA', 'PS256', 'RS256', 'ES512', 'none', 'HS256', 'x'),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          typ: fc.constantFrom('application/at+jwt', 'AT+JWT', 'JWT', undefined, 1),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kid: fc.constantFrom('unknown', '', 7, undefined) }) },
      { weight: 1, arbitrary: fc.record({ crit: fc.constant(['exp']), b64: fc.boolean() }) },
    );
    const overrides = fc.dictionary(fc.constantFrom(...claimNames), claimValue, { maxKeys: 2 });
    await fc.assert(
      fc.asyncProperty(fc.nat(), change, overrides, async (which, headerChange, changes) => {
        const key = keys[which % keys.length] as SigningKey;
        const header = { alg: key.alg, typ: 'at+jwt', kid: key.kid, ...headerChange };
        const token = signed(key, header, claims(changes));
        const [first, ...rest] = await verdicts(token);
        for (const other of rest) expect(other).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('on validly signed payloads of any bytes (invalid UTF-8, not JSON, not an object)', async () => {
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.jsonValue({ maxDepth: 2 }).map((value) => new TextEncoder().encode(JSON.stringify(value))),
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), payload, async (which, bytes) => {
        const key = keys[which % keys.length] as SigningKey;
        const [first, ...rest] = await verdicts(
          signed(key, { alg: key.alg, typ: 'at+jwt', kid: key.kid }, bytes),
        );
        for (const other of rest) expect(other).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });

  it('including the headers jose decodes strictly (invalid UTF-8 in the protected header)', async () => {
    const key = keys[0] as SigningKey;
    const header = `{"alg":"ES256","typ":"at+jwt","kid":"${key.kid}","x":"\u00ff"}`;
    const bytes = new TextEncoder().encode(header).map((byte) => (byte === 0xc3 ? 0xff : byte));
    const input = `${base64url.encode(bytes)}.${base64url.encode(JSON.stringify(claims()))}`;
    const results = await verdicts(`${input}.${signBytes(key, input)}`);
    expect(results).toEqual(Array(4).fill('ERR_TOKEN_MALFORMED'));
    const [accepted] = await verdicts(valid[0] as string);
    expect(accepted).toHaveProperty('accepted');
  });
});
