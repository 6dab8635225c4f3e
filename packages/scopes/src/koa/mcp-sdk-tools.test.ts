import { parseBearerChallenge } from '@gatehouse/discovery';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { definePolicy, type McpToolRules } from '../index.js';
import { mcpGuard } from './index.js';
import { type Fixture, startFixture, WORKFLOW_NAME } from './sdk-fixture.js';

/** `run_workflow` is authorized as `exec Workflow { name }`, besides `call Tool run_workflow`. */
const tools: McpToolRules = {
  run_workflow: {
    action: 'exec',
    subject: 'Workflow',
    fields: ({ name }) =>
      typeof name === 'string' && WORKFLOW_NAME.test(name) ? { name } : undefined,
  },
};

/** The MCP defaults, with workflow scopes also granting the tool that runs workflows. */
const policy = definePolicy()
  .replace('mcp:exec:workflows:{workflow}', ({ workflow }, { can }) => {
    can('exec', 'Workflow', { name: workflow });
    can('call', 'Tool', { name: 'run_workflow' });
  })
  .build();

const run = (name: unknown, id = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'run_workflow', arguments: { name } },
});
const weather = {
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'weather', arguments: { city: 'Oslo' } },
};
const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };

describe('a per-tool rule behind mcpGuard and the MCP SDK: run_workflow as exec Workflow', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture({ policy, tools });
  });
  afterAll(() => fixture.close());
  beforeEach(() => {
    fixture.served.length = 0;
  });

  const listed = async (scopes: string): Promise<string[]> => {
    const response = await fixture.post(list, { scopes });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { tools: { name: string }[] } };
    return body.result.tools.map((tool) => tool.name);
  };

  it('runs only backup with mcp:exec:workflows:backup, and asks for its own scope for another', async () => {
    const scopes = 'mcp:exec:workflows:backup';
    expect((await fixture.post(run('backup'), { scopes })).status).toBe(200);
    for (const name of ['deploy', 'rotate-keys']) {
      const response = await fixture.post(run(name), { scopes });
      expect(response.status, name).toBe(403);
      expect(parseBearerChallenge(response.headers.get('www-authenticate') ?? '')).toMatchObject({
        error: 'insufficient_scope',
        scope: [scopes, `mcp:exec:workflows:${name}`],
      });
    }
    expect(fixture.served).toEqual(['workflow backup']);
    expect(await listed(scopes)).toEqual(['run_workflow']);
  });

  it('neither runs nor lists run_workflow for a token without workflow scopes', async () => {
    for (const scopes of ['mcp:tools:weather', 'mcp:tools:*', 'mcp:tools:run_workflow', '']) {
      const response = await fixture.post(run('backup'), { scopes });
      expect(response.status, scopes).toBe(403);
      // one challenge naming only what is missing: the workflow scope also grants the tool
      const challenge = parseBearerChallenge(response.headers.get('www-authenticate') ?? '');
      expect(challenge?.scope, scopes).toEqual([
        ...(scopes === '' ? [] : [scopes]),
        'mcp:exec:workflows:backup',
      ]);
      expect(await listed(scopes), scopes).not.toContain('run_workflow');
    }
    expect(fixture.served).toEqual([]);
  });

  it('keeps the built-in call Tool check for every other tool', async () => {
    expect((await fixture.post(weather, { scopes: 'mcp:tools:weather' })).status).toBe(200);
    const denied = await fixture.post(weather, { scopes: 'mcp:exec:workflows:*' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('mcp:tools:weather');
    expect(fixture.served).toEqual(['weather Oslo']);
    expect(await listed('mcp:tools:*')).toEqual(['weather']);
    expect(await listed('mcp:tools:* mcp:exec:workflows:deploy')).toEqual([
      'weather',
      'run_workflow',
    ]);
  });

  it('refuses arguments the rule cannot read with 400 and JSON-RPC -32602, before the SDK', async () => {
    const scopes = 'mcp:exec:workflows:*';
    const bodies = [
      ...[
        '*',
        'Backup',
        ' backup',
        '',
        42,
        ['backup'],
        ['backup', 'deploy'],
        { $ne: 'x' },
        null,
      ].map((name) => run(name)),
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'run_workflow' } },
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'run_workflow', arguments: 'backup' },
      },
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'run_workflow', arguments: ['backup'] },
      },
    ];
    for (const body of bodies) {
      const response = await fixture.post(body, { scopes });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(await response.json()).toMatchObject({
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32602, data: { code: 'ERR_SCOPE_TOOL_ARGUMENTS' } },
      });
    }
    expect(fixture.served).toEqual([]);
  });

  it('refuses a batch that hides a workflow the token may not run', async () => {
    const response = await fixture.post([run('backup', 1), run('deploy', 2)], {
      scopes: 'mcp:exec:workflows:backup',
    });
    expect(response.status).toBe(403);
    expect(fixture.served).toEqual([]);
  });

  it('decides on the value the SDK parses: a duplicated key is read once, as JSON.parse does', async () => {
    const body =
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"run_workflow","arguments":{"name":"backup","name":"deploy"}}}';
    const response = await fixture.post(body, { scopes: 'mcp:exec:workflows:backup' });
    expect(response.status).toBe(403);
    expect(fixture.served).toEqual([]);
  });
});

describe('a per-tool rule adds to call Tool: a deny rule on the tool still holds', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    const closed = definePolicy()
      .replace('mcp:exec:workflows:{workflow}', ({ workflow }, { can }) => {
        can('exec', 'Workflow', { name: workflow });
        can('call', 'Tool', { name: 'run_workflow' });
      })
      .always('no-workflows', ({ cannot }) => {
        cannot('call', 'Tool', { name: 'run_workflow' }).because('workflows are disabled');
      })
      .build();
    fixture = await startFixture({ policy: closed, tools });
  });
  afterAll(() => fixture.close());

  it('refuses run_workflow to every token, with no challenge, and lists it to none', async () => {
    for (const scopes of ['mcp:exec:workflows:*', 'mcp:*']) {
      const response = await fixture.post(run('backup'), { scopes });
      expect(response.status, scopes).toBe(403);
      expect(response.headers.get('www-authenticate')).toBeNull();
      expect(await response.json()).toMatchObject({
        error: { data: { code: 'ERR_SCOPE_DENIED' } },
      });
      const tools = await fixture.post(list, { scopes });
      const body = (await tools.json()) as { result: { tools: { name: string }[] } };
      expect(body.result.tools.map((tool) => tool.name)).not.toContain('run_workflow');
    }
    expect(fixture.served).toEqual([]);
  });
});

describe('mcpGuard tools option', () => {
  it('throws TypeError for a malformed rule, and with a tools/call rule in methods', () => {
    for (const bad of [
      [],
      { run_workflow: [] },
      { run_workflow: { action: 'exec' } },
      { '': tools.run_workflow },
    ]) {
      expect(() => mcpGuard({ policy, tools: bad as McpToolRules }), JSON.stringify(bad)).toThrow(
        TypeError,
      );
    }
    expect(() => mcpGuard({ policy, tools, methods: { 'tools/call': 'allow' } })).toThrow(
      TypeError,
    );
  });

  it('copies the rules when it is made: changing the object later changes nothing', async () => {
    const mutable: Record<string, McpToolRules[string]> = { ...tools };
    const fixture = await startFixture({ policy, tools: mutable });
    try {
      delete mutable.run_workflow;
      const response = await fixture.post(run('deploy'), { scopes: 'mcp:exec:workflows:backup' });
      expect(response.status).toBe(403);
      expect(fixture.served).toEqual([]);
    } finally {
      await fixture.close();
    }
  });
});
