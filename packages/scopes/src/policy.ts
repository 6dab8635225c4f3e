import { createMongoAbility, ForbiddenError } from '@casl/ability';
import type { PolicyEntry } from './define-policy.js';
import { origins } from './internal/ability-origin.js';
import { Lru } from './internal/lru.js';
import { resolveNarrowing } from './internal/narrow-actions.js';
import { OrderedMemo } from './internal/ordered-memo.js';
import { type Pattern, tryPattern } from './internal/pattern.js';
import { requiredScopes } from './internal/required-scopes.js';
import { type RawRule, RuleCollector } from './internal/rule-collector.js';
import { isSafeClaim } from './internal/safe-claim.js';
import { sortedKey } from './internal/scope-key.js';
import { checkConditionFields } from './internal/subject-fields.js';
import {
  createTemplateNode,
  insertTemplate,
  matchTemplates,
  parseTemplate,
  type TemplateMatch,
  type TemplateSegment,
} from './internal/template.js';
import type { Policy, PolicyToken, ScopeAbility } from './policy-types.js';
import { ScopeDeniedError } from './scope-denied-error.js';

export interface CompiledPolicyInternals {
  entries: readonly PolicyEntry[];
  templates: readonly (readonly TemplateSegment[] | undefined)[];
  any: string;
  claimNames: readonly string[];
  /** Which templates may grant an action on a subject type, per claims (see required-scopes). */
  granting: Lru<readonly number[]>;
  rulesFromPatterns(
    patterns: readonly Pattern[],
    claims: Readonly<Record<string, unknown>>,
  ): RawRule[];
}

const NO_CLAIMS: Readonly<Record<string, unknown>> = Object.freeze({});

