import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, login } from './flow-helpers.js';
import { clientMetadata, startTestServer, type TestServer } from './test-helpers.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({
    config: { scopeDescriptions: { 'mcp:tools:weather': 'See the weather forecast' } },
  });
});
afterAll(() => t.close());

describe('what the login and consent pages show', () => {
  it('neutralizes a client_name built to impersonate another app', async () => {
    const clientId = await t.register({
      client_name: 'Claude\u202E\u2066 <b>Desktop</b>\u0007',
      logo_uri: 'https://tracker.example/pixel.png',
    });
    const page = await begin(t, clientId);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for a control character
    expect(page.html).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u0007]/);
    expect(page.html).toContain('Claude\ufffd\ufffd &lt;b&gt;Desktop&lt;/b&gt;\ufffd');
    expect(page.html).not.toContain('tracker.example');
    expect(page.html).toContain('self-asserted');
    expect(page.html).toContain('127.0.0.1 (an app on this device)');
  });

  it('warns for a metadata-document client whose redirects are all on this device', async () => {
    const clientId = 'https://tool.example/oauth/client.json';
    t.documents.set(clientId, {
      clientId,
      kind: 'metadata-document',
      metadata: clientMetadata({
        client_name: 'Tool',
        redirect_uris: ['http://127.0.0.1:7777/callback'],
      }),
    });
    const page = await begin(t, clientId);
    expect(page.html).toContain('Any program on this device could claim to be “Tool”');
    expect(page.html).not.toContain('self-asserted');
    expect(page.html).toContain('https://tool.example/oauth/client.json');
  });

  it('describes each scope in plain words, configured descriptions first', async () => {
    const consent = await login(
      t,
      await begin(t, await t.register(), { scope: 'mcp:tools:weather mcp:exec:workflows:*' }),
    );
    expect(consent.html).toContain('See the weather forecast<code>mcp:tools:weather</code>');
    expect(consent.html).toContain('Run all workflows<code>mcp:exec:workflows:*</code>');
    expect(consent.html).toContain('Demo MCP server');
  });

  it('drops scopes the resource does not allow from what the user is asked', async () => {
    const consent = await login(
      t,
      await begin(t, await t.register(), { scope: 'mcp:tools:weather admin:everything' }),
    );
    expect(consent.html).toContain('mcp:tools:weather');
    expect(consent.html).not.toContain('admin:everything');
  });
});
