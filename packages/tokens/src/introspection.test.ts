import type { IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createAccessTokenIssuer,
  createAccessTokenVerifier,
  createIntrospectionVerifier,
  createKeySet,
  generateSigningKey,
  type IntrospectionVerifierOptions,
  introspectionResponse,
  TokenError,
} from './index.js';
import {
  ISSUER,
  nowSeconds,
  RESOURCE,
  rejectionCode,
  startServer,
  type TestServer,
} from './testing/fixtures.js';

let server: TestServer;
let answer: { status: number; body: unknown } = { status: 200, body: { active: false } };
const requests: { authorization: string | undefined; body: URLSearchParams }[] = [];

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  server = await startServer(async (request, response) => {
    requests.push({
      authorization: request.headers.authorization,
      body: new URLSearchParams(await readBody(request)),
    });
    response.statusCode = answer.status;
    response.setHeader('content-type', 'application/json');
    response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
});
afterAll(() => server.close());
afterEach(() => {
  requests.length = 0;
  vi.useRealTimers();
});

function active(overrides: Record<string, unknown> = {}) {
  return {
    active: true,
    sub: 'user-1',
    client_id: 'client-1',
    aud: RESOURCE,
    scope: 'files:read files:write',
    exp: nowSeconds() + 300,
    iat: nowSeconds(),
    iss: ISSUER,
    ...overrides,
  };
}

function verifierWith(extra: Partial<IntrospectionVerifierOptions> = {}) {
  return createIntrospectionVerifier({
    endpoint: `${server.url}/introspect`,
    clientAuth: { method: 'client_secret_basic', clientId: 'rs:1', clientSecret: 's3cr+t' },
    audience: RESOURCE,
    issuer: ISSUER,
    ...extra,
  });
}

