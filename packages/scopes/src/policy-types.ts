import type { MongoAbility } from '@casl/ability';
import type { RawRule } from './internal/rule-collector.js';
import type { PolicySubject } from './mcp-subject.js';

/** The CASL ability a policy compiles a token into. */
export type ScopeAbility = MongoAbility;

/** What `abilityFor` reads from a verified token. */
export interface PolicyToken {
  /** The granted scopes; malformed entries grant nothing. */
  scopes: readonly string[];
  /** The token's claims; only those named in `definePolicy({ claims })` are read. */
  claims?: Readonly<Record<string, unknown>> | undefined;
}

/** A compiled scope policy. Made by `definePolicy().build()`. */
export interface Policy {
  /** The scope templates and always-rule names, in order. */
  readonly keys: readonly string[];
  /**
   * The CASL ability for a token. Memoized per set of valid scopes (order-insensitive) and the values
   * of the declared claims, in a bounded LRU; the ability is frozen, so a caller cannot change it for
   * the next request. Scopes that are not valid patterns grant nothing.
   */
  abilityFor(token: PolicyToken): ScopeAbility;
  /** The raw CASL rules for a token, uncached (for inspection, or to ship to a client with `packRules`). */
  rulesFor(token: PolicyToken): RawRule[];
  /**
   * The most specific scope that would permit `action` on `subject` (one concrete scope when a template
   * can name the subject, else a wildcard one), as a one-element list; empty when no scope permits it
   * (for example a `cannot` rule forbids it for everyone).
   */
  requiredScopesFor(
    action: string,
    subject: PolicySubject | string,
    context?: { claims?: Readonly<Record<string, unknown>> },
  ): string[];
  /** Throws `ERR_SCOPE_DENIED` (wrapping CASL's `ForbiddenError`) unless `ability` permits the action. */
  enforce(ability: ScopeAbility, action: string, subject: PolicySubject | string): void;
}
