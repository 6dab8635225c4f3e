import { connect } from 'node:net';
import Koa from 'koa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  createKeySet,
  generateSigningKey,
  type KeySet,
  TokenError,
} from '../index.js';
import {
  claims,
  ISSUER,
  nowSeconds,
  RESOURCE,
  RESOURCE_METADATA,
  sign,
  startServer,
  type TestServer,
} from '../testing/fixtures.js';
import { type BearerAuthAuditEvent, type BearerAuthState, bearerAuth } from './index.js';

// ctx.state.audit as auditTrail (@gatehouse/audit/koa) sets it, reduced to what bearerAuth uses.
interface FakeAudit {
  actor: { sub?: string; clientId?: string } | undefined;
  record(event: BearerAuthAuditEvent): unknown;
}

let keys: KeySet;
let verifier: AccessTokenVerifier;
beforeAll(async () => {
  keys = createKeySet({ active: await generateSigningKey() });
  verifier = createAccessTokenVerifier({
    issuer: ISSUER,
    audience: RESOURCE,
    algorithms: ['ES256'],
    jwks: keys,
  });
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Harness {
  url: string;
  events: BearerAuthAuditEvent[];
  errors: unknown[];
  audit: FakeAudit;
  seen: { state?: BearerAuthState; actorSeen?: FakeAudit['actor'] };
}

async function serve(
  options: {
    verify?: AccessTokenVerifier['verify'];
    record?: FakeAudit['record'];
    actor?: FakeAudit['actor'];
  } = {},
): Promise<Harness> {
  const harness: Harness = {
    url: '',
    events: [],
    errors: [],
    seen: {},
    audit: {
      actor: options.actor,
      record: options.record ?? ((event) => harness.events.push(event)),
    },
  };
  const app = new Koa<BearerAuthState>();
  app.silent = true;
  app.on('error', (error: unknown) => harness.errors.push(error));
  app.use(async (ctx, next) => {
    ctx.state.audit = harness.audit;
    await next();
  });
  // a body parser's result, on request: a token in a parsed body
  app.use(async (ctx, next) => {
    if (ctx.query.body) (ctx.request as { body?: unknown }).body = { access_token: 'abc' };
    await next();
  });
  app.use(
    bearerAuth({
      verifier: options.verify ? { verify: options.verify } : verifier,
      resourceMetadataUrl: RESOURCE_METADATA,
    }),
  );
  app.use((ctx) => {
    harness.seen = { state: ctx.state, actorSeen: harness.audit.actor };
    ctx.status = 204;
  });
  server = await startServer(app.callback());
  harness.url = server.url;
  return harness;
}

const get = (url: string, authorization?: string) =>
  fetch(`${url}/mcp`, authorization ? { headers: { authorization } } : {});

describe('bearerAuth: ctx.state for a verified request', () => {
  it('sets auth (the verifier result itself, no token in it) and bearerToken (the presented token)', async () => {
    const app = await serve();
    const token = await sign(keys.active, claims({ jti: 'jti-1' }));
    expect((await get(app.url, `Bearer ${token}`)).status).toBe(204);
    const { state } = app.seen;
    expect(state?.auth).toBe(await verifier.verify(token)); // the cached, shared, frozen object
    expect(Object.isFrozen(state?.auth)).toBe(true);
    expect(Object.keys(state?.auth ?? {}).sort()).toEqual([
      'audience',
      'claims',
      'clientId',
      'expiresAt',
      'issuedAt',
      'issuer',
      'jti',
      'scopes',
      'subject',
    ]);
    expect(JSON.stringify(state?.auth)).not.toContain(token.split('.')[2]);
    expect(state?.bearerToken).toBe(token);
  });
});

describe('bearerAuth: audited decisions (ctx.state.audit)', () => {
  it('records token.verified with the subject, client, jti and scopes, and sets the audit actor', async () => {
    const app = await serve();
    const token = await sign(keys.active, claims({ jti: 'jti-2', scope: 'files:read' }));
    await get(app.url, `Bearer ${token}`);
    expect(app.events).toEqual([
      {
        type: 'token.verified',
        outcome: 'success',
        actor: { sub: 'user-123', clientId: 'client-abc' },
        target: { type: 'token', id: 'jti-2' },
        details: { scopes: ['files:read'] },
      },
    ]);
    expect(app.seen.actorSeen).toEqual({ sub: 'user-123', clientId: 'client-abc' });
  });

  it('leaves an audit actor set earlier alone', async () => {
    const app = await serve({ actor: { sub: 'set-by-an-earlier-middleware' } });
    await get(app.url, `Bearer ${await sign(keys.active, claims())}`);
    expect(app.seen.actorSeen).toEqual({ sub: 'set-by-an-earlier-middleware' });
    expect(app.events[0]?.actor).toEqual({ sub: 'user-123', clientId: 'client-abc' });
  });

  it('records no token as token.rejected ERR_TOKEN_MISSING (401)', async () => {
    const app = await serve();
    expect((await get(app.url)).status).toBe(401);
    expect(app.events).toEqual([
      {
        type: 'token.rejected',
        outcome: 'failure',
        reason: 'ERR_TOKEN_MISSING',
        details: { status: 401 },
      },
    ]);
  });

  it.each([
    ['a token in the query', '/mcp?access_token=abc', 'Bearer abc', 'ERR_TOKEN_IN_QUERY'],
    ['a token in the body', '/mcp?body=1', 'Bearer abc', 'ERR_TOKEN_IN_BODY'],
    ['a malformed header', '/mcp', 'Bearer two words', 'ERR_TOKEN_HEADER_MALFORMED'],
  ])(
    'records %s as token.rejected with its code (400)',
    async (_name, path, authorization, reason) => {
      const app = await serve();
      const response = await fetch(`${app.url}${path}`, { headers: { authorization } });
      expect(response.status).toBe(400);
      expect(app.events).toEqual([
        { type: 'token.rejected', outcome: 'failure', reason, details: { status: 400 } },
      ]);
    },
  );

  it('records two Authorization headers as ERR_TOKEN_HEADER_DUPLICATE', async () => {
    const app = await serve();
    const { port } = new URL(app.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.on('data', () => undefined);
      socket.on('end', resolve);
      socket.on('error', reject);
      socket.write(
        'GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n' +
          'Authorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n',
      );
    });
    expect(app.events.map((event) => event.reason)).toEqual(['ERR_TOKEN_HEADER_DUPLICATE']);
  });

  it.each([
    ['expired', { exp: nowSeconds() - 600 }, 'ERR_TOKEN_EXPIRED'],
    ['for another resource', { aud: 'https://other.example/mcp' }, 'ERR_TOKEN_AUDIENCE_INVALID'],
    ['DPoP-bound', { cnf: { jkt: 'thumb' } }, 'ERR_TOKEN_SENDER_CONSTRAINED'],
  ])(
    'records a rejected %s token with its code and who it was issued to',
    async (_name, overrides, reason) => {
      const app = await serve();
      const token = await sign(keys.active, claims({ jti: 'jti-3', scope: 'a', ...overrides }));
      expect((await get(app.url, `Bearer ${token}`)).status).toBe(401);
      expect(app.events).toEqual([
        {
          type: 'token.rejected',
          outcome: 'failure',
          reason,
          actor: { sub: 'user-123', clientId: 'client-abc' },
          target: { type: 'token', id: 'jti-3' },
          details: { scopes: ['a'], status: 401 },
        },
      ]);
      expect(JSON.stringify(app.events)).not.toContain(token.split('.')[2]);
    },
  );

  it('never names the subject an unauthenticated token claims (a forged signature)', async () => {
    const app = await serve();
    const attacker = { ...(await generateSigningKey()), kid: keys.active.kid };
    const token = await sign(attacker, claims({ sub: 'victim', jti: 'jti-4' }));
    expect((await get(app.url, `Bearer ${token}`)).status).toBe(401);
    expect(app.events).toEqual([
      {
        type: 'token.rejected',
        outcome: 'failure',
        reason: 'ERR_TOKEN_SIGNATURE_INVALID',
        details: { status: 401 },
      },
    ]);
  });

  it.each([
    [
      'a key source outage',
      new TokenError('ERR_TOKEN_JWKS_UNAVAILABLE', 'down'),
      'ERR_TOKEN_JWKS_UNAVAILABLE',
    ],
    ['a bug', new Error('boom'), 'ERR_TOKEN_VERIFIER_FAILED'],
  ])('records %s as token.rejected with status 500', async (_name, thrown, reason) => {
    const app = await serve({
      verify: async () => {
        throw thrown;
      },
    });
    expect((await get(app.url, 'Bearer abc')).status).toBe(500);
    expect(app.events).toEqual([
      { type: 'token.rejected', outcome: 'failure', reason, details: { status: 500 } },
    ]);
  });

  it('awaits the recorder (a blocking audit queue holds the request), then goes on', async () => {
    const order: string[] = [];
    const app = await serve({
      record: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push(event.type);
      },
    });
    const token = await sign(keys.active, claims());
    expect((await get(app.url, `Bearer ${token}`)).status).toBe(204);
    expect(order).toEqual(['token.verified']);
    expect(app.seen.state?.bearerToken).toBe(token);
  });

  it('keeps the decision when the recorder fails, and reports the failure on the app', async () => {
    const failure = new Error('audit sink down');
    const app = await serve({
      record: () => {
        throw failure;
      },
    });
    const token = await sign(keys.active, claims());
    expect((await get(app.url, `Bearer ${token}`)).status).toBe(204);
    expect((await get(app.url, 'Bearer not-a-jwt')).status).toBe(401);
    expect(app.errors).toEqual([failure, failure]);
  });
});