describe('createIntrospectionVerifier', () => {
  it('POSTs the token with client_secret_basic (form-encoded first) and normalizes the answer', async () => {
    answer = { status: 200, body: active() };
    const auth = await verifierWith().verify('opaque-token_123');
    expect(auth).toMatchObject({
      subject: 'user-1',
      clientId: 'client-1',
      scopes: ['files:read', 'files:write'],
      audience: [RESOURCE],
      issuer: ISSUER,
    });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.authorization).toBe(`Basic ${btoa('rs%3A1:s3cr%2Bt')}`);
    expect(Object.fromEntries(request?.body ?? [])).toEqual({
      token: 'opaque-token_123',
      token_type_hint: 'access_token',
    });
  });

  it('supports client_secret_post', async () => {
    answer = { status: 200, body: active() };
    await verifierWith({
      clientAuth: { method: 'client_secret_post', clientId: 'rs', clientSecret: 'pw' },
    }).verify('tok');
    expect(requests[0]?.authorization).toBeUndefined();
    expect(requests[0]?.body.get('client_id')).toBe('rs');
    expect(requests[0]?.body.get('client_secret')).toBe('pw');
  });

  it('caches active results briefly, bounded by exp, and never caches rejections', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    answer = { status: 200, body: active({ exp: nowSeconds() + 100 }) };
    const verifier = verifierWith({ cache: { maxAgeSeconds: 30 } });
    await verifier.verify('tok-a');
    await verifier.verify('tok-a');
    expect(requests).toHaveLength(1);
    vi.setSystemTime(Date.now() + 30_000);
    await verifier.verify('tok-a');
    expect(requests).toHaveLength(2);
    answer = { status: 200, body: { active: false } };
    await rejectionCode(verifier.verify('tok-b'));
    await rejectionCode(verifier.verify('tok-b'));
    expect(requests).toHaveLength(4);
  });

  it.each([
    ['active false', { active: false }, 'ERR_TOKEN_INACTIVE'],
    ['active "true" (a string)', active({ active: 'true' }), 'ERR_TOKEN_INACTIVE'],
    ['no active member', { sub: 'x' }, 'ERR_TOKEN_INACTIVE'],
    ['another audience', active({ aud: 'https://other.example' }), 'ERR_TOKEN_AUDIENCE_INVALID'],
    ['no audience', active({ aud: undefined }), 'ERR_TOKEN_CLAIM_MISSING'],
    ['expired', active({ exp: nowSeconds() - 60 }), 'ERR_TOKEN_EXPIRED'],
    ['no exp', active({ exp: undefined }), 'ERR_TOKEN_CLAIM_MISSING'],
    ['not yet valid', active({ nbf: nowSeconds() + 120 }), 'ERR_TOKEN_NOT_YET_VALID'],
    ['another issuer', active({ iss: 'https://evil.example' }), 'ERR_TOKEN_ISSUER_INVALID'],
    ['scope not a string', active({ scope: ['admin'] }), 'ERR_TOKEN_CLAIM_INVALID'],
    ['no sub', active({ sub: undefined }), 'ERR_TOKEN_CLAIM_MISSING'],
  ])('rejects %s', async (_name, body, code) => {
    answer = { status: 200, body: JSON.parse(JSON.stringify(body)) };
    const error = await verifierWith()
      .verify('tok')
      .catch((e: unknown) => e);
    expect(TokenError.isRejection(error) && error.code).toBe(code);
  });

  it.each([
    ['absent', undefined],
    ['Bearer', 'Bearer'],
    ['bearer (Keycloak spells it so)', 'bearer'],
    ['BEARER', 'BEARER'],
    ['access_token (the token type hint some servers answer with)', 'access_token'],
    ['Access_Token', 'Access_Token'],
  ])('accepts token_type %s', async (_name, tokenType) => {
    answer = { status: 200, body: active({ token_type: tokenType }) };
    expect((await verifierWith().verify('tok')).subject).toBe('user-1');
  });

  it.each([
    [
      'refresh_token (a refresh token presented as an access token)',
      'refresh_token',
      'ERR_TOKEN_TYP_INVALID',
    ],
    ['id_token', 'id_token', 'ERR_TOKEN_TYP_INVALID'],
    ['N_A (a token exchange result)', 'N_A', 'ERR_TOKEN_TYP_INVALID'],
    ['PoP', 'PoP', 'ERR_TOKEN_TYP_INVALID'],
    ['mac', 'mac', 'ERR_TOKEN_TYP_INVALID'],
    ['empty', '', 'ERR_TOKEN_TYP_INVALID'],
    ['Bearer with a trailing space', 'Bearer ', 'ERR_TOKEN_TYP_INVALID'],
    ['a Kelvin sign folding onto k', 'access_to\u212Aen', 'ERR_TOKEN_TYP_INVALID'],
    ['a number', 42, 'ERR_TOKEN_CLAIM_INVALID'],
    ['DPoP (a sender-constrained token)', 'DPoP', 'ERR_TOKEN_SENDER_CONSTRAINED'],
    ['dpop', 'dpop', 'ERR_TOKEN_SENDER_CONSTRAINED'],
  ])('refuses token_type %s', async (_name, tokenType, code) => {
    answer = { status: 200, body: active({ token_type: tokenType }) };
    const error = await verifierWith()
      .verify('tok')
      .catch((e: unknown) => e);
    expect(TokenError.isRejection(error) && error.code).toBe(code);
    if (!TokenError.isRejection(error)) return;
    expect(error.oauthError).toBe('invalid_token');
    // the answer came from the AS: the rejection names who the token was issued to
    expect(error.identity).toEqual({
      subject: 'user-1',
      clientId: 'client-1',
      scopes: ['files:read', 'files:write'],
    });
  });

  it.each([
    ['a DPoP key thumbprint', { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' }],
    [
      'an mTLS certificate thumbprint',
      { 'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2' },
    ],
    ['an empty confirmation', {}],
  ])(
    'refuses an answer with cnf (%s): sender-constrained, not a bearer token',
    async (_name, cnf) => {
      answer = { status: 200, body: active({ cnf, token_type: 'Bearer' }) };
      expect(await rejectionCode(verifierWith().verify('tok'))).toBe(
        'ERR_TOKEN_SENDER_CONSTRAINED',
      );
    },
  );

  it('accepts cnf and token_type DPoP only when told something else checks the binding', async () => {
    const verifier = verifierWith({ acceptSenderConstrained: true, cache: false });
    answer = { status: 200, body: active({ cnf: { jkt: 'thumbprint' }, token_type: 'DPoP' }) };
    expect((await verifier.verify('tok')).claims.cnf).toEqual({ jkt: 'thumbprint' });
    answer = { status: 200, body: active({ cnf: 'thumbprint' }) };
    expect(await rejectionCode(verifier.verify('tok'))).toBe('ERR_TOKEN_CLAIM_INVALID');
    answer = { status: 200, body: active({ token_type: 'refresh_token' }) };
    expect(await rejectionCode(verifier.verify('tok'))).toBe('ERR_TOKEN_TYP_INVALID');
  });

  it.each([
    ['a 401 (our credentials refused)', { status: 401, body: { error: 'invalid_client' } }],
    ['a 500', { status: 500, body: {} }],
    ['non-JSON', { status: 200, body: '<html>' }],
    ['a JSON array', { status: 200, body: [] }],
  ])('reports %s as a verifier failure, not a rejection', async (_name, reply) => {
    answer = reply;
    const error = await verifierWith()
      .verify('tok')
      .catch((e: unknown) => e);
    expect(TokenError.isInstance(error) && error.code).toBe('ERR_TOKEN_INTROSPECTION_FAILED');
    expect(TokenError.isRejection(error)).toBe(false);
  });

  it('refuses malformed and oversized tokens without asking the AS', async () => {
    for (const token of ['', 'has space', 'ünïcode', 'a=b', 'x'.repeat(9000)]) {
      expect(await rejectionCode(verifierWith().verify(token))).toMatch(
        /^ERR_TOKEN_(MALFORMED|TOO_LARGE)$/,
      );
    }
    expect(requests).toHaveLength(0);
  });

  it('never passes anything but a coded error or a result on random answers', async () => {
    const verifier = verifierWith({ cache: false });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            {
              active: fc.constant(true),
              aud: fc.jsonValue(),
              exp: fc.jsonValue(),
              sub: fc.jsonValue(),
              client_id: fc.jsonValue(),
              scope: fc.jsonValue(),
            },
            { requiredKeys: ['active'] },
          ),
        ),
        async (body) => {
          answer = { status: 200, body: JSON.stringify(body) };
          const outcome = await verifier.verify('tok').then(
            () => 'ok',
            (error: unknown) => (TokenError.isInstance(error) ? 'coded' : error),
          );
          expect(['ok', 'coded']).toContain(outcome);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('checks its options', () => {
    const good = {
      endpoint: `${server.url}/introspect`,
      clientAuth: { method: 'client_secret_basic', clientId: 'a', clientSecret: 'b' },
      audience: RESOURCE,
    } as const;
    const bad: unknown[] = [
      { ...good, endpoint: 'http://auth.example.com/introspect' },
      { ...good, clientAuth: { method: 'none', clientId: 'a', clientSecret: 'b' } },
      { ...good, clientAuth: { method: 'client_secret_basic', clientId: 'a' } },
      { ...good, audience: [] },
      { ...good, clockToleranceSeconds: 1000 },
      // each would fail every request (a 500) or lift the size cap, instead of failing at startup
      { ...good, timeoutMs: -1 },
      { ...good, timeoutMs: Number.NaN },
      { ...good, timeoutMs: 0 },
      { ...good, maxTokenLength: Number.POSITIVE_INFINITY },
      { ...good, maxTokenLength: '8192' },
      { ...good, extra: 1 },
      { ...good, acceptSenderConstrained: 'yes' },
      { endpoint: good.endpoint, clientAuth: good.clientAuth },
    ];
    for (const options of bad)
      expect(() => createIntrospectionVerifier(options as never)).toThrow(TypeError);
  });
});

describe('introspectionResponse (AS side)', () => {
  it('answers active false for null and for an expired token', async () => {
    expect(introspectionResponse(null)).toEqual({ active: false });
    const keys = createKeySet({ active: await generateSigningKey() });
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys, ttlSeconds: 60 });
    const { token } = await issuer.issue({ subject: 's', clientId: 'c', audience: RESOURCE });
    const verified = await createAccessTokenVerifier({
      issuer: ISSUER,
      audience: RESOURCE,
      algorithms: ['ES256'],
      jwks: keys,
    }).verify(token);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime((verified.expiresAt + 1) * 1000);
    expect(introspectionResponse(verified)).toEqual({ active: false });
  });

  it('round-trips: an issued JWT, introspected, verifies through the introspection verifier', async () => {
    const keys = createKeySet({ active: await generateSigningKey({ alg: 'EdDSA' }) });
    const issuer = createAccessTokenIssuer({ issuer: ISSUER, keys });
    const issued = await issuer.issue({
      subject: 'user-9',
      clientId: 'client-9',
      audience: RESOURCE,
      scope: 'a b',
      extraClaims: { tenant: 't1' },
    });
    const own = createAccessTokenVerifier({
      issuer: ISSUER,
      audience: RESOURCE,
      algorithms: ['EdDSA'],
      jwks: keys,
    });
    const body = introspectionResponse(await own.verify(issued.token));
    expect(body).toEqual({
      active: true,
      iss: ISSUER,
      sub: 'user-9',
      aud: RESOURCE,
      client_id: 'client-9',
      scope: 'a b',
      iat: issued.issuedAt,
      exp: issued.expiresAt,
      jti: issued.jti,
      tenant: 't1',
      token_type: 'Bearer',
    });
    answer = { status: 200, body };
    const auth = await verifierWith().verify(issued.token);
    expect(auth).toMatchObject({
      subject: 'user-9',
      clientId: 'client-9',
      scopes: ['a', 'b'],
      jti: issued.jti,
    });
  });
});
