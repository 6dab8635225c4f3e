import { parseBearerChallenge } from '@gatehouse/discovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastFor } from './capabilities/weather.js';
import { type Fixture, messagesOf, rpc, startFixture, textOf } from './testing/fixture.js';

const toolNames = async (fx: Fixture, scope: string) => {
  const { client } = await fx.connect(await fx.as.token(scope));
  return (await client.listTools()).tools.map((tool) => tool.name).sort();
};

describe('resource server: tools and prompts through the MCP SDK client', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it('calls weather with mcp:tools:weather; the handler names the caller from extra.authInfo', async () => {
    const token = await fx.as.token('mcp:tools:weather', {
      subject: 'alice',
      clientId: 'inspector',
    });
    const { client } = await fx.connect(token);
    const result = await client.callTool({ name: 'weather', arguments: { city: 'Lisbon' } });
    const forecast = forecastFor('Lisbon');
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(
      `Lisbon: ${forecast.conditions}, ${forecast.highCelsius}°C / ${forecast.lowCelsius}°C (asked by alice (client inspector))`,
    );
    expect({ ...forecastFor(' lisbon '), city: 'Lisbon' }).toEqual(forecast);
  });

  it('lists only the tools the token may call', async () => {
    expect(await toolNames(fx, 'mcp:tools:weather')).toEqual(['weather']);
    expect(await toolNames(fx, 'mcp:tools:*')).toEqual(['weather', 'whoami']);
    expect(await toolNames(fx, 'mcp:exec:workflows:backup')).toEqual(['run_workflow']);
    expect(await toolNames(fx, 'mcp:exec:workflows:*')).toEqual(['run_workflow']);
    expect(await toolNames(fx, 'mcp:*')).toEqual(['run_workflow', 'weather', 'whoami']);
    expect(await toolNames(fx, 'mcp:prompts:forecast-briefing')).toEqual([]);
    // run_workflow is reached through workflow scopes only, not through a tool scope
    expect(await toolNames(fx, 'mcp:tools:run_workflow')).toEqual([]);
  });

  it('answers a call without the scope with one 403 naming every scope it needs (R6)', async () => {
    const token = await fx.as.token('mcp:tools:weather');
    const { client, exchanges } = await fx.connect(token);
    await expect(client.callTool({ name: 'whoami', arguments: {} })).rejects.toMatchObject({
      code: 403,
    });
    const last = exchanges.at(-1);
    expect(last?.status).toBe(403);
    // the challenge keeps what the token has (no step-up loop) and adds what the call needs
    expect(parseBearerChallenge(last?.wwwAuthenticate ?? '')).toMatchObject({
      error: 'insufficient_scope',
      scope: ['mcp:tools:weather', 'mcp:tools:whoami'],
      resourceMetadata: fx.server.resourceMetadataUrl,
    });
  });

  it('names the scopes of every message of a batch in one challenge', async () => {
    const token = await fx.as.token('mcp:tools:weather');
    const response = await fx.post(token, [
      rpc('tools/call', { name: 'whoami', arguments: {} }, 1),
      rpc('tools/call', { name: 'run_workflow', arguments: { name: 'deploy' } }, 2),
      rpc('prompts/get', { name: 'forecast-briefing', arguments: { city: 'Oslo' } }, 3),
    ]);
    expect(response.status).toBe(403);
    expect(parseBearerChallenge(response.headers.get('www-authenticate') ?? '')?.scope).toEqual([
      'mcp:tools:weather',
      'mcp:tools:whoami',
      'mcp:exec:workflows:deploy',
      'mcp:prompts:forecast-briefing',
    ]);
  });

  it('gets the prompt with mcp:prompts:forecast-briefing, and lists prompts by scope', async () => {
    const { client } = await fx.connect(await fx.as.token('mcp:prompts:forecast-briefing'));
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['forecast-briefing']);
    const prompt = await client.getPrompt({
      name: 'forecast-briefing',
      arguments: { city: 'Oslo' },
    });
    expect(JSON.stringify(prompt.messages)).toContain('Oslo');
    const other = await fx.connect(await fx.as.token('mcp:tools:weather'));
    expect((await other.client.listPrompts()).prompts).toEqual([]);
    await expect(
      other.client.getPrompt({ name: 'forecast-briefing', arguments: { city: 'Oslo' } }),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('whoami reports the subject, client, scopes and tenant of the token', async () => {
    const token = await fx.as.token('mcp:tools:whoami mcp:tools:weather', {
      subject: 'bob',
      clientId: 'cli',
      tenant: 'globex',
    });
    const { client } = await fx.connect(token);
    const result = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse(textOf(result))).toEqual({
      subject: 'bob',
      clientId: 'cli',
      scopes: ['mcp:tools:whoami', 'mcp:tools:weather'],
      tenant: 'globex',
    });
  });

  it('refuses a tools/call without a tool name as invalid params, before the SDK', async () => {
    const token = await fx.as.token('mcp:tools:*');
    const response = await fx.post(token, rpc('tools/call', { arguments: {} }));
    expect(response.status).toBe(400);
    const [message] = await messagesOf(response);
    expect(message).toMatchObject({ error: { code: -32602 } });
  });
});
