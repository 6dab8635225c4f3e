import type { Pattern } from './pattern.js';
import { WILDCARD } from './pattern.js';

/** One segment of a scope template such as `mcp:tools:{tool}`: literal text or a variable. */
export type TemplateSegment = { readonly literal: string } | { readonly variable: string };

const VARIABLE = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const LITERAL = /^[\x21\x23-\x29\x2b-\x39\x3b-\x5b\x5d-\x7a\x7c\x7e]+$/;

/**
 * Parses a scope template: `:`-separated segments, each a literal (scope-token characters without
 * `*`, `{` or `}`) or a variable `{name}` standing for exactly one segment. The first segment is literal.
 * Caller mistakes throw TypeError.
 */
export function parseTemplate(text: unknown): TemplateSegment[] {
  if (typeof text !== 'string' || text.length === 0) {
    throw new TypeError('definePolicy: a scope template must be a non-empty string');
  }
  const names = new Set<string>();
  return text.split(':').map((segment, index) => {
    const variable = VARIABLE.exec(segment)?.[1];
    if (variable !== undefined && index > 0) {
      if (names.has(variable)) {
        throw new TypeError(`definePolicy: template "${text}" repeats {${variable}}`);
      }
      names.add(variable);
      return { variable };
    }
    if (!LITERAL.test(segment)) {
      throw new TypeError(
        `definePolicy: template "${text}" has an invalid segment "${segment}" (literal scope characters without * { }, or {name} after the first segment)`,
      );
    }
    return { literal: segment };
  });
}

/** A trie of templates by segment; `variable` is the child for any `{name}` segment. */
export interface TemplateNode {
  literals: Map<string, TemplateNode>;
  variable: TemplateNode | undefined;
  /** Indexes of the templates that end here. */
  ends: number[];
}

export function createTemplateNode(): TemplateNode {
  return { literals: new Map(), variable: undefined, ends: [] };
}

export function insertTemplate(
  root: TemplateNode,
  segments: readonly TemplateSegment[],
  index: number,
): void {
  let node = root;
  for (const segment of segments) {
    if ('variable' in segment) {
      node.variable ??= createTemplateNode();
      node = node.variable;
    } else {
      let child = node.literals.get(segment.literal);
      if (child === undefined) {
        child = createTemplateNode();
        node.literals.set(segment.literal, child);
      }
      node = child;
    }
  }
  node.ends.push(index);
}

/** A template instance a granted pattern covers: the template index and its segment values. */
export interface TemplateMatch {
  template: number;
  /** One value per segment: the concrete segment, or `any` where every value is covered. */
  values: readonly string[];
}

/**
 * Every template instance whose scopes `granted` covers. A literal granted segment binds a variable
 * to itself; a `*` segment binds it to `any` (every value); under a trailing wildcard, every deeper
 * template is covered (at least one segment past the fixed prefix). Visits each trie node at most once
 * per path, bounded by the trie size.
 */
export function matchTemplates(
  root: TemplateNode,
  granted: Pattern,
  any: string,
  out: TemplateMatch[],
): void {
  walk(root, 0, granted, any, [], out);
}

function walk(
  node: TemplateNode,
  depth: number,
  granted: Pattern,
  any: string,
  values: string[],
  out: TemplateMatch[],
): void {
  const { segments, trailing } = granted;
  if (trailing && depth === segments.length - 1) {
    collectBelow(node, depth, any, values, out, false);
    return;
  }
  if (depth === segments.length) {
    for (const template of node.ends) out.push({ template, values: values.slice() });
    return;
  }
  const segment = segments[depth] as string;
  if (segment === WILDCARD) {
    for (const [literal, child] of node.literals) {
      values.push(literal);
      walk(child, depth + 1, granted, any, values, out);
      values.pop();
    }
    if (node.variable) {
      values.push(any);
      walk(node.variable, depth + 1, granted, any, values, out);
      values.pop();
    }
    return;
  }
  const child = node.literals.get(segment);
  if (child) {
    values.push(segment);
    walk(child, depth + 1, granted, any, values, out);
    values.pop();
  }
  if (node.variable) {
    values.push(segment);
    walk(node.variable, depth + 1, granted, any, values, out);
    values.pop();
  }
}

function collectBelow(
  node: TemplateNode,
  depth: number,
  any: string,
  values: string[],
  out: TemplateMatch[],
  emitHere: boolean,
): void {
  if (emitHere) for (const template of node.ends) out.push({ template, values: values.slice() });
  for (const [literal, child] of node.literals) {
    values.push(literal);
    collectBelow(child, depth + 1, any, values, out, true);
    values.pop();
  }
  if (node.variable) {
    values.push(any);
    collectBelow(node.variable, depth + 1, any, values, out, true);
    values.pop();
  }
}
