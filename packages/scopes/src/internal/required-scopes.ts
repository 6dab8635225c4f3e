import { createMongoAbility, detectSubjectType } from '@casl/ability';
import type { PolicySubject } from '../mcp-subject.js';
import type { CompiledPolicyInternals } from '../policy.js';
import { patternProblem, tryPattern, WILDCARD } from './pattern.js';
import { RuleCollector } from './rule-collector.js';
import type { TemplateSegment } from './template.js';

const MAX_CANDIDATES = 8;
const MAX_VARIABLES = 3;
/** Most bindings tried per template (the all-wildcard one is always among them). */
const MAX_BINDINGS = 32;

/**
 * The most specific scope that would permit `action` on `subject`: for each template that can grant
 * the action on the subject type, try bindings of its variables to the subject's field values (fewest
 * wildcards first) and keep the first scope whose real ability permits it. Among templates, the one
 * with the fewest wildcards wins, then policy order. Bounded: a few candidate values and variables.
 */
export function requiredScopes(
  internals: CompiledPolicyInternals,
  action: string,
  subject: PolicySubject | string,
  claims: Readonly<Record<string, unknown>>,
): string[] {
  const type = typeof subject === 'string' ? subject : detectSubjectType(subject);
  const candidates = candidateValues(subject);
  let best: { scope: string; wildcards: number } | undefined;
  for (const index of grantingTemplates(internals, action, type, claims)) {
    const segments = internals.templates[index] as readonly TemplateSegment[];
    if (best !== undefined && best.wildcards === 0) break;
    const variables = segments.filter((segment) => 'variable' in segment).length;
    for (const binding of bindings(variables, candidates)) {
      const wildcards = binding.filter((value) => value === undefined).length;
      if (best !== undefined && wildcards >= best.wildcards) break;
      const scope = instantiate(segments, binding);
      const pattern = tryPattern(scope);
      if (pattern === undefined) continue;
      const ability = createMongoAbility(internals.rulesFromPatterns([pattern], claims));
      if (ability.can(action, subject)) {
        best = { scope, wildcards };
        break;
      }
    }
  }
  return best === undefined ? [] : [best.scope];
}

/** The templates that may grant `action` on `type` for these claims, cached per policy. */
function grantingTemplates(
  internals: CompiledPolicyInternals,
  action: string,
  type: string,
  claims: Readonly<Record<string, unknown>>,
): readonly number[] {
  const key = JSON.stringify([action, type, claims]);
  const cached = internals.granting.get(key);
  if (cached !== undefined) return cached;
  const found: number[] = [];
  internals.templates.forEach((segments, index) => {
    if (segments !== undefined && mayGrant(internals, index, segments, action, type, claims)) {
      found.push(index);
    }
  });
  internals.granting.set(key, found);
  return found;
}

function candidateValues(subject: PolicySubject | string): string[] {
  if (typeof subject === 'string') return [];
  const values = new Set<string>();
  for (const value of Object.values(subject)) {
    if (values.size >= MAX_CANDIDATES) break;
    if (typeof value === 'string' && isSegment(value)) values.add(value);
  }
  return [...values];
}

function isSegment(value: string): boolean {
  return value !== WILDCARD && !value.includes(':') && patternProblem(value) === undefined;
}

/** Every binding of `count` variables to candidates or a wildcard (undefined), fewest wildcards first. */
function bindings(count: number, candidates: readonly string[]): (string | undefined)[][] {
  if (count > MAX_VARIABLES) return [Array.from({ length: count }, () => undefined)];
  let all: (string | undefined)[][] = [[]];
  for (let index = 0; index < count; index++) {
    all = all.flatMap((prefix) => [...candidates, undefined].map((value) => [...prefix, value]));
  }
  const wildcards = (binding: (string | undefined)[]) =>
    binding.filter((value) => value === undefined).length;
  all.sort((a, b) => wildcards(a) - wildcards(b));
  if (all.length <= MAX_BINDINGS) return all;
  return [...all.slice(0, MAX_BINDINGS - 1), all[all.length - 1] as (string | undefined)[]];
}

function instantiate(
  segments: readonly TemplateSegment[],
  binding: (string | undefined)[],
): string {
  let next = 0;
  return segments
    .map((segment) => ('variable' in segment ? (binding[next++] ?? WILDCARD) : segment.literal))
    .join(':');
}

/** Whether the template, bound to wildcards, adds any permission for this action and subject type. */
function mayGrant(
  internals: CompiledPolicyInternals,
  index: number,
  segments: readonly TemplateSegment[],
  action: string,
  type: string,
  claims: Readonly<Record<string, unknown>>,
): boolean {
  const entry = internals.entries[index];
  if (entry?.kind !== 'scope') return false;
  const variables: Record<string, string> = {};
  for (const segment of segments) {
    if ('variable' in segment) variables[segment.variable] = internals.any;
  }
  const collector = new RuleCollector(internals.any, claims);
  collector.run(entry.key, (helpers) => entry.define(variables, helpers));
  return collector.rules.some(
    (rule) =>
      !rule.inverted &&
      includes(rule.action, action, 'manage') &&
      includes(rule.subject, type, 'all'),
  );
}

function includes(value: string | string[] | undefined, wanted: string, any: string): boolean {
  const list = Array.isArray(value) ? value : [value];
  return list.includes(wanted) || list.includes(any);
}
