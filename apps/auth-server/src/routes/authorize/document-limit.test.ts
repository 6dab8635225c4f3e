import { GatehouseError } from '@gatehouse/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorizationParams,
  authorizeUrl,
  clientMetadata,
  pkce,
  startTestServer,
  type TestServer,
  testConfig,
} from './test-helpers.js';
import { validateAuthorizationRequest } from './validate-request.js';

const DOCUMENT = 'https://tool.example/client.json';
let t: TestServer;
let challenge: string;

beforeAll(async () => {
  const { rateLimits } = testConfig();
  t = await startTestServer({
    config: { rateLimits: { ...rateLimits, documents: { points: 2, durationSeconds: 60 } } },
  });
  challenge = (await pkce()).challenge;
  t.documents.set(DOCUMENT, {
    clientId: DOCUMENT,
    kind: 'metadata-document',
    metadata: clientMetadata(),
  });
});
afterAll(() => t.close());

function request(clientId: string): string {
  return authorizeUrl(t.url, authorizationParams(clientId, challenge));
}

describe('GET /authorize for a metadata document client whose document is fetched', () => {
  it('spends the documents budget per address on each fetch: over it, a 429 page', async () => {
    const registered = await t.register();
    for (let i = 0; i < 2; i++) {
      expect((await fetch(request(DOCUMENT), { redirect: 'manual' })).status).toBe(200);
    }
    const flood = await fetch(request(DOCUMENT), { redirect: 'manual' });
    expect(flood.status).toBe(429);
    expect(flood.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(flood.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await flood.text()).toContain('ERR_AS_RATE_LIMITED');
    // a registered client needs no fetch and has its own budget
    expect((await fetch(request(registered), { redirect: 'manual' })).status).toBe(200);
  });

  it('shows a busy lookup as 503 and a spent budget as 429, not as an unknown app', async () => {
    for (const status of [503, 429]) {
      const refusal = new GatehouseError('ERR_TEST_REFUSED', 'refused', {
        oauthError: 'temporarily_unavailable',
        status,
      });
      const server = { ...t.server, clients: { resolve: () => Promise.reject(refusal) } };
      const validated = await validateAuthorizationRequest(
        server,
        new URL(request(DOCUMENT)).search.slice(1),
      );
      expect(validated).toMatchObject({
        kind: 'page',
        failure: { code: 'ERR_TEST_REFUSED', status },
      });
    }
  });
});
