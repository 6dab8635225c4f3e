import type { MongoQuery, RawRuleFrom } from '@casl/ability';
import type { DefineRule, PolicyRule, RuleHelpers } from '../define-policy.js';

/** A CASL raw rule as a policy produces it (what `policy.rulesFor(token)` returns). */
export type PolicyRawRule = RawRuleFrom<[string, string], MongoQuery>;
export type RawRule = PolicyRawRule;

class RuleReason implements PolicyRule {
  readonly #rule: RawRule;
  constructor(rule: RawRule) {
    this.#rule = rule;
  }
  because(reason: string): PolicyRule {
    this.#rule.reason = String(reason);
    return this;
  }
}

/**
 * Collects the CASL rules template instances define, into `rules`. A condition whose value is `any`
 * (the per-policy marker a wildcard segment binds a variable to), or `{ $eq: any }`, is removed, so
 * `mcp:tools:*` grants without the `name` condition. The marker anywhere else (inside a string, an
 * operator or a nested object) is a policy mistake (TypeError), never a silent grant.
 */
export class RuleCollector {
  readonly rules: RawRule[] = [];
  readonly #any: string;
  readonly #claims: Readonly<Record<string, unknown>>;
  readonly #can: DefineRule = this.#add(false);
  readonly #cannot: DefineRule = this.#add(true);
  readonly #isAny: (value: string) => boolean;

  constructor(any: string, claims: Readonly<Record<string, unknown>>) {
    this.#any = any;
    this.#claims = claims;
    this.#isAny = (value) => value === any;
  }

  /** Runs one definition, with `scope` as the granted scope it came from, on fresh helpers. */
  run(scope: string | undefined, define: (helpers: RuleHelpers) => void): void {
    define({
      can: this.#can,
      cannot: this.#cannot,
      claims: this.#claims,
      scope,
      isAny: this.#isAny,
    });
  }

  #add(inverted: boolean): DefineRule {
    return (action, subject, conditions) => {
      const rule: RawRule = { action: copyNames(action), subject: copyNames(subject) };
      if (conditions !== undefined) {
        const stripped = strip(conditions as Record<string, unknown>, this.#any);
        if (stripped !== undefined) rule.conditions = stripped as MongoQuery;
      }
      if (inverted) rule.inverted = true;
      if (!isDuplicateUnconditional(rule, this.rules)) this.rules.push(rule);
      return new RuleReason(rule);
    };
  }
}

function copyNames(value: string | string[]): string | string[] {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value];
  throw new TypeError('definePolicy: actions and subjects must be strings or arrays of strings');
}

/** The conditions without the `any` marker, or undefined when nothing constrains the rule. */
function strip(
  conditions: Record<string, unknown>,
  any: string,
): Record<string, unknown> | undefined {
  if (typeof conditions !== 'object' || conditions === null || Array.isArray(conditions)) {
    throw new TypeError('definePolicy: conditions must be an object');
  }
  const out: Record<string, unknown> = {};
  let kept = 0;
  for (const key of Object.keys(conditions)) {
    const value = conditions[key];
    if (value === any || isEqAny(value, any)) continue;
    if (typeof value === 'string' ? value.includes(any) : contains(value, any, 0)) {
      throw new TypeError(
        'definePolicy: a wildcard-bound variable may only be a whole condition value',
      );
    }
    out[key] = value;
    kept++;
  }
  return kept === 0 ? undefined : out;
}

function isEqAny(value: unknown, any: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $eq?: unknown }).$eq === any &&
    Object.keys(value).length === 1
  );
}

function contains(value: unknown, any: string, depth: number): boolean {
  if (value === any) return true;
  if (typeof value === 'string') return value.includes(any);
  if (typeof value !== 'object' || value === null || depth > 16) return false;
  return Object.values(value).some((item) => contains(item, any, depth + 1));
}

/** An unconditional rule just added (as from `mcp:resources:*`, which binds two conditions away). */
function isDuplicateUnconditional(rule: RawRule, rules: readonly RawRule[]): boolean {
  if (rule.conditions !== undefined) return false;
  const last = rules[rules.length - 1];
  return (
    last !== undefined &&
    last.conditions === undefined &&
    typeof rule.action === 'string' &&
    typeof rule.subject === 'string' &&
    last.action === rule.action &&
    last.subject === rule.subject &&
    last.inverted === rule.inverted &&
    last.reason === undefined
  );
}
