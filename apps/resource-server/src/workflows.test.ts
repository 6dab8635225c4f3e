import { parseBearerChallenge } from '@gatehouse/discovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, messagesOf, rpc, startFixture, textOf } from './testing/fixture.js';

const run = (name: unknown) => rpc('tools/call', { name: 'run_workflow', arguments: { name } });

describe('resource server: run_workflow is authorized as exec Workflow { name } (and call Tool)', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it('runs any workflow with mcp:exec:workflows:*', async () => {
    const { client } = await fx.connect(await fx.as.token('mcp:exec:workflows:*'));
    for (const name of ['backup', 'deploy', 'rotate-keys']) {
      const result = await client.callTool({ name: 'run_workflow', arguments: { name } });
      expect(result.isError, name).toBeFalsy();
      expect(textOf(result)).toMatch(new RegExp(`^workflow ${name} finished .* run by alice`));
    }
    // an allowed name with no workflow reaches the handler, which says so
    const unknown = await client.callTool({ name: 'run_workflow', arguments: { name: 'nope' } });
    expect(unknown.isError).toBe(true);
  });

  it('runs only backup with mcp:exec:workflows:backup; another asks for its own scope', async () => {
    const token = await fx.as.token('mcp:exec:workflows:backup');
    const { client, exchanges } = await fx.connect(token);
    const backup = await client.callTool({ name: 'run_workflow', arguments: { name: 'backup' } });
    expect(textOf(backup)).toMatch(/^workflow backup finished/);
    for (const name of ['deploy', 'rotate-keys']) {
      await expect(
        client.callTool({ name: 'run_workflow', arguments: { name } }),
      ).rejects.toMatchObject({ code: 403 });
      expect(parseBearerChallenge(exchanges.at(-1)?.wwwAuthenticate ?? '')).toMatchObject({
        error: 'insufficient_scope',
        scope: ['mcp:exec:workflows:backup', `mcp:exec:workflows:${name}`],
      });
    }
  });

  it('does not run a workflow for a tool scope: the call needs the workflow scope', async () => {
    for (const scope of ['mcp:tools:*', 'mcp:tools:run_workflow']) {
      const response = await fx.post(await fx.as.token(scope), run('deploy'));
      expect(response.status, scope).toBe(403);
      expect(parseBearerChallenge(response.headers.get('www-authenticate') ?? '')?.scope).toEqual([
        scope,
        'mcp:exec:workflows:deploy',
      ]);
    }
  });

  it('neither runs nor lists run_workflow for a token without workflow scopes', async () => {
    for (const scope of [
      'mcp:tools:weather',
      'mcp:tools:*',
      'mcp:tools:run_workflow',
      'mcp:prompts:*',
    ]) {
      const { client, exchanges } = await fx.connect(await fx.as.token(scope));
      const { tools } = await client.listTools();
      expect(
        tools.map((tool) => tool.name),
        scope,
      ).not.toContain('run_workflow');
      await expect(
        client.callTool({ name: 'run_workflow', arguments: { name: 'backup' } }),
      ).rejects.toMatchObject({ code: 403 });
      // one challenge, naming only the workflow scope (it also grants the tool)
      expect(parseBearerChallenge(exchanges.at(-1)?.wwwAuthenticate ?? '')?.scope, scope).toEqual([
        scope,
        'mcp:exec:workflows:backup',
      ]);
      await client.close();
    }
  });

  it('refuses a workflow name the handler would not read the same way, before the SDK', async () => {
    const token = await fx.as.token('mcp:exec:workflows:backup');
    for (const name of [
      '*',
      'backup:x',
      'Backup',
      ' backup',
      '',
      42,
      ['backup'],
      { name: 'backup' },
      null,
    ]) {
      const response = await fx.post(token, run(name));
      expect(response.status, JSON.stringify(name)).toBe(400);
      const [message] = await messagesOf(response);
      expect(message).toMatchObject({
        error: { code: -32602, data: { code: 'ERR_SCOPE_TOOL_ARGUMENTS' } },
      });
    }
    for (const params of [
      { name: 'run_workflow' },
      { name: 'run_workflow', arguments: 'backup' },
    ]) {
      expect((await fx.post(token, rpc('tools/call', params))).status).toBe(400);
    }
  });

  it('decides on the value the SDK parses: a duplicated key is read once, as JSON.parse does', async () => {
    const token = await fx.as.token('mcp:exec:workflows:backup');
    const body =
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"backup","name":"deploy"}}}';
    const response = await fx.post(token, body);
    expect(response.status).toBe(403);
    expect(parseBearerChallenge(response.headers.get('www-authenticate') ?? '')?.scope).toContain(
      'mcp:exec:workflows:deploy',
    );
  });
});
