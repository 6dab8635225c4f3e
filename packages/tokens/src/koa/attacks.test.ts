import { base64url, CompactSign } from 'jose';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  createRemoteJwks,
  generateSigningKey,
  type SignatureBackend,
  type SigningKey,
  TokenError,
  type TokenRejectionCode,
} from '../index.js';
import { nodeCryptoBackend } from '../node/index.js';
import {
  claims,
  handMade,
  ISSUER,
  nowSeconds,
  RESOURCE,
  RESOURCE_METADATA,
  sign,
  startServer,
  type TestServer,
} from '../testing/fixtures.js';
import { bearerAuth } from './index.js';

// The keys the authorization server publishes, and an attacker's keys (never published).
let es256: SigningKey;
let ed25519: SigningKey;
let rsa: SigningKey;
let attackerEs256: SigningKey;
let attackerEd25519: SigningKey;
let jwksServer: TestServer;
let jwksFetches = 0;

/** Every row runs against each signature backend: the default (WebCrypto through jose) and Node's. */
const backends: { name: string; backend: SignatureBackend | undefined }[] = [
  { name: 'WebCrypto (jose)', backend: undefined },
  { name: 'node:crypto', backend: nodeCryptoBackend },
];
const targets = new Map<string, { verifier: AccessTokenVerifier; app: TestServer }>();

beforeAll(async () => {
  [es256, ed25519, rsa, attackerEs256, attackerEd25519] = await Promise.all([
    generateSigningKey(),
    generateSigningKey({ alg: 'EdDSA' }),
    generateSigningKey({ alg: 'RS256' }),
    generateSigningKey(),
    generateSigningKey({ alg: 'EdDSA' }),
  ]);
  jwksServer = await startServer((_request, response) => {
    jwksFetches++;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: [es256.publicJwk, ed25519.publicJwk, rsa.publicJwk] }));
  });
  for (const { name, backend } of backends) {
    const verifier = createAccessTokenVerifier({
      issuer: ISSUER,
      audience: RESOURCE,
      algorithms: ['ES256', 'EdDSA'],
      jwks: createRemoteJwks({ uri: `${jwksServer.url}/jwks`, cooldownSeconds: 0 }),
      clockToleranceSeconds: 30,
      maxTokenAge: 3600,
      isRevoked: (jti) => jti === 'revoked-jti',
      ...(backend === undefined ? {} : { backend }),
    });
    const koa = new Koa();
    koa.use(bearerAuth({ verifier, resourceMetadataUrl: RESOURCE_METADATA, scope: 'files:read' }));
    koa.use((ctx) => {
      ctx.body = { subject: (ctx.state as { auth: { subject: string } }).auth.subject };
    });
    targets.set(name, { verifier, app: await startServer(koa.callback()) });
  }
});

afterAll(async () => {
  await Promise.all([jwksServer?.close(), ...[...targets.values()].map(({ app }) => app.close())]);
});

const encoder = new TextEncoder();
const now = nowSeconds();
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Sets an unused low bit of the last character: decoders read the same signature bytes. */
function respellLastCharacter(token: string): string {
  const last = BASE64URL.indexOf(token.charAt(token.length - 1));
  return token.slice(0, -1) + BASE64URL.charAt(last | 1);
}

interface Attack {
  name: string;
  token: () => Promise<string> | string;
  code: TokenRejectionCode;
}

