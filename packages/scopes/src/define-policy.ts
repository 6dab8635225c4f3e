import type { MongoQuery } from '@casl/ability';
import { resolveOptions } from '@gatehouse/errors';
import { checkAttributes } from './internal/subject-fields.js';
import { parseTemplate } from './internal/template.js';
import { MCP_DEFAULT_RULES } from './mcp-defaults.js';
import { compilePolicy } from './policy.js';
import type { Policy } from './policy-types.js';

/** What `can` / `cannot` return: attach a human-readable reason (shown in `ERR_SCOPE_DENIED`). */
export interface PolicyRule {
  /** Sets the rule's reason, the description of the `ERR_SCOPE_DENIED` a `cannot` rule causes. */
  because(reason: string): PolicyRule;
}

/** Adds a CASL rule: `can('call', 'Tool', { name })`. Conditions are a CASL (MongoDB-style) query. */
export type DefineRule = (
  action: string | string[],
  subject: string | string[],
  conditions?: MongoQuery,
) => PolicyRule;

/** What a rule definition receives besides its template variables. */
export interface RuleHelpers {
  /** Adds a permission. */
  can: DefineRule;
  /** Adds a prohibition (it wins over permissions when its conditions match). */
  cannot: DefineRule;
  /** The token's claims, limited to the names in the `claims` option of {@link definePolicy}. */
  claims: Readonly<Record<string, unknown>>;
  /** The granted scope that matched the template (undefined for `always` rules). */
  readonly scope: string | undefined;
  /** Whether a variable was bound by a wildcard segment (it then matches every value). */
  isAny(value: string): boolean;
}

/** The variable names of a scope template: `TemplateVariables<'mcp:tools:{tool}'>` is `'tool'`. */
export type TemplateVariables<T extends string> = T extends `${string}{${infer V}}${infer Rest}`
  ? V | TemplateVariables<Rest>
  : never;

/** Defines the rules one granted instance of a scope template adds. */
export type ScopeRuleDefinition<T extends string> = (
  variables: Readonly<Record<TemplateVariables<T>, string>>,
  helpers: RuleHelpers,
) => void;

/** Defines rules added for every token, after the scope rules (so a `cannot` here wins). */
export type AlwaysRuleDefinition = (helpers: RuleHelpers) => void;

/** Options of {@link definePolicy}. */
export interface DefinePolicyOptions {
  /** Start from the default MCP templates (tools, resources, prompts, workflows). Default true. */
  mcpDefaults?: boolean;
  /**
   * The claim names rules may read; only these reach rules and the memoization key. Default none. A
   * claim whose value holds an object key starting with `$` (a MongoDB query operator, such as
   * `{ "$ne": "acme" }`) is left out, as if the token did not carry it, so a claim placed in a
   * condition is always compared as a value, never run as an operator.
   */
  claims?: readonly string[];
  /**
   * The attributes subjects carry beyond their built-in fields, by subject type, for conditions to
   * read: `{ Resource: ['tenant'] }` when `resolveResource` returns `attributes: { tenant }`. The
   * built-in fields are `name` (Tool, Prompt, Workflow) and `uri`, `name`, `uriTemplate` (Resource).
   * `build()` throws TypeError for a condition on a field that is neither, for those types and every
   * type listed here; other subject types (your own, such as `Report`) are not checked. Default none.
   */
  attributes?: Readonly<Record<string, readonly string[]>>;
  /** Most abilities kept by `abilityFor`'s memo (least recently used evicted). 0 disables. Default 1000. */
  cacheSize?: number;
}

/**
 * One entry of a policy under construction. A scope entry with `narrows` (the MCP defaults
 * `mcp:resources:{resource}:read` and `:subscribe`) grants the `narrows.actions` rules of the
 * `narrows.template` entry as the policy defines it at `build()`, so replacing
 * `mcp:resources:{resource}` changes them too; `define` is used when that entry was removed.
 */
export type PolicyEntry =
  | {
      /** A scope template. */
      kind: 'scope';
      /** The template, such as `mcp:tools:{tool}`. */
      key: string;
      /** The rules one granted instance adds. */
      define: ScopeRuleDefinition<string>;
      /** Grant only `actions` of `template`'s rules, as the policy defines it at `build()`. */
      narrows?: {
        /** The template whose rules are narrowed. */
        template: string;
        /** The actions kept. */
        actions: readonly string[];
      };
    }
  | {
      /** A rule for every token. */
      kind: 'always';
      /** Its name. */
      key: string;
      /** The rules it adds. */
      define: AlwaysRuleDefinition;
    };

