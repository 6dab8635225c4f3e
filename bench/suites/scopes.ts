import { createMongoAbility } from '@casl/ability';
import { definePolicy, mcpSubject, type PolicyBuilder, scopeSatisfies } from '@gatehouse/scopes';
import type { Comparison } from '../harness/compare.js';

/** A policy of 200 templates: the 4 MCP defaults plus 196 services, each `mcp:svc<i>:{name}`. */
function policyOf200(cacheSize: number) {
  let builder: PolicyBuilder = definePolicy({ cacheSize });
  for (let index = 0; index < 196; index++) {
    builder = builder.rule(`mcp:svc${index}:{name}`, ({ name }, { can }) => {
      can('use', `Service${index}`, { name });
    });
  }
  return builder.build();
}

const TOKEN = {
  scopes: [
    'mcp:tools:weather',
    'mcp:tools:search',
    'mcp:tools:calendar',
    'mcp:prompts:summarize',
    'mcp:resources:docs',
    'mcp:exec:workflows:nightly',
    'mcp:svc7:alpha',
    'mcp:svc42:*',
    'mcp:svc150:beta',
    'mcp:svc199:gamma',
  ],
  claims: {},
};

const SCOPE = TOKEN.scopes.join(' ');
/** The scope a peer's middleware requires per tool (the SDK's `requiredScopes`), same tools as below. */
const PEER_REQUIRED = ['weather', 'search', 'shell', 'calendar'].map((name) => `mcp:tools:${name}`);

/** The straightforward matcher a library without a compiled set would run: split and compare. */
function naiveSatisfies(granted: readonly string[], required: string): boolean {
  const want = required.split(':');
  return granted.some((pattern) => {
    const have = pattern.split(':');
    const trailing = have.length > 1 && have[have.length - 1] === '*';
    if (trailing ? want.length < have.length : want.length !== have.length) return false;
    const fixed = trailing ? have.length - 1 : have.length;
    for (let index = 0; index < fixed; index++) {
      if (have[index] !== '*' && have[index] !== want[index]) return false;
    }
    return true;
  });
}

export async function comparisons(): Promise<Comparison[]> {
  const memoized = policyOf200(1000);
  const cold = policyOf200(0);
  const rules = memoized.rulesFor(TOKEN);
  const subjects = ['weather', 'search', 'shell', 'calendar'].map((name) =>
    mcpSubject('Tool', { name }),
  );
  let turn = 0;
  const nextSubject = () => subjects[turn++ & 3] as (typeof subjects)[number];
  // the same rotation of tools as the ability's decisions (and not a constant V8 could fold)
  const nextToolScope = () => PEER_REQUIRED[turn++ & 3] as string;

  const granted = [
    ...Array.from({ length: 35 }, (_, index) => `mcp:tools:tool${index}`),
    ...Array.from({ length: 10 }, (_, index) => `mcp:svc${index}:*`),
    ...Array.from({ length: 5 }, (_, index) => `mcp:*:item${index}`),
  ];
  const required = ['mcp:tools:tool34', 'mcp:svc9:x:y', 'mcp:prompts:item4', 'mcp:tools:nope'];
  for (const scope of required) {
    if (scopeSatisfies(granted, scope) !== naiveSatisfies(granted, scope)) {
      throw new Error(`scopes bench: matchers disagree on ${scope}`);
    }
  }
  let pick = 0;
  const nextRequired = () => required[pick++ & 3] as string;

  return [
    {
      name: 'scopes: decision with a memoized ability (200-template policy, 10-scope token) vs a CASL ability built per request from the same rules',
      baseline: {
        label: 'createMongoAbility(rules).can per request',
        run: () => createMongoAbility(rules).can('call', nextSubject()),
      },
      subject: {
        label: 'policy.abilityFor(token).can',
        run: () => memoized.abilityFor(TOKEN).can('call', nextSubject()),
      },
      minOpsPerSecond: 1_000_000,
    },
    {
      // Every uncached token brings a new scopes array: the memo must hit on its contents. The
      // subject also pays for copying the array; the baseline gets its rules for free.
      name: 'scopes: the same decision when each request brings a fresh scopes array vs a CASL ability built per request',
      baseline: {
        label: 'createMongoAbility(rules).can per request',
        run: () => createMongoAbility(rules).can('call', nextSubject()),
      },
      subject: {
        label: 'policy.abilityFor({ scopes: [...] }).can',
        run: () => memoized.abilityFor({ scopes: [...TOKEN.scopes] }).can('call', nextSubject()),
      },
      minRatio: 2,
    },
    {
      // The same, with new strings too: what a request whose token is verified afresh hands on
      // (the scope claim split on each verification). Reported.
      name: 'scopes: the same decision when each request splits the scope claim into new strings vs a CASL ability built per request',
      baseline: {
        label: 'createMongoAbility(rules).can per request',
        run: () => createMongoAbility(rules).can('call', nextSubject()),
      },
      subject: {
        label: "policy.abilityFor({ scopes: scope.split(' ') }).can",
        run: () => memoized.abilityFor({ scopes: SCOPE.split(' ') }).can('call', nextSubject()),
      },
    },
    {
      // Scenario 3: what the peers do instead (the MCP SDK's `requiredScopes`, mcp-auth): an
      // exact-string `includes` of one fixed scope. It cannot express wildcards, per-tool rules or
      // conditions, so it is the ceiling of a decision, not a like-for-like baseline. Reported.
      name: 'scopes: memoized ability decision vs the exact-string includes() check peers use (same scopes array each request)',
      baseline: {
        label: "token.scopes.includes('mcp:tools:<tool>')",
        run: () => TOKEN.scopes.includes(nextToolScope()),
      },
      subject: {
        label: 'policy.abilityFor(token).can',
        run: () => memoized.abilityFor(TOKEN).can('call', nextSubject()),
      },
    },
    {
      name: 'scopes: memoized ability decision vs the exact-string includes() check peers use (a fresh scopes array each request)',
      baseline: {
        label: "[...scopes].includes('mcp:tools:<tool>')",
        run: () => [...TOKEN.scopes].includes(nextToolScope()),
      },
      subject: {
        label: 'policy.abilityFor({ scopes: [...] }).can',
        run: () => memoized.abilityFor({ scopes: [...TOKEN.scopes] }).can('call', nextSubject()),
      },
    },
    {
      name: 'scopes: abilityFor cold compile (10-scope token, 200 templates, memo off) vs createMongoAbility of the finished rules',
      baseline: { label: 'createMongoAbility(rules)', run: () => createMongoAbility(rules) },
      subject: { label: 'policy.abilityFor(token), uncached', run: () => cold.abilityFor(TOKEN) },
      minOpsPerSecond: 50_000,
    },
    {
      name: 'scopes: scopeSatisfies with 50 granted patterns vs a split-and-compare loop',
      baseline: {
        label: 'naive split-and-compare',
        run: () => naiveSatisfies(granted, nextRequired()),
      },
      subject: { label: 'scopeSatisfies', run: () => scopeSatisfies(granted, nextRequired()) },
      minOpsPerSecond: 2_000_000,
    },
  ];
}