const attacks: Attack[] = [
  { name: 'not a JWS at all', token: () => 'opaque-token-value', code: 'ERR_TOKEN_MALFORMED' },
  {
    name: 'two parts',
    token: () => 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0',
    code: 'ERR_TOKEN_MALFORMED',
  },
  { name: 'five parts (JWE)', token: () => 'a.b.c.d.e', code: 'ERR_TOKEN_MALFORMED' },
  {
    name: 'a valid signature re-spelled in non-canonical base64url (same bytes)',
    token: async () => respellLastCharacter(await sign(es256, claims())),
    code: 'ERR_TOKEN_MALFORMED',
  },
  {
    name: 'header is not JSON',
    token: () => `${base64url.encode('{alg:ES256')}.${base64url.encode('{}')}.sig`,
    code: 'ERR_TOKEN_MALFORMED',
  },
  {
    name: 'header is a JSON array',
    token: () => `${base64url.encode('["ES256"]')}.${base64url.encode('{}')}.sig`,
    code: 'ERR_TOKEN_MALFORMED',
  },
  {
    name: 'signed payload is not a JSON object',
    token: () =>
      new CompactSign(encoder.encode('"just a string"'))
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: es256.kid })
        .sign(es256.privateKey),
    code: 'ERR_TOKEN_MALFORMED',
  },
  { name: 'oversized token', token: () => `${'a'.repeat(9000)}.b.c`, code: 'ERR_TOKEN_TOO_LARGE' },
  {
    name: 'alg none, no signature',
    token: () => handMade({ alg: 'none', typ: 'at+jwt' }, claims()),
    code: 'ERR_TOKEN_ALG_NONE',
  },
  {
    name: 'alg NoNe with a fake signature',
    token: () => handMade({ alg: 'NoNe', typ: 'at+jwt', kid: 'x' }, claims(), 'c2ln'),
    code: 'ERR_TOKEN_ALG_NONE',
  },
  {
    name: 'HS256 signed with the published public key',
    token: () =>
      new CompactSign(encoder.encode(JSON.stringify(claims())))
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: es256.kid })
        .sign(encoder.encode(JSON.stringify(es256.publicJwk))),
    code: 'ERR_TOKEN_ALG_HMAC',
  },
  {
    name: 'algorithm not on the allow-list (RS256, a published key)',
    token: () => sign(rsa, claims()),
    code: 'ERR_TOKEN_ALG_NOT_ALLOWED',
  },
  {
    name: 'key type does not fit alg (EdDSA token naming the ES256 key)',
    token: () => sign({ ...attackerEd25519, kid: es256.kid }, claims()),
    code: 'ERR_TOKEN_KEY_ALG_MISMATCH',
  },
  {
    name: 'unknown kid, still unknown after a refetch',
    token: () => sign({ ...attackerEs256, kid: 'attacker-key' }, claims()),
    code: 'ERR_TOKEN_KID_UNKNOWN',
  },
  {
    name: 'signed by another key under the real kid',
    token: () => sign({ ...attackerEs256, kid: es256.kid }, claims()),
    code: 'ERR_TOKEN_SIGNATURE_INVALID',
  },
  {
    name: 'own key embedded in the header (jwk), real kid',
    token: async () =>
      sign({ ...attackerEs256, kid: es256.kid }, claims(), { jwk: attackerEs256.publicJwk }),
    code: 'ERR_TOKEN_SIGNATURE_INVALID',
  },
  {
    name: 'own key set referenced in the header (jku), no kid',
    token: async () =>
      sign(attackerEs256, claims(), { kid: undefined, jku: 'https://evil.example/jwks' }),
    code: 'ERR_TOKEN_SIGNATURE_INVALID',
  },
  {
    name: 'own certificate referenced in the header (x5u), real kid',
    token: async () =>
      sign({ ...attackerEs256, kid: es256.kid }, claims(), { x5u: 'https://evil.example/cert' }),
    code: 'ERR_TOKEN_SIGNATURE_INVALID',
  },
  {
    name: 'payload swapped under a valid signature',
    token: async () => {
      const [header, , signature] = (await sign(es256, claims())).split('.');
      const forged = base64url.encode(JSON.stringify(claims({ scope: 'admin' })));
      return `${header}.${forged}.${signature}`;
    },
    code: 'ERR_TOKEN_SIGNATURE_INVALID',
  },
  {
    name: 'signature stripped',
    token: async () => (await sign(es256, claims())).replace(/\.[^.]+$/, '.'),
    code: 'ERR_TOKEN_SIGNATURE_INVALID',
  },
  {
    name: 'typ missing',
    token: () => sign(es256, claims(), { typ: undefined }),
    code: 'ERR_TOKEN_TYP_INVALID',
  },
  {
    name: 'typ JWT (an ID token)',
    token: () => sign(es256, claims(), { typ: 'JWT' }),
    code: 'ERR_TOKEN_TYP_INVALID',
  },
  {
    name: 'crit header',
    token: () =>
      new CompactSign(encoder.encode(JSON.stringify(claims())))
        .setProtectedHeader({
          alg: 'ES256',
          typ: 'at+jwt',
          kid: es256.kid,
          crit: ['urn:x'],
          'urn:x': 1,
        })
        .sign(es256.privateKey, { crit: { 'urn:x': true } }),
    code: 'ERR_TOKEN_CRIT_UNSUPPORTED',
  },
  {
    name: 'wrong issuer',
    token: () => sign(es256, claims({ iss: 'https://evil.example.com' })),
    code: 'ERR_TOKEN_ISSUER_INVALID',
  },
  {
    name: 'issued for another resource (token passthrough)',
    token: () => sign(es256, claims({ aud: 'https://other-mcp.example.com/mcp' })),
    code: 'ERR_TOKEN_AUDIENCE_INVALID',
  },
  {
    name: 'audience is a prefix of the resource',
    token: () => sign(es256, claims({ aud: ['https://mcp.example.com'] })),
    code: 'ERR_TOKEN_AUDIENCE_INVALID',
  },
  {
    name: 'expired beyond the tolerance',
    token: () => sign(es256, claims({ iat: now - 600, exp: now - 31 })),
    code: 'ERR_TOKEN_EXPIRED',
  },
  {
    name: 'not yet valid (nbf)',
    token: () => sign(es256, claims({ nbf: now + 120 })),
    code: 'ERR_TOKEN_NOT_YET_VALID',
  },
  {
    name: 'issued in the future beyond the tolerance',
    token: () => sign(es256, claims({ iat: now + 120, exp: now + 600 })),
    code: 'ERR_TOKEN_ISSUED_IN_FUTURE',
  },
  {
    name: 'older than maxTokenAge',
    token: () => sign(es256, claims({ iat: now - 7200, exp: now + 300 })),
    code: 'ERR_TOKEN_TOO_OLD',
  },
  ...(['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'] as const).map(
    (claim): Attack => ({
      name: `required claim ${claim} missing`,
      token: () => sign(ed25519, claims({ [claim]: undefined })),
      code: 'ERR_TOKEN_CLAIM_MISSING',
    }),
  ),
  {
    name: 'aud of the wrong type',
    token: () => sign(es256, claims({ aud: [RESOURCE, 42] })),
    code: 'ERR_TOKEN_CLAIM_INVALID',
  },
  {
    name: 'exp of the wrong type',
    token: () => sign(es256, claims({ exp: `${now + 300}` })),
    code: 'ERR_TOKEN_CLAIM_INVALID',
  },
  {
    name: 'client_id null, azp set (null is not absent: no fallback to azp)',
    token: () => sign(es256, claims({ client_id: null, azp: 'client-abc' })),
    code: 'ERR_TOKEN_CLAIM_INVALID',
  },
  {
    name: 'scope of the wrong type',
    token: () => sign(es256, claims({ scope: ['admin'] })),
    code: 'ERR_TOKEN_CLAIM_INVALID',
  },
  {
    name: 'DPoP-bound (cnf.jkt) presented as a bearer token',
    token: () =>
      sign(es256, claims({ cnf: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' } })),
    code: 'ERR_TOKEN_SENDER_CONSTRAINED',
  },
  {
    name: 'mTLS-bound (cnf.x5t#S256) presented as a bearer token',
    token: () =>
      sign(es256, claims({ cnf: { 'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2' } })),
    code: 'ERR_TOKEN_SENDER_CONSTRAINED',
  },
  {
    name: 'bound to a raw key (cnf.jwk) presented as a bearer token',
    token: () => sign(ed25519, claims({ cnf: { jwk: attackerEd25519.publicJwk } })),
    code: 'ERR_TOKEN_SENDER_CONSTRAINED',
  },
  {
    name: 'revoked (isRevoked hook)',
    token: () => sign(es256, claims({ jti: 'revoked-jti' })),
    code: 'ERR_TOKEN_REVOKED',
  },
];

describe.each(backends)(
  'attack table, $name backend: each attack is refused with its code and answered invalid_token',
  ({ name }) => {
    const target = () => targets.get(name) as { verifier: AccessTokenVerifier; app: TestServer };

    it('accepts the untampered token (the control)', async () => {
      const { verifier, app } = target();
      const token = await sign(es256, claims());
      expect((await verifier.verify(token)).subject).toBe('user-123');
      const response = await fetch(`${app.url}/mcp`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ subject: 'user-123' });
    });

    it.each(attacks)('$name -> $code', async ({ token: make, code }) => {
      const { verifier, app } = target();
      const token = await make();
      const fetchesBefore = jwksFetches;
      const error = await verifier.verify(token).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(TokenError.isInstance(error) && error.code).toBe(code);
      if (!TokenError.isInstance(error)) return;
      expect(error.oauthError).toBe('invalid_token');
      if (code === 'ERR_TOKEN_KID_UNKNOWN') expect(jwksFetches).toBe(fetchesBefore + 1);

      const response = await fetch(`${app.url}/mcp`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        `Bearer error="invalid_token", scope="files:read", resource_metadata="${RESOURCE_METADATA}", ` +
          `error_description="${error.description}"`,
      );
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({
        error: 'invalid_token',
        error_description: error.description,
      });
    });
  },
);
