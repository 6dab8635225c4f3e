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

/** A condition field a rule reads, seen while probing a policy at build time. */
export interface ConditionField {
  subject: string | string[];
  field: string;
}

/**
 * Collects the CASL rules template instances define, into `rules`. A condition whose value is `any`
 * (the per-policy marker a wildcard segment binds a variable to), or `{ $eq: any }`, is removed, so
 * `mcp:tools:*` grants without the `name` condition. The marker anywhere else (inside a string, an
 * operator or a nested object) is a policy mistake (TypeError), never a silent grant.
 *
 * A condition value that is or holds `undefined` (a claim the token lacks) never matches, where CASL
 * would read it as "the field is absent" and match every subject without the field: a `can` rule with
 * one is dropped (it grants nothing), and a `cannot` rule loses that field's condition (it forbids
 * more, never less). Either way a missing claim never grants more.
 */
export class RuleCollector {
  readonly rules: RawRule[] = [];
  /** The condition fields rules read, when constructed with `recordFields` (build-time probe). */
  readonly fields: ConditionField[] | undefined;
  readonly #any: string;
  readonly #claims: Readonly<Record<string, unknown>>;
  readonly #can: DefineRule = this.#add(false);
  readonly #cannot: DefineRule = this.#add(true);
  readonly #isAny: (value: string) => boolean;

  constructor(any: string, claims: Readonly<Record<string, unknown>>, recordFields = false) {
    this.#any = any;
    this.#claims = claims;
    this.#isAny = (value) => value === any;
    this.fields = recordFields ? [] : undefined;
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
        if (this.fields !== undefined) this.#record(rule.subject, conditions);
        const stripped = strip(conditions as Record<string, unknown>, this.#any, inverted);
        // A grant that reads a missing value grants nothing: a rule the ability never sees.
        if (stripped === GRANTS_NOTHING) return new RuleReason(rule);
        if (stripped !== undefined) rule.conditions = stripped as MongoQuery;
      }
      if (inverted) rule.inverted = true;
      if (!isDuplicateUnconditional(rule, this.rules)) this.rules.push(rule);
      return new RuleReason(rule);
    };
  }

  #record(subject: string | string[], conditions: unknown): void {
    if (typeof conditions !== 'object' || conditions === null) return;
    for (const key of Object.keys(conditions)) {
      // `meta.tenant` reads the subject's `meta`; operators such as `$and` name no field.
      if (!key.startsWith('$')) this.fields?.push({ subject, field: key.split('.')[0] as string });
    }
  }
}

function copyNames(value: string | string[]): string | string[] {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value];
  throw new TypeError('definePolicy: actions and subjects must be strings or arrays of strings');
}

/** What {@link strip} returns for a `can` rule whose condition reads a missing value. */
const GRANTS_NOTHING = Symbol('grants nothing');

/**
 * The conditions without the `any` marker, or undefined when nothing constrains the rule. A value
 * that is or holds `undefined` makes a `can` rule grant nothing (`GRANTS_NOTHING`) and is left out of
 * a `cannot` rule.
 */
function strip(
  conditions: Record<string, unknown>,
  any: string,
  inverted: boolean,
): Record<string, unknown> | undefined | typeof GRANTS_NOTHING {
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
    if (typeof value !== 'string' && holdsUndefined(value, 0)) {
      if (!inverted) return GRANTS_NOTHING;
      continue;
    }
    out[key] = value;
    kept++;
  }
  return kept === 0 ? undefined : out;
}

/** Whether a condition value is, or holds at any depth, `undefined` (a claim the token lacks). */
function holdsUndefined(value: unknown, depth: number): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (depth > 16) return true;
  return Object.values(value).some((item) => holdsUndefined(item, depth + 1));
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
    sameNames(last.action, rule.action) &&
    sameNames(last.subject, rule.subject) &&
    last.inverted === rule.inverted &&
    last.reason === undefined
  );
}

function sameNames(a: string | string[] | undefined, b: string | string[] | undefined): boolean {
  if (typeof a === 'string' || typeof b === 'string' || a === undefined || b === undefined) {
    return a === b;
  }
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
