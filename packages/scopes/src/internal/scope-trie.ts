import { type Pattern, WILDCARD } from './pattern.js';

/**
 * A trie of wildcard patterns keyed by segment. Every node is reached by one path from the root, so a
 * match visits each node at most once: the cost is bounded by the size of the trie, never exponential.
 */
export interface TrieNode {
  children: Map<string, TrieNode> | undefined;
  star: TrieNode | undefined;
  /** A pattern ends exactly here. */
  end: boolean;
  /** A pattern continues here with a trailing wildcard: one or more further segments match. */
  tail: boolean;
}

export function createNode(): TrieNode {
  return { children: undefined, star: undefined, end: false, tail: false };
}

export function insertPattern(root: TrieNode, pattern: Pattern): void {
  const { segments, trailing } = pattern;
  const last = segments.length - 1;
  let node = root;
  for (let index = 0; index <= last; index++) {
    const segment = segments[index] as string;
    if (trailing && index === last) {
      node.tail = true;
      return;
    }
    if (segment === WILDCARD) {
      node.star ??= createNode();
      node = node.star;
    } else {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (child === undefined) {
        child = createNode();
        node.children.set(segment, child);
      }
      node = child;
    }
  }
  node.end = true;
}

/** Whether a pattern in the trie matches the concrete scope made of `segments`. */
export function matchConcrete(node: TrieNode, segments: readonly string[], index: number): boolean {
  if (index === segments.length) return node.end;
  if (node.tail) return true;
  const child = node.children?.get(segments[index] as string);
  if (child !== undefined && matchConcrete(child, segments, index + 1)) return true;
  return node.star !== undefined && matchConcrete(node.star, segments, index + 1);
}
