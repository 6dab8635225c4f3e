import type { DefineRule, PolicyEntry, PolicyRule, ScopeRuleDefinition } from '../define-policy.js';

const IGNORED: PolicyRule = Object.freeze({ because: () => IGNORED });

/** `define`, keeping only the rules for `actions` (`manage` stands for all of them). */
function narrowed(
  define: ScopeRuleDefinition<string>,
  actions: readonly string[],
): ScopeRuleDefinition<string> {
  const only =
    (add: DefineRule): DefineRule =>
    (action, subject, conditions) => {
      const asked = typeof action === 'string' ? [action] : action;
      if (!Array.isArray(asked)) return add(action, subject, conditions); // add() reports it
      const kept = actions.filter((name) => asked.includes(name) || asked.includes('manage'));
      if (kept.length === 0) return IGNORED;
      return add(kept.length === 1 ? (kept[0] as string) : kept, subject, conditions);
    };
  return (variables, helpers) =>
    define(variables, { ...helpers, can: only(helpers.can), cannot: only(helpers.cannot) });
}

/**
 * The entries with every `narrows` entry resolved: it grants the given actions of the named template
 * as this policy defines it, or its own definition when that template is no longer in the policy.
 */
export function resolveNarrowing(entries: readonly PolicyEntry[]): PolicyEntry[] {
  return entries.map((entry) => {
    if (entry.kind !== 'scope' || entry.narrows === undefined) return entry;
    const { template, actions } = entry.narrows;
    const base = entries.find((other) => other.kind === 'scope' && other.key === template);
    if (base === undefined || base.kind !== 'scope') return entry;
    return { kind: 'scope', key: entry.key, define: narrowed(base.define, actions) };
  });
}
