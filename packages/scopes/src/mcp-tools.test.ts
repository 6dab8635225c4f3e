import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authorizeMcpRequest,
  definePolicy,
  filterListResult,
  type McpToolRules,
  mcpSubject,
} from './index.js';
import { caught, thrownCode } from './test-helpers.js';

const NAME = /^[a-z][a-z0-9-]{0,63}$/;
const tools: McpToolRules = {
  run_workflow: {
    action: 'exec',
    subject: 'Workflow',
    fields: ({ name }) => (typeof name === 'string' && NAME.test(name) ? { name } : undefined),
  },
};
/** Workflow scopes also grant the tool; tools carry a `risk` attribute from resolveTool. */
const policy = definePolicy({ attributes: { Tool: ['risk'] } })
  .replace('mcp:exec:workflows:{workflow}', ({ workflow }, { can }) => {
    can('exec', 'Workflow', { name: workflow });
    can('call', 'Tool', { name: 'run_workflow' });
  })
  .rule('mcp:tools:low-risk', (_variables, { can }) => can('call', 'Tool', { risk: 'low' }))
  .build();
const resolveTool = (name: string) =>
  name === 'weather' ? { attributes: { risk: 'low' } } : { attributes: { risk: 'high' } };

const call = (name: string, args?: unknown, id: number | string = 1) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, ...(args === undefined ? {} : { arguments: args }) },
});
const decide = (scopes: string[], message: unknown) =>
  authorizeMcpRequest(policy.abilityFor({ scopes }), message, { tools, resolveTool });
const required = (scopes: string[], message: unknown) => {
  const decision = decide(scopes, message);
  return decision.allowed ? 'allowed' : decision.error.requiredScopes;
};

