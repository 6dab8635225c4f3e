import { subject as setSubjectType } from '@casl/ability';

/** The subject types of the default MCP policy. */
export type McpSubjectType = 'Tool' | 'Resource' | 'Prompt' | 'Workflow';

/** A CASL subject: a plain object tagged with its subject type. */
export type PolicySubject = Record<string, unknown> & {
  /** The subject type CASL matches rules on (`Tool`, `Resource`, …). */
  readonly __caslSubjectType__: string;
};

/**
 * A CASL subject for a policy check: a fresh object holding `fields`, tagged with `type`.
 *
 * @example
 * ```ts
 * import { mcpSubject } from '@gatehouse/scopes';
 *
 * ability.can('call', mcpSubject('Tool', { name: 'weather' }));
 * ability.can('read', mcpSubject('Resource', { uri: 'file:///docs/a.md', name: 'docs' }));
 * ```
 */
export function mcpSubject(
  type: McpSubjectType | (string & {}),
  fields: Readonly<Record<string, unknown>> = {},
): PolicySubject {
  if (typeof type !== 'string' || type.length === 0) {
    throw new TypeError('mcpSubject: type must be a non-empty string');
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key !== '__proto__' && key !== '__caslSubjectType__') copy[key] = value;
  }
  return setSubjectType(type, copy) as PolicySubject;
}