export function compilePolicy(
  defined: readonly PolicyEntry[],
  options: {
    claims: readonly string[];
    cacheSize: number;
    attributes: Readonly<Record<string, readonly string[]>>;
  },
): Policy {
  const entries = resolveNarrowing(defined);
  const any = `\u0000*${crypto.randomUUID()}`;
  const root = createTemplateNode();
  const templates = entries.map((entry, index) => {
    if (entry.kind !== 'scope') return undefined;
    const segments = parseTemplate(entry.key);
    insertTemplate(root, segments, index);
    return segments;
  });
  const claimNames = Object.freeze([...new Set(options.claims)]);
  const cache = new Lru<ScopeAbility>(options.cacheSize);
  // The same abilities, keyed by the scopes in the order the token lists them: a fresh array of the
  // same scopes (every uncached token) hits here with one map lookup per scope, without sorting.
  const aliases = new OrderedMemo<ScopeAbility>(options.cacheSize);

  const pickClaims = (claims: PolicyToken['claims']): Readonly<Record<string, unknown>> => {
    if (claimNames.length === 0) return NO_CLAIMS;
    const picked: Record<string, unknown> = {};
    if (claims !== undefined && claims !== null && typeof claims === 'object') {
      for (const name of claimNames) {
        // A claim holding a `$` key (a MongoDB operator) is left out, as if absent: see isSafeClaim.
        if (Object.hasOwn(claims, name) && isSafeClaim(claims[name])) picked[name] = claims[name];
      }
    }
    return Object.freeze(picked);
  };

  const variablePositions = templates.map((segments) =>
    (segments ?? []).flatMap((segment, index) =>
      'variable' in segment ? [[index, segment.variable] as const] : [],
    ),
  );
  const alwaysEntries = entries.filter((entry) => entry.kind === 'always');

  const collect = (
    patterns: readonly Pattern[],
    claims: Readonly<Record<string, unknown>>,
    recordFields: boolean,
  ): RuleCollector => {
    const matches: TemplateMatch[] = [];
    const scopes: string[] = [];
    for (const pattern of patterns) {
      const before = matches.length;
      matchTemplates(root, pattern, any, matches);
      for (let index = before; index < matches.length; index++) scopes.push(pattern.raw);
    }
    const order = matches.map((_, index) => index);
    order.sort(
      (a, b) => (matches[a] as TemplateMatch).template - (matches[b] as TemplateMatch).template,
    );
    const collector = new RuleCollector(any, claims, recordFields);
    const seen = new Set<string>();
    for (const position of order) {
      const match = matches[position] as TemplateMatch;
      if (patterns.length > 1) {
        const key = `${match.template}\u0000${match.values.join('\u0000')}`;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const entry = entries[match.template] as PolicyEntry & { kind: 'scope' };
      const variables: Record<string, string> = {};
      for (const [index, name] of variablePositions[match.template] ?? []) {
        variables[name] = match.values[index] as string;
      }
      collector.run(scopes[position], (helpers) => entry.define(variables, helpers));
    }
    for (const entry of alwaysEntries) {
      if (entry.kind === 'always') collector.run(undefined, entry.define);
    }
    return collector;
  };
  const rulesFromPatterns = (
    patterns: readonly Pattern[],
    claims: Readonly<Record<string, unknown>>,
  ): RawRule[] => collect(patterns, claims, false).rules;

  const validPatterns = (scopes: readonly string[]): Pattern[] => {
    const patterns: Pattern[] = [];
    const seen = new Set<string>();
    for (const scope of scopes) {
      if (seen.has(scope)) continue;
      seen.add(scope);
      const pattern = tryPattern(scope);
      if (pattern) patterns.push(pattern);
    }
    return patterns.sort((a, b) => (a.raw < b.raw ? -1 : a.raw > b.raw ? 1 : 0));
  };

  const internals: CompiledPolicyInternals = {
    entries,
    templates,
    any,
    claimNames,
    granting: new Lru<readonly number[]>(256),
    rulesFromPatterns,
  };

  const compile = (
    key: string,
    scopes: readonly string[],
    claims: Readonly<Record<string, unknown>>,
  ): ScopeAbility => {
    const patterns = validPatterns(scopes);
    const ability: ScopeAbility = createMongoAbility(rulesFromPatterns(patterns, claims));
    Object.freeze(ability);
    origins.set(ability, { policy, claims, scopes: patterns.map((pattern) => pattern.raw) });
    cache.set(key, ability);
    return ability;
  };

  const policy: Policy = {
    keys: Object.freeze(entries.map((entry) => entry.key)),
    abilityFor(token) {
      if (typeof token !== 'object' || token === null) {
        throw new TypeError('abilityFor: token must be an object');
      }
      const { scopes } = token;
      if (!Array.isArray(scopes)) throw new TypeError('abilityFor: scopes must be an array');
      const claims = pickClaims(token.claims);
      const claimKey = claimNames.length === 0 ? undefined : JSON.stringify(claims);
      const hit = aliases.get(scopes, claimKey);
      if (hit !== undefined) return hit;
      // Claims go after a NUL, which their JSON never holds raw: the last NUL splits a key.
      const key =
        claimKey === undefined ? sortedKey(scopes) : `${sortedKey(scopes)}\u0000${claimKey}`;
      const ability = cache.get(key) ?? compile(key, scopes, claims);
      aliases.set(scopes, claimKey, ability);
      return ability;
    },
    rulesFor(token) {
      return rulesFromPatterns(validPatterns(token.scopes), pickClaims(token.claims));
    },
    requiredScopesFor(action, subject, context = {}) {
      return requiredScopes(internals, action, subject, pickClaims(context.claims));
    },
    enforce(ability, action, subject) {
      const error = ForbiddenError.from(ability).unlessCan(action, subject);
      if (error === undefined) return;
      const origin = origins.get(ability);
      const needed = origin ? origin.policy.requiredScopesFor(action, subject, origin) : [];
      const reason = ability.relevantRuleFor(action, subject)?.reason;
      throw new ScopeDeniedError(needed, reason, error);
    },
  };
  // Probe every template with wildcard bindings (and the always-rules) now, so a rule that misuses a
  // wildcard-bound variable, or conditions on a field no subject has, fails at build time (TypeError)
  // rather than on a request.
  const probes: Pattern[][] = [[]];
  for (const segments of templates) {
    if (segments === undefined) continue;
    const probe = tryPattern(
      segments.map((segment) => ('variable' in segment ? '*' : segment.literal)).join(':'),
    );
    if (probe) probes.push([probe]);
  }
  for (const patterns of probes) {
    const { fields } = collect(patterns, NO_CLAIMS, true);
    checkConditionFields(fields ?? [], options.attributes);
  }
  return Object.freeze(policy);
}