describe('per-tool rules (tools): a tool call checked as another subject too', () => {
  it('checks exec Workflow { name } and call Tool run_workflow, in that order', () => {
    const decision = decide(
      ['mcp:exec:workflows:backup'],
      call('run_workflow', { name: 'backup' }),
    );
    expect(decision.allowed).toBe(true);
    expect(decision.operations).toEqual([
      { action: 'exec', subject: mcpSubject('Workflow', { name: 'backup' }) },
      { action: 'call', subject: mcpSubject('Tool', { name: 'run_workflow', risk: 'high' }) },
    ]);
    expect(
      required(['mcp:exec:workflows:backup'], call('run_workflow', { name: 'deploy' })),
    ).toEqual(['mcp:exec:workflows:deploy']);
    expect(required(['mcp:exec:workflows:*'], call('run_workflow', { name: 'deploy' }))).toBe(
      'allowed',
    );
  });

  it('asks for no more scopes than the call needs: the workflow scope also grants the tool', () => {
    for (const scopes of [[], ['mcp:tools:weather'], ['mcp:tools:*'], ['mcp:tools:run_workflow']]) {
      expect(required(scopes, call('run_workflow', { name: 'backup' })), scopes.join()).toEqual([
        'mcp:exec:workflows:backup',
      ]);
    }
    // with the default policy, the workflow scope does not grant the tool: both are needed
    const plain = definePolicy().build().abilityFor({ scopes: [] });
    const decision = authorizeMcpRequest(plain, call('run_workflow', { name: 'backup' }), {
      tools,
    });
    expect(decision.allowed ? [] : decision.error.requiredScopes).toEqual([
      'mcp:exec:workflows:backup',
      'mcp:tools:run_workflow',
    ]);
  });

  it('minimises a batch challenge across its messages', () => {
    const batch = [
      call('run_workflow', { name: 'backup' }, 1),
      call('run_workflow', { name: 'deploy' }, 2),
    ];
    const decision = decide(['mcp:tools:weather'], batch);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) {
      expect(decision.error.requiredScopes).toEqual([
        'mcp:exec:workflows:backup',
        'mcp:exec:workflows:deploy',
      ]);
      expect(decision.messages.map((message) => message.requiredScopes)).toEqual([
        ['mcp:exec:workflows:backup'],
        ['mcp:exec:workflows:deploy'],
      ]);
    }
  });

  it('keeps the built-in call Tool check, with resolveTool attributes, for every other tool', () => {
    expect(required(['mcp:tools:low-risk'], call('weather', { city: 'Oslo' }))).toBe('allowed');
    expect(required(['mcp:tools:low-risk'], call('shell'))).toEqual(['mcp:tools:shell']);
    expect(required(['mcp:exec:workflows:*'], call('weather'))).toEqual(['mcp:tools:weather']);
    const decision = decide(['mcp:tools:weather'], call('weather', { anything: [1, 2] }));
    expect(decision.operations).toEqual([
      { action: 'call', subject: mcpSubject('Tool', { name: 'weather', risk: 'low' }) },
    ]);
  });

  it('adds to call Tool, never replaces it: a deny rule on the tool still refuses, unfixably', () => {
    const closed = definePolicy()
      .always('off', ({ cannot }) => cannot('call', 'Tool', { name: 'run_workflow' }))
      .build();
    const decision = authorizeMcpRequest(
      closed.abilityFor({ scopes: ['mcp:*'] }),
      call('run_workflow', { name: 'backup' }),
      { tools },
    );
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.error.requiredScopes).toEqual([]);
  });

  it('refuses arguments that do not fit with ERR_SCOPE_TOOL_ARGUMENTS', () => {
    const scopes = ['mcp:exec:workflows:*'];
    for (const args of [
      { name: ['backup'] },
      { name: { $ne: 'x' } },
      { name: null },
      { name: 'Backup' },
      { name: '*' },
      {},
      'backup',
      ['backup'],
      null,
    ]) {
      expect(
        thrownCode(() => decide(scopes, call('run_workflow', args))),
        JSON.stringify(args),
      ).toBe('ERR_SCOPE_TOOL_ARGUMENTS');
    }
    expect(thrownCode(() => decide(scopes, call('run_workflow')))).toBe('ERR_SCOPE_TOOL_ARGUMENTS');
  });

  it('refuses field values that are not scalars even when a rule passes them through', () => {
    const loose: McpToolRules = {
      run_workflow: {
        action: 'exec',
        subject: 'Workflow',
        fields: (args) => ({ name: args.name }),
      },
    };
    const ability = policy.abilityFor({ scopes: ['mcp:exec:workflows:backup'] });
    for (const name of [['backup', 'deploy'], { $in: ['backup'] }, null, undefined, Number.NaN]) {
      expect(
        thrownCode(() =>
          authorizeMcpRequest(ability, call('run_workflow', { name }), { tools: loose }),
        ),
        String(name),
      ).toBe('ERR_SCOPE_TOOL_ARGUMENTS');
    }
    for (const name of [7, true]) {
      const decision = authorizeMcpRequest(ability, call('run_workflow', { name }), {
        tools: loose,
      });
      expect(decision.allowed).toBe(false);
    }
  });

  it('fails closed when a rule throws: the error reaches the caller, nothing is allowed', () => {
    const bug = new Error('bug in the rule');
    const broken: McpToolRules = {
      run_workflow: {
        action: 'exec',
        subject: 'Workflow',
        fields: () => {
          throw bug;
        },
      },
    };
    const ability = policy.abilityFor({ scopes: ['mcp:*'] });
    const message = call('run_workflow', { name: 'backup' });
    expect(caught(() => authorizeMcpRequest(ability, message, { tools: broken }))).toBe(bug);
  });

  it('property: a backup token runs exactly the workflow named "backup", whatever the arguments', () => {
    const ability = policy.abilityFor({ scopes: ['mcp:exec:workflows:backup'] });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.dictionary(fc.constantFrom('name', 'other', '__proto__'), fc.anything()),
          fc.record({ name: fc.oneof(fc.constant('backup'), fc.string(), fc.array(fc.string())) }),
        ),
        (args) => {
          let allowed: boolean;
          try {
            allowed = authorizeMcpRequest(ability, call('run_workflow', args), { tools }).allowed;
          } catch (error) {
            expect(
              thrownCode(() => {
                throw error;
              }),
            ).toBe('ERR_SCOPE_TOOL_ARGUMENTS');
            return;
          }
          const name = (args as { name?: unknown }).name;
          expect(allowed).toBe(name === 'backup');
        },
      ),
    );
  });

  it('throws TypeError for rules that cannot work', () => {
    const ability = policy.abilityFor({ scopes: [] });
    const bad: unknown[] = [
      'run',
      [],
      { run_workflow: [] },
      { run_workflow: { action: 'exec' } },
      { run_workflow: { action: '', subject: 'Workflow' } },
      { run_workflow: { action: 'exec', subject: 'Workflow', fields: { name: 'x' } } },
      { run_workflow: { action: 'exec', subject: 'Workflow', field: () => ({}) } },
    ];
    for (const value of bad) {
      expect(
        caught(() =>
          authorizeMcpRequest(ability, call('run_workflow', { name: 'backup' }), {
            tools: value as McpToolRules,
          }),
        ),
        JSON.stringify(value),
      ).toBeInstanceOf(TypeError);
    }
    expect(
      caught(() =>
        authorizeMcpRequest(ability, call('weather'), {
          tools,
          methods: { 'tools/call': 'allow' },
        }),
      ),
    ).toBeInstanceOf(TypeError);
  });
});

describe('filterListResult with per-tool rules: a tool is listed when some call could pass', () => {
  const listed = (scopes: string[]) =>
    filterListResult(
      policy.abilityFor({ scopes }),
      'tools/list',
      { tools: [{ name: 'weather' }, { name: 'run_workflow' }, { name: 'shell' }] },
      { tools, resolveTool },
    ).tools.map((tool) => tool.name);

  it('lists run_workflow only to tokens that may run some workflow', () => {
    expect(listed(['mcp:exec:workflows:backup'])).toEqual(['run_workflow']);
    expect(listed(['mcp:exec:workflows:*', 'mcp:tools:weather'])).toEqual([
      'weather',
      'run_workflow',
    ]);
    expect(listed(['mcp:tools:*'])).toEqual(['weather', 'shell']);
    expect(listed(['mcp:tools:run_workflow'])).toEqual([]);
    expect(listed(['mcp:tools:low-risk'])).toEqual(['weather']);
    expect(listed([])).toEqual([]);
  });

  it('hides run_workflow from everyone when a deny rule forbids every workflow', () => {
    const closed = definePolicy()
      .always('no-exec', ({ cannot }) => cannot('exec', 'Workflow'))
      .build();
    const result = filterListResult(
      closed.abilityFor({ scopes: ['mcp:*'] }),
      'tools/list',
      { tools: [{ name: 'run_workflow' }, { name: 'weather' }] },
      { tools },
    );
    expect(result.tools).toEqual([{ name: 'weather' }]);
  });
});