/** Builds a {@link Policy}: add, replace and remove scope templates and always-rules, then `build()`. */
export interface PolicyBuilder {
  /** Adds a scope template; TypeError if it (or an always-rule of that name) already exists. */
  rule<T extends string>(template: T, define: ScopeRuleDefinition<T>): PolicyBuilder;
  /** Replaces an existing scope template's definition; TypeError if it does not exist. */
  replace<T extends string>(template: T, define: ScopeRuleDefinition<T>): PolicyBuilder;
  /** Adds a named rule applied to every token after the scope rules (for `cannot` with a reason). */
  always(name: string, define: AlwaysRuleDefinition): PolicyBuilder;
  /** Removes a scope template or an always-rule by its key; TypeError if it does not exist. */
  remove(key: string): PolicyBuilder;
  /** The keys defined so far, in order. */
  keys(): string[];
  /** Compiles the policy. The builder can keep changing afterwards without affecting it. */
  build(): Policy;
}

/**
 * Starts a scope policy: scope templates mapped to CASL permissions. A template's `{variable}`
 * segments bind to the granted scope's segments; a wildcard segment binds "any value", and a condition
 * set to it is dropped, so `mcp:tools:*` becomes `can('call', 'Tool')`. Starts from the MCP defaults
 * unless `mcpDefaults: false`.
 *
 * A condition that reads a claim the token lacks never matches: such a `can` rule grants nothing, and
 * such a `cannot` rule forbids regardless of that field. A claim that is `null`, holds `null` or holds
 * a `$` key counts as missing.
 *
 * @example
 * ```ts
 * import { definePolicy } from '@gatehouse/scopes';
 *
 * const policy = definePolicy({ claims: ['tenant'], attributes: { Report: ['tenant'] } })
 *   .rule('mcp:reports:{report}', ({ report }, { can, claims }) =>
 *     can('read', 'Report', { name: report, tenant: claims.tenant }),
 *   )
 *   .always('no-shell', ({ cannot }) => {
 *     cannot('call', 'Tool', { name: 'shell' }).because('the shell tool is disabled');
 *   })
 *   .build();
 * const ability = policy.abilityFor({ scopes: ['mcp:tools:*'], claims: { tenant: 'acme' } });
 * ```
 */
export function definePolicy(options: DefinePolicyOptions = {}): PolicyBuilder {
  const resolved = resolveOptions<DefinePolicyOptions>('definePolicy', options, {
    defaults: { mcpDefaults: true, claims: [], cacheSize: 1000, attributes: {} },
  });
  const claims = resolved.claims ?? [];
  if (!Array.isArray(claims) || !claims.every((name) => typeof name === 'string')) {
    throw new TypeError('definePolicy: claims must be an array of claim names');
  }
  const attributes = checkAttributes(resolved.attributes ?? {});
  const cacheSize = resolved.cacheSize ?? 1000;
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) {
    throw new TypeError('definePolicy: cacheSize must be a non-negative integer');
  }
  const entries = new Map<string, PolicyEntry>();
  if (resolved.mcpDefaults !== false) {
    for (const [template, define, narrows] of MCP_DEFAULT_RULES) {
      entries.set(template, {
        kind: 'scope',
        key: template,
        define,
        ...(narrows ? { narrows } : {}),
      });
    }
  }
  const checkDefine = (define: unknown): void => {
    if (typeof define !== 'function')
      throw new TypeError('definePolicy: define must be a function');
  };
  const setScopeRule = (template: string, define: unknown): void => {
    entries.set(template, {
      kind: 'scope',
      key: template,
      define: define as ScopeRuleDefinition<string>,
    });
  };
  const builder: PolicyBuilder = {
    rule(template, define) {
      parseTemplate(template);
      checkDefine(define);
      if (entries.has(template)) throw new TypeError(`definePolicy: "${template}" already exists`);
      setScopeRule(template, define);
      return builder;
    },
    replace(template, define) {
      checkDefine(define);
      if (entries.get(template)?.kind !== 'scope') {
        throw new TypeError(`definePolicy: no scope template "${template}" to replace`);
      }
      setScopeRule(template, define);
      return builder;
    },
    always(name, define) {
      checkDefine(define);
      if (typeof name !== 'string' || name.length === 0) {
        throw new TypeError('definePolicy: an always-rule needs a name');
      }
      if (entries.has(name)) throw new TypeError(`definePolicy: "${name}" already exists`);
      entries.set(name, { kind: 'always', key: name, define });
      return builder;
    },
    remove(key) {
      if (!entries.delete(key)) throw new TypeError(`definePolicy: no rule "${key}" to remove`);
      return builder;
    },
    keys: () => [...entries.keys()],
    build: () =>
      compilePolicy([...entries.values()], { claims: [...claims], cacheSize, attributes }),
  };
  return builder;
}
