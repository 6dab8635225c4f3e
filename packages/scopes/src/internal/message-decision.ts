import { createMongoAbility, detectSubjectType } from '@casl/ability';
import type { McpOperation } from '../mcp-operation.js';
import type { AbilityOrigin } from './ability-origin.js';

/** How one JSON-RPC message of a request was decided. */
export interface McpMessageDecision {
  /** The JSON-RPC method; undefined for a response the client sends back. */
  method: string | undefined;
  /** The message's id; undefined for a notification. */
  id: string | number | null | undefined;
  /** The permission checks the message needed (empty for open methods and responses). */
  operations: McpOperation[];
  /** Whether the message was decided by a check (false for open methods and responses). */
  checked: boolean;
  /** Whether the message, on its own, is permitted. */
  allowed: boolean;
  /** Whether some scopes would permit it (false for a denied method, a `cannot` rule, …). */
  fixable: boolean;
  /** The scopes the message needs beyond the token's, most specific first; empty when allowed or unfixable. */
  requiredScopes: string[];
}

/**
 * The scopes that would permit a denied operation (empty when none would, or when the ability does not
 * come from a policy), worked out once per distinct operation of a request.
 */
export function requiredFor(
  origin: AbilityOrigin | undefined,
  { action, subject }: McpOperation,
  asked: Map<string, readonly string[]>,
): readonly string[] {
  if (origin === undefined) return [];
  const key = operationKey(action, subject);
  const known = key === undefined ? undefined : asked.get(key);
  if (known !== undefined) return known;
  const scopes = origin.policy.requiredScopesFor(action, subject, origin);
  if (key !== undefined) asked.set(key, scopes);
  return scopes;
}

/** A key for repeated identical operations, or undefined when the subject cannot be serialised. */
function operationKey(action: string, subject: McpOperation['subject']): string | undefined {
  try {
    return JSON.stringify([action, detectSubjectType(subject), subject]);
  } catch {
    return undefined;
  }
}

/** Most scopes a challenge is minimised over (each costs one uncached compile, on denials only). */
const MAX_MINIMISED = 16;

/**
 * `required` (scopes that each permit some denied operation) without those the others make
 * unnecessary: in order, a scope is dropped when the token's scopes plus the remaining ones permit
 * every operation in `denied`. A `tools/call` with a per-tool rule then asks for
 * `mcp:exec:workflows:deploy` alone when that scope also grants `call` on the tool, not for
 * `mcp:tools:run_workflow` as well. Left as it is past {@link MAX_MINIMISED} scopes.
 */
export function minimalScopes(
  origin: AbilityOrigin | undefined,
  required: readonly string[],
  denied: readonly McpOperation[],
): string[] {
  let kept = [...required];
  if (origin === undefined || kept.length < 2 || kept.length > MAX_MINIMISED) return kept;
  for (const scope of required) {
    const rest = kept.filter((value) => value !== scope);
    const rules = origin.policy.rulesFor({
      scopes: [...origin.scopes, ...rest],
      claims: origin.claims,
    });
    const ability = createMongoAbility(rules);
    if (denied.every(({ action, subject }) => ability.can(action, subject))) kept = rest;
  }
  return kept;
}
