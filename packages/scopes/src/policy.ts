import { createMongoAbility, ForbiddenError } from '@casl/ability';
import type { PolicyEntry } from './define-policy.js';
import { origins } from './internal/ability-origin.js';
import { Lru } from './internal/lru.js';
import { type Pattern, tryPattern } from './internal/pattern.js';
import { requiredScopes } from './internal/required-scopes.js';
import { type RawRule, RuleCollector } from './internal/rule-collector.js';
import { isSafeClaim } from './internal/safe-claim.js';
import { scopeKeyOf } from './internal/scope-key.js';
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

export function compilePolicy(
  entries: readonly PolicyEntry[],
  options: { claims: readonly string[]; cacheSize: number },
): Policy {
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

  const pickClaims = (claims: PolicyToken['claims']): Readonly<Record<string, unknown>> => {
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

  const rulesFromPatterns = (
    patterns: readonly Pattern[],
    claims: Readonly<Record<string, unknown>>,
  ): RawRule[] => {
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
    const collector = new RuleCollector(any, claims);
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
    return collector.rules;
  };

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

  const policy: Policy = {
    keys: Object.freeze(entries.map((entry) => entry.key)),
    abilityFor(token) {
      if (typeof token !== 'object' || token === null) {
        throw new TypeError('abilityFor: token must be an object');
      }
      const scopeKey = scopeKeyOf(token.scopes);
      const claims = pickClaims(token.claims);
      const key = claimNames.length === 0 ? scopeKey : `${scopeKey}\u0000${JSON.stringify(claims)}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const ability: ScopeAbility = createMongoAbility(
        rulesFromPatterns(validPatterns(token.scopes), claims),
      );
      Object.freeze(ability);
      origins.set(ability, { policy, claims });
      cache.set(key, ability);
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
  // Probe every template with wildcard bindings now, so a rule that misuses a wildcard-bound variable
  // fails at build time (TypeError) rather than on a request.
  for (const segments of templates) {
    if (segments === undefined) continue;
    const probe = tryPattern(
      segments.map((segment) => ('variable' in segment ? '*' : segment.literal)).join(':'),
    );
    if (probe) rulesFromPatterns([probe], Object.freeze({}));
  }
  return Object.freeze(policy);
}
