import { describe, expect, it } from 'vitest';
import { auditEvents, postForm, startTestServer } from '../testing/test-server.js';

const LIMITS = {
  token: { points: 2, durationSeconds: 60 },
  introspect: { points: 2, durationSeconds: 60 },
};

async function statuses(url: string, forwardedFor: string[]) {
  const result: number[] = [];
  for (const value of forwardedFor) {
    const response = await postForm(
      url,
      { grant_type: 'client_credentials' },
      { headers: { 'x-forwarded-for': value } },
    );
    await response.arrayBuffer();
    result.push(response.status);
  }
  return result;
}

describe('rate limits keyed on the client address', () => {
  it('ignores X-Forwarded-For unless trustProxy is set', async () => {
    const server = await startTestServer({ rateLimits: LIMITS });
    try {
      const result = await statuses(`${server.url}/token`, ['1.1.1.1', '2.2.2.2', '3.3.3.3']);
      expect(result).toEqual([401, 401, 429]);
      const events = await auditEvents(server);
      expect(events.some((e) => e.type === 'request.throttled')).toBe(true);
      expect(await statuses(`${server.url}/introspect`, ['4.4.4.4', '5.5.5.5', '6.6.6.6'])).toEqual(
        [401, 401, 429],
      );
    } finally {
      await server.close();
    }
  });

  it('with trustProxy, keys on the address the proxy appended (the last hop), not what the client wrote', async () => {
    const server = await startTestServer({ rateLimits: LIMITS, trustProxy: true });
    try {
      expect(await statuses(`${server.url}/token`, ['1.1.1.1', '2.2.2.2', '3.3.3.3'])).toEqual([
        401, 401, 401,
      ]);
      const spoofed = ['7.7.7.7, 9.9.9.9', '8.8.8.8, 9.9.9.9', '6.6.6.6, 9.9.9.9'];
      expect(await statuses(`${server.url}/token`, spoofed)).toEqual([401, 401, 429]);
    } finally {
      await server.close();
    }
  });
});
