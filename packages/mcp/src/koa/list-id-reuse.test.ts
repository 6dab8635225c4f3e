import { describe, expect, it } from 'vitest';
import { buildServer, type Fixture, messagesOf, rpc, startFixture } from './test-fixture.js';

const VERSION = { 'mcp-protocol-version': '2025-06-18' };

/** The fixture's server plus a `slow` tool, to hold a request id in flight. */
function slowServer(fx: () => Fixture) {
  return () => {
    const mcp = buildServer(fx().seen);
    mcp.registerTool('slow', { description: 'Takes a while' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { content: [{ type: 'text', text: 'slow done' }] };
    });
    return mcp;
  };
}

async function sessionOf(fx: Fixture, token: string): Promise<Record<string, string>> {
  const { transport } = await fx.connect(token);
  return { ...VERSION, 'mcp-session-id': transport.sessionId ?? '' };
}

const modes = [
  { sessions: 'stateless', jsonResponse: true },
  { sessions: 'stateless', jsonResponse: false },
  { sessions: 'stateful', jsonResponse: true },
  { sessions: 'stateful', jsonResponse: false },
] as const;

describe('mcpResourceServer: a list id shared with another request cannot unfilter the list', () => {
  for (const mode of modes) {
    it(`refuses a batch where another request takes the list's id (${mode.sessions}, ${mode.jsonResponse ? 'JSON' : 'SSE'})`, async () => {
      const fx = await startFixture(mode);
      try {
        const token = await fx.token('mcp:tools:weather mcp:prompts:summarize');
        const headers = mode.sessions === 'stateful' ? await sessionOf(fx, token) : VERSION;
        // the ping answers first under id 7 and used to take the list's filter: the whole list
        // (admin, shell, the secret prompt) went out after it
        for (const method of ['tools/list', 'prompts/list', 'resources/list']) {
          const attack = [rpc('ping', {}, 7), rpc(method, {}, 7), rpc('ping', {}, 8)];
          const response = await fx.post(token, attack, headers);
          expect(response.status, method).toBe(400);
          const text = await response.text();
          expect(JSON.parse(text)).toMatchObject({
            error: { code: -32600, data: { code: 'ERR_MCP_INVALID_REQUEST' } },
          });
          for (const hidden of ['admin', 'shell', 'secret', 'customers/42']) {
            expect(text).not.toContain(hidden);
          }
        }
        // the same batch with distinct ids is served, filtered
        const fair = [rpc('ping', {}, 7), rpc('tools/list', {}, 9), rpc('ping', {}, 8)];
        const served = (await messagesOf(await fx.post(token, fair, headers))) as {
          id: number;
          result: { tools?: { name: string }[] };
        }[];
        const list = served.find((message) => message.id === 9);
        expect(list?.result.tools?.map((tool) => tool.name)).toEqual(['weather']);
      } finally {
        await fx.close();
      }
    });
  }

  it('refuses, in a session, a list under the id of a request still in flight', async () => {
    let fx: Fixture | undefined;
    fx = await startFixture({
      sessions: 'stateful',
      jsonResponse: true,
      server: slowServer(() => fx as Fixture),
    });
    try {
      const token = await fx.token('mcp:tools:weather mcp:tools:slow');
      const headers = await sessionOf(fx, token);
      const slow = fx.post(token, rpc('tools/call', { name: 'slow', arguments: {} }, 5), headers);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // the slow call's answer would take the list's filter and send the list whole
      const reused = await fx.post(token, [rpc('tools/list', {}, 5), rpc('ping', {}, 6)], headers);
      expect(reused.status).toBe(400);
      expect(await reused.json()).toMatchObject({ error: { code: -32600 } });
      expect(await (await slow).json()).toMatchObject({ id: 5, result: { content: [{}] } });
      // answered: the id may be used again, and the list is filtered
      const list = (await (await fx.post(token, rpc('tools/list', {}, 5), headers)).json()) as {
        result: { tools: { name: string }[] };
      };
      expect(list.result.tools.map((tool) => tool.name).sort()).toEqual(['slow', 'weather']);
    } finally {
      await fx.close();
    }
  });

  it('forgets the ids of a request the SDK transport refused before dispatching it', async () => {
    const fx = await startFixture({ sessions: 'stateful', jsonResponse: true });
    try {
      const token = await fx.token('mcp:tools:weather');
      const headers = await sessionOf(fx, token);
      const refused = await fx.post(token, rpc('tools/list', {}, 20), {
        ...headers,
        accept: 'application/json',
      });
      expect(refused.status).toBe(406);
      const again = await fx.post(token, rpc('tools/list', {}, 20), headers);
      expect(again.status).toBe(200);
    } finally {
      await fx.close();
    }
  });
});
