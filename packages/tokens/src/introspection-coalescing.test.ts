import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIntrospectionVerifier, TokenError } from './index.js';
import { ISSUER, nowSeconds, RESOURCE, startServer, type TestServer } from './testing/fixtures.js';

// A real introspection endpoint on 127.0.0.1 that holds every answer until the test releases it,
// so that verifications are truly concurrent, and counts the requests per token.
let server: TestServer;
let held: { token: string; response: ServerResponse }[] = [];
const counts = new Map<string, number>();
let reply: (token: string) => { status: number; body: unknown };

beforeAll(async () => {
  server = await startServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const token = new URLSearchParams(text).get('token') ?? '';
    counts.set(token, (counts.get(token) ?? 0) + 1);
    held.push({ token, response });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  held = [];
  counts.clear();
  reply = (token) => ({
    status: 200,
    body: {
      active: true,
      sub: `user-of-${token}`,
      client_id: 'client-1',
      aud: RESOURCE,
      iss: ISSUER,
      exp: nowSeconds() + 300,
    },
  });
});

/** Waits until `n` requests are held, then answers them all. */
async function release(n: number): Promise<void> {
  while (held.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
  for (const { token, response } of held.splice(0)) {
    const { status, body } = reply(token);
    response.statusCode = status;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(body));
  }
}

function verifier(cache: false | { maxAgeSeconds: number } = false) {
  return createIntrospectionVerifier({
    endpoint: `${server.url}/introspect`,
    clientAuth: { method: 'client_secret_basic', clientId: 'rs', clientSecret: 'secret' },
    audience: RESOURCE,
    issuer: ISSUER,
    cache,
  });
}

/** The error each promise rejects with (`undefined` for one that resolves). */
const errorsOf = (promises: Promise<unknown>[]) =>
  Promise.all(
    promises.map((p) =>
      p.then(
        () => undefined,
        (error: unknown) => error,
      ),
    ),
  );

describe('introspection: concurrent lookups of one token share one request', () => {
  it('50 concurrent verifications of one token make one request, and each gets the answer', async () => {
    const v = verifier();
    const pending = Array.from({ length: 50 }, () => v.verify('token-a'));
    await release(1);
    const results = await Promise.all(pending);
    expect(counts.get('token-a')).toBe(1);
    expect(results.every((auth) => auth.subject === 'user-of-token-a')).toBe(true);
  });

  it('a lookup that has settled is not shared: the next verification asks again (no cache)', async () => {
    const v = verifier();
    const first = v.verify('token-a');
    await release(1);
    await first;
    const second = v.verify('token-a');
    await release(1);
    await second;
    expect(counts.get('token-a')).toBe(2);
  });

  it('never shares across tokens: two tokens, two requests, each its own answer', async () => {
    const v = verifier();
    const a = [v.verify('token-a'), v.verify('token-a')];
    const b = [v.verify('token-b'), v.verify('token-b')];
    await release(2);
    const subjects = (await Promise.all([...a, ...b])).map((auth) => auth.subject);
    expect(subjects).toEqual([
      'user-of-token-a',
      'user-of-token-a',
      'user-of-token-b',
      'user-of-token-b',
    ]);
    expect([counts.get('token-a'), counts.get('token-b')]).toEqual([1, 1]);
  });

  it('shares a rejection (each caller refused with the code) and a failure (its own error instance)', async () => {
    const v = verifier();
    reply = () => ({ status: 200, body: { active: false } });
    const inactive = errorsOf(Array.from({ length: 10 }, () => v.verify('token-a')));
    await release(1);
    for (const error of await inactive) {
      expect(TokenError.isRejection(error) && error.code).toBe('ERR_TOKEN_INACTIVE');
    }
    reply = () => ({ status: 503, body: {} });
    const failed = errorsOf(Array.from({ length: 10 }, () => v.verify('token-b')));
    await release(1);
    const errors = await failed;
    for (const error of errors) {
      expect(TokenError.isInstance(error) && error.code).toBe('ERR_TOKEN_INTROSPECTION_FAILED');
    }
    expect(new Set(errors).size).toBe(10);
    expect([counts.get('token-a'), counts.get('token-b')]).toEqual([1, 1]);
  });

  it('with the cache on, the shared answer is cached once for the later verifications', async () => {
    const v = verifier({ maxAgeSeconds: 30 });
    const pending = Array.from({ length: 10 }, () => v.verify('token-a'));
    await release(1);
    await Promise.all(pending);
    await v.verify('token-a');
    expect(counts.get('token-a')).toBe(1);
  });
});
