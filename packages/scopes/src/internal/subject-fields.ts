import type { ConditionField } from './rule-collector.js';

/**
 * The fields the MCP mapping puts on the subjects it builds: a condition on any other field of these
 * types can only match through attributes a resolver adds (declared in `attributes`).
 */
export const BUILT_IN_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Tool: Object.freeze(['name']),
  Prompt: Object.freeze(['name']),
  Resource: Object.freeze(['uri', 'name', 'uriTemplate']),
  Workflow: Object.freeze(['name']),
});

/**
 * Throws TypeError for a condition on a field no subject of that type can have: not built in for an
 * MCP subject type and not declared in `attributes`. Subject types that are neither built in nor
 * declared are the caller's own and are not checked.
 */
export function checkConditionFields(
  fields: readonly ConditionField[],
  attributes: Readonly<Record<string, readonly string[]>>,
): void {
  for (const { subject, field } of fields) {
    for (const type of typeof subject === 'string' ? [subject] : subject) {
      const builtIn = Object.hasOwn(BUILT_IN_FIELDS, type) ? BUILT_IN_FIELDS[type] : undefined;
      const declared = Object.hasOwn(attributes, type) ? attributes[type] : undefined;
      if (builtIn === undefined && declared === undefined) continue;
      if (builtIn?.includes(field) || declared?.includes(field)) continue;
      throw new TypeError(
        `definePolicy: a condition on ${type}.${field}, a field no ${type} subject has; declare it with definePolicy({ attributes: { ${type}: ['${field}'] } }) and supply it (resolveResource / resolveTool)`,
      );
    }
  }
}

/** The `attributes` option of `definePolicy`, checked and frozen, or TypeError. */
export function checkAttributes(value: unknown): Readonly<Record<string, readonly string[]>> {
  const problem = 'definePolicy: attributes must map subject types to arrays of field names';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(problem);
  }
  const out: Record<string, readonly string[]> = {};
  for (const [type, fields] of Object.entries(value)) {
    if (
      !Array.isArray(fields) ||
      !fields.every((field) => typeof field === 'string' && /^[^.$]+$/.test(field))
    ) {
      throw new TypeError(problem);
    }
    out[type] = Object.freeze([...fields]);
  }
  return Object.freeze(out);
}
