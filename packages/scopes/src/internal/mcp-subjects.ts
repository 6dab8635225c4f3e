import type { ResolveResource, ResolveTool } from '../mcp-operation.js';
import { mcpSubject, type PolicySubject } from '../mcp-subject.js';

/** Fields an attribute can never set: the guard's own view of the subject wins. */
const RESERVED = new Set(['uri', 'name', 'uriTemplate', '__proto__', '__caslSubjectType__']);

function withAttributes(fields: Record<string, unknown>, attributes: unknown): void {
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return;
  for (const [key, value] of Object.entries(attributes)) {
    if (!RESERVED.has(key) && value !== undefined) fields[key] = value;
  }
}

/**
 * The `Resource` subject for a canonical `uri`: the URI, plus the `name`, `uriTemplate` and attributes
 * `resolve` gives for it. The same function builds the subject for `resources/read` and for a
 * `resources/list` entry, so listing and reading decide alike.
 */
export function resourceSubject(uri: string, resolve: ResolveResource | undefined): PolicySubject {
  const info: unknown = resolve?.(uri);
  const fields: Record<string, unknown> = {};
  if (typeof info === 'object' && info !== null) {
    const { name, uriTemplate, attributes } = info as Record<string, unknown>;
    withAttributes(fields, attributes);
    if (typeof name === 'string') fields.name = name;
    if (typeof uriTemplate === 'string') fields.uriTemplate = uriTemplate;
  }
  fields.uri = uri;
  return mcpSubject('Resource', fields);
}

/**
 * The `Resource` subject of a URI template (the `ref.uri` of a `completion/complete`): its
 * `uriTemplate`, plus the `name` `resolve` gives for the template string (a resolver that throws or
 * knows no such template leaves it out). Attributes are left out: a template is no record, so a rule
 * conditioned on an attribute does not grant it (a completion handler answers about records).
 */
export function templateSubject(
  uriTemplate: string,
  resolve: ResolveResource | undefined,
): PolicySubject {
  let info: unknown;
  try {
    info = resolve?.(uriTemplate);
  } catch {
    info = undefined;
  }
  const fields: Record<string, unknown> = {};
  if (typeof info === 'object' && info !== null) {
    const { name } = info as Record<string, unknown>;
    if (typeof name === 'string') fields.name = name;
  }
  fields.uriTemplate = uriTemplate;
  return mcpSubject('Resource', fields);
}

/** The `Tool` subject for `name`, with the attributes `resolve` gives for it. */
export function toolSubject(name: string, resolve: ResolveTool | undefined): PolicySubject {
  const info: unknown = resolve?.(name);
  const fields: Record<string, unknown> = {};
  if (typeof info === 'object' && info !== null) {
    withAttributes(fields, (info as Record<string, unknown>).attributes);
  }
  fields.name = name;
  return mcpSubject('Tool', fields);
}
